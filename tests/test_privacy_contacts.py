"""Contact details: 7-digit local numbers, extensions, messaging handles and links are masked;
ordinary numbers (years, ranges, versions, money, shares) are not."""

from __future__ import annotations

import pytest

from fairsift.privacy import MASK, redact


def masked(text: str, value: str) -> bool:
    result = redact(text).text
    start = text.index(value)
    return all(result[i] == MASK for i in range(start, start + len(value)) if text[i].isalnum())


def untouched(text: str, value: str) -> bool:
    result = redact(text).text
    start = text.index(value)
    return result[start : start + len(value)] == value


@pytest.mark.parametrize("number", ["555-0123", "555.0123", "555 0123"])
def test_seven_digit_local_numbers_are_masked_without_a_label(number: str) -> None:
    text = f"Summary\nReach the office on {number} after 5 pm.\n"
    assert masked(text, number)


@pytest.mark.parametrize(
    "value",
    ["+1 (312) 555-0199 ext. 42", "(312) 555-0199 x 17", "+44 20 7946 0958 extn 204"],
)
def test_extensions_go_with_the_number(value: str) -> None:
    text = f"Contact\nOffice: {value}, weekdays\n"
    assert masked(text, value)


@pytest.mark.parametrize(
    "value",
    [
        "wa.me/447700900123",
        "t.me/janeroe",
        "skype:jroe?call",
        "https://api.whatsapp.com/send?phone=447700900123",
        "telegram.me/janeroe",
        "tg://resolve?domain=janeroe",
    ],
)
def test_messaging_links_are_masked(value: str) -> None:
    text = f"Experience\nReach me at {value} any time\n"
    assert masked(text, value)


@pytest.mark.parametrize(
    "label, handle",
    [("Telegram:", "@jane_roe"), ("Skype:", "live:jane.roe.77"), ("Skype ID:", "jroe_skype")],
)
def test_messaging_handles_are_masked(label: str, handle: str) -> None:
    text = f"Jane Roe\nAnalyst\n{label} {handle}\n"
    assert masked(text, handle)


@pytest.mark.parametrize(
    "value",
    [
        "2015-2019",
        "2019 - 2023",
        "10-15%",
        "$85,000-95,000",
        "Python 3.11.2",
        "500-1000 users",
        "1,200,000 records",
        "version 2.4.1",
        "ISO 9001:2015",
        "100-200 employees",
        "Rs. 450 5000 per month",
        "350-4500 km",
        "CGPA 8.75",
        "95.5%",
    ],
)
def test_ordinary_numbers_are_kept(value: str) -> None:
    text = f"Experience\nLed the platform team ({value}) at Acme.\n"
    assert untouched(text, value)


def test_apostrophes_in_an_email_local_part() -> None:
    text = "Contact\nRaye.O'Connell@vl.io and d'amore@x.biz\n"
    assert masked(text, "Raye.O'Connell@vl.io")
    assert masked(text, "d'amore@x.biz")


def test_a_handle_after_a_site_name_mid_line_is_masked_but_a_skill_stays() -> None:
    text = "Experienced Python Developer LinkedIn: fedor-ezeev\nSkills: Docker, GitHub: Actions\n"
    assert masked(text, "fedor-ezeev")
    assert untouched(text, "GitHub: Actions")
