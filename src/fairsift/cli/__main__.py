from fairsift.cli import main

main()
