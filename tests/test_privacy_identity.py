"""Who a resume says it is, for duplicate detection: the same person's e-mail in another
case and their phone number spelled another way compare equal; different people do not."""

from __future__ import annotations

from fairsift.privacy.identity import identity

A = "Ana Lucía Pérez\nAna.Perez@Example.com · +34 612 345 678\nMadrid\n\nData engineer, 6 years."
A_AGAIN = (
    "ANA LUCÍA PÉREZ\nContact: ana.perez@example.com, tel. 612-34-56-78\n\nSummary\n"
    "Data engineer with Spark and Airflow."
)
B = "Bram de Vries\nbram.devries@example.nl | 06 2468 1357\nUtrecht\n\nBackend developer."


def test_the_same_person_spelled_differently_compares_equal() -> None:
    first, second = identity(A), identity(A_AGAIN)
    assert first.emails == second.emails == ("ana.perez@example.com",)
    assert first.phones == second.phones
    assert first.name is not None and "Pérez" in first.name


def test_different_people_share_nothing() -> None:
    a, b = identity(A), identity(B)
    assert not set(a.emails) & set(b.emails) and not set(a.phones) & set(b.phones)
    assert b.emails == ("bram.devries@example.nl",) and b.phones


def test_a_resume_without_contact_details_is_empty() -> None:
    assert identity("Summary\nBuilt ETL pipelines in Python for eight years.").is_empty()
