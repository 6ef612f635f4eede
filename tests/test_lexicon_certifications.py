"""Certifications and licences: gazetteer names and vendor patterns."""

from __future__ import annotations

from fairsift.lexicon import canonical_certification, find_certifications


def names(text: str) -> list[str]:
    return [m.canonical for m in find_certifications(text)]


def test_lexicon_certifications_common_names() -> None:
    text = "AWS Certified Solutions Architect – Associate, PMP, CPA, CISSP and CCNA."
    assert names(text) == ["AWS Certified Solutions Architect", "PMP", "CPA", "CISSP", "CCNA"]
    assert names("Certified ScrumMaster; Six Sigma Green Belt; RN licence; BLS/ACLS") == [
        "Certified ScrumMaster",
        "Six Sigma Green Belt",
        "Registered Nurse",
        "BLS",
        "ACLS",
    ]


def test_lexicon_certifications_vendor_patterns() -> None:
    text = "Microsoft Certified: Dynamics 365 Fundamentals and AWS Certified Advanced Networking"
    assert names(text) == [
        "Microsoft Certified: Dynamics 365 Fundamentals",
        "AWS Certified Advanced Networking",
    ]
    assert names("Certificate in Digital Marketing from Google") == [
        "Certificate in Digital Marketing"
    ]


def test_lexicon_certifications_state_is_not_an_accountant() -> None:
    assert names("Los Angeles, CA 90012") == []
    assert names("Qualified CA with audit experience") == ["Chartered Accountant"]


def test_lexicon_certifications_spans_and_lookup() -> None:
    text = "Holds the Certified Ethical Hacker credential"
    (mention,) = find_certifications(text)
    assert text[mention.start : mention.end] == "Certified Ethical Hacker"
    assert mention.canonical == "CEH"
    assert canonical_certification("cissp") == "CISSP"
    assert canonical_certification("Scrum Master Certified") == "Certified ScrumMaster"
