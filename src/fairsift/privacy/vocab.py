"""Small hand-kept vocabularies: words that are never a person's name or home town in a resume.

The big lists (names, places, common words) are data files; these are the words whose mistakes
cost most: skills that look like names or places, section headings, job titles.
"""

from __future__ import annotations

__all__ = ["HEADINGS", "LANGUAGES", "NAME_PARTICLES", "NOT_NAME_WORDS", "SKILL_GUARD"]


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in text.split())


# Skills and tools that are also given names, surnames or places. Lower case.
SKILL_GUARD = _words(
    """
    flask spring ruby julia swift go golang rust jersey express django jenkins chef puppet pandas
    dart kotlin scala java javascript python perl php oracle salesforce android apache hive pig
    spark storm camel ansible maven gradle ant selenium cucumber jasmine karma mocha jest chai
    elixir crystal pascal ada delphi tableau looker excel word access outlook teams sharepoint
    azure heroku netlify linux ubuntu debian fedora alpine centos redhat windows unity unreal
    blender maya houdini nuke figma sketch jira confluence bamboo kafka flink beam airflow luigi
    dagster prefect celery redis mongo mongodb cassandra couchbase hadoop sqoop oozie zookeeper
    kibana logstash grafana prometheus nagios zabbix splunk terraform vagrant packer consul vault
    nomad istio envoy helm docker kubernetes sinatra rails laravel symfony phoenix vue react
    angular ember backbone svelte next nuxt gatsby hugo jekyll bootstrap tailwind sass less
    webpack babel gulp grunt jade pug dash shiny streamlit bokeh seaborn matplotlib keras caffe
    theano torch chainer sage octave stata sas spss minitab alteryx talend informatica pentaho
    cognos qlik domo sisense hana abap siebel peoplesoft workday taleo kronos tally busy
    cocoa xcode flutter ionic cordova xamarin electron qt boost godot phaser babylon nim zig
    haskell erlang elm clojure lisp scheme racket prolog fortran cobol lua groovy grails play
    akka quarkus micronaut helidon struts hibernate tomcat jetty weblogic websphere jboss wildfly
    glassfish nginx caddy varnish squid dynamics navision quickbooks xero zoho hubspot marketo
    pardot eloqua mailchimp hootsuite canva photoshop illustrator indesign premiere lightroom
    coreldraw autocad revit solidworks catia ansys abaqus nastran creo primavera staad etabs
    matlab simulink labview multisim proteus keil arduino raspberry ajax jena mesa jquery
    bash shell powershell git gitlab bitbucket github jupyter anaconda spyder pycharm eclipse
    netbeans intellij postman swagger kotlin sql mysql postgres postgresql sqlite mariadb
    snowflake databricks redshift bigquery looker power tableau sap erp crm seo sem aws gcp
    cloud agile scrum kanban lean sigma devops mlops rpa uipath blueprism automation nifi
    solr lucene elastic elasticsearch neo4j dynamo dynamodb cosmos firebase supabase amplify
    lambda fargate beanstalk glue athena kinesis sage sagemaker vertex watson lex polly
    rekognition textract comprehend cognito jasper crystal birt ssrs ssis ssas pega appian
    mulesoft boomi tibco biztalk webmethods camunda drools jbpm activiti kogito vaadin wicket
    tapestry stripes seam gwt dojo extjs knockout mithril preact lit stencil alpine htmx
    hadoop mahout pig impala presto trino drill kylin druid pinot clickhouse vertica teradata
    netezza greenplum exadata informix sybase ingres progress openedge magento shopify
    woocommerce prestashop opencart drupal joomla wordpress ghost contentful strapi sanity
    socket.io asp.net ado.net vb.net node.js vue.js react.js next.js d3.js three.js arima
    tivoli goldengate sap spring boot
    """
)

# Spoken languages: a requirement a scorer may check, never a home town.
LANGUAGES = _words(
    """
    english hindi marathi tamil telugu kannada malayalam bengali bangla gujarati punjabi urdu
    odia oriya assamese konkani sindhi nepali sinhala arabic french german spanish chinese
    mandarin cantonese japanese korean thai vietnamese russian portuguese italian dutch swahili
    yoruba igbo hausa amharic somali turkish persian farsi hebrew greek polish czech romanian
    hungarian swedish norwegian danish finnish indonesian malay tagalog filipino ukrainian
    """
)

# Section headings and the words that build them. Lower case.
HEADINGS = _words(
    """
    resume résumé cv curriculum vitae vita bio biodata profile summary objective objectives
    career professional personal details detail information info contact contacts skills skill
    technical core competencies competency expertise experience experiences employment work
    history education educational qualification qualifications academic academics projects
    project certifications certification certificates courses training trainings achievements
    accomplishments awards honours honors publications languages language interests hobbies
    activities extracurricular references declaration strengths areas interest key highlights
    overview about me areas responsibilities roles role company companies internship internships
    volunteer volunteering leadership tools technologies environment platforms domain knowledge
    """
)

# Words that make a line a job title, an organisation or a document part, not a person.
NOT_NAME_WORDS = HEADINGS | _words(
    """
    engineer engineering developer development manager management analyst analytics scientist
    science consultant consulting architect designer design administrator admin lead leader
    intern trainee specialist officer executive associate assistant director head coordinator
    tester testing programmer technician accountant advocate lawyer teacher professor lecturer
    trainer operator supervisor representative clerk nurse doctor pharmacist writer editor
    marketer marketing recruiter recruitment sales hr human resources operations finance
    senior junior sr principal chief staff fresher graduate student freelance freelancer
    full stack frontend backend front back end software hardware data machine learning deep
    network networking security systems system web mobile devops cloud database business
    product program quality assurance qa support service services solutions solution
    technologies technology tech labs lab limited ltd pvt private inc llc llp corp corporation
    company group bank university college institute school academy foundation hospital
    department ministry government council board society trust centre center international
    national global pvt. ltd. inc. co. electrical mechanical civil electronics computer
    cisco dell microsoft google amazon apple ibm intel hp lenovo adobe infosys wipro tcs
    accenture deloitte capgemini cognizant samsung siemens bosch honeywell
    mr mrs ms miss mx dr prof phone mobile email e-mail address linkedin github portfolio
    website tel cell fax date birth gender nationality marital status dob age january february
    january february march september october november december feb mar apr jun jul aug sep
    sept oct nov dec present current till now page of and the for with in at to
    """
)

NAME_PARTICLES = _words(
    "de da di do dos das du del della der den van von la le bin binti bint ibn ben al el abu ap"
)
