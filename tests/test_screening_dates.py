"""Date ranges as people write them, measured against a fixed as_of date."""

from __future__ import annotations

import datetime

import pytest

from fairsift.screening.dates import find_date_ranges

AS_OF = datetime.date(2024, 6, 15)


@pytest.mark.parametrize(
    ("text", "start", "end", "months", "ongoing"),
    [
        ("Feb. 2021 – July 2023", (2021, 2), (2023, 7), 30, False),
        ("11/2019 - present", (2019, 11), (2024, 6), 56, True),
        ("2018–20", (2018, 1), (2020, 1), 24, False),
        ("Jan 2015 to Dec 2016", (2015, 1), (2016, 12), 24, False),
        ("2019 - Current", (2019, 1), (2024, 6), 66, True),
        ("Since 2017", (2017, 1), (2024, 6), 90, True),
        ("March 2020 - Till Date", (2020, 3), (2024, 6), 52, True),
        ("2016-2018", (2016, 1), (2018, 1), 24, False),
        ("06/2014 – 03/2016", (2014, 6), (2016, 3), 22, False),
        ("Sep'18 - Aug'20", (2018, 9), (2020, 8), 24, False),
        ("Sep-18 to Aug-20", (2018, 9), (2020, 8), 24, False),
        ("JUNE 2014 to MAY 2015", (2014, 6), (2015, 5), 12, False),
        ("MAY 2018 to TILL DATE", (2018, 5), (2024, 6), 74, True),
        ("Dec 2019 — now", (2019, 12), (2024, 6), 55, True),
        ("from June 2018 onwards", (2018, 6), (2024, 6), 73, True),
        ("Jan - Mar 2020", (2020, 1), (2020, 3), 3, False),
        ("01/06/2014 - 30/09/2016", (2014, 6), (2016, 9), 28, False),
        ("16th Jan 2017 to till 30th Aug 2018", (2017, 1), (2018, 8), 20, False),
        ("August 29, 2001 - March 3, 2004", (2001, 8), (2004, 3), 32, False),
        ("20/07/2015    31/05/2016", (2015, 7), (2016, 5), 11, False),
        ("Feb, 2021 - Mar, 2022", (2021, 2), (2022, 3), 14, False),
    ],
)
def test_screening_dates_formats(
    text: str, start: tuple[int, int], end: tuple[int, int], months: int, ongoing: bool
) -> None:
    (found,) = find_date_ranges(text, as_of=AS_OF)
    assert (found.start, found.end, found.months, found.ongoing) == (start, end, months, ongoing)
    assert found.span == (0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "2020 - 2018",  # ends before it starts
        "1940 - 1945",  # before 1950
        "2023 - 2026",  # ends after as_of
        "Graduated January 2019 with honours",  # one date is not a range
        "SQL Server 2008/2014, Visual Studio 2010",
        "I may go in 2019 and 2020",
        "Date of Birth: 1993-12-20",
    ],
)
def test_screening_dates_rejects_nonsense(text: str) -> None:
    assert find_date_ranges(text, as_of=AS_OF) == []


def test_screening_dates_spans_in_running_text() -> None:
    text = "Analyst, Acme (Jan 2015 to Dec 2016); Lead, Beta Corp, 2017 - present."
    ranges = find_date_ranges(text, as_of=AS_OF)
    assert [text[r.span[0] : r.span[1]] for r in ranges] == [
        "Jan 2015 to Dec 2016",
        "2017 - present",
    ]


def test_screening_dates_as_of_is_the_only_clock() -> None:
    text = "2019 - present"
    early = find_date_ranges(text, as_of=datetime.date(2020, 1, 1))
    late = find_date_ranges(text, as_of=datetime.date(2022, 1, 1))
    assert (early[0].months, late[0].months) == (13, 37)
    assert find_date_ranges(text, as_of=datetime.date(2020, 1, 1)) == early


def test_screening_dates_this_year_is_clamped() -> None:
    (found,) = find_date_ranges("Oct 2023 - Dec 2024", as_of=AS_OF)
    assert found.end == (2024, 6)
