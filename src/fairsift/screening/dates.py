"""Date ranges as people really write them on resumes.

"Feb. 2021 – July 2023", "11/2019 - present", "2018–20", "Jan 2015 to Dec 2016",
"2019 - Current", "Since 2017", "March 2020 - Till Date", "06/2014 – 03/2016",
"Sep'18 - Aug'20". Open-ended ranges end at `as_of`, which the caller passes in: the clock is
never read, so the same text always gives the same ranges.

Months are counted inclusively when the end has a month ("Jan 2015 to Dec 2016" is 24
months) and from January to January when it is a bare year ("2016-2018" is 24 months), so a
range reads as long as a person would say it is.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = ["DateRange", "find_date_ranges", "month_index"]

EARLIEST_YEAR = 1950

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?:[0-3]?\d(?:st|nd|rd|th)?)"  # "16-Aug-2012", "16th Jan 2017", "August 29, 2001"
# One token per date point; each alternative has its own group names. The alternatives are
# grouped behind a look-ahead on their first character, so a word is only tried against the
# forms that can start with it (twice as fast as one flat alternation).
_MONTH_DATE = rf"(?P<mon2>{_MONTH})[\s,\-/]*(?:{_DAY},?\s*)?['’]?\s*(?P<y2>{_YEAR})(?!\w)"
_POINT = re.compile(
    r"(?<![\w/.])(?:(?=\d)(?:"
    rf"(?P<ya>{_YEAR})\s*[-–—/]\s*(?P<yb>\d\d)(?![\w/.\-]|\.\d)"  # 2018–20 (a whole range)
    rf"|(?P<d1>\d{{1,2}})[/.\-](?P<m1>\d{{1,2}})[/.\-](?P<y1>{_YEAR})(?!\w)"  # 01/06/2014
    rf"|{_DAY}[\s\-/.]*{_MONTH_DATE.replace('mon2', 'mon9').replace('y2>', 'y9>')}"  # 16-Aug-2012
    rf"|(?P<m5>0?[1-9]|1[0-2])\s?[/.\-]\s?(?P<y5>{_YEAR})(?!\w)"  # 11/2019
    rf"|(?P<y6>{_YEAR})[/.\-](?P<m6>0[1-9]|1[0-2])(?![\w/.\-])"  # 2019-11
    rf"|(?P<y7>{_YEAR})(?![\w/])"  # 2016
    r")|(?=[acdfjmnoprst])(?:"
    rf"{_MONTH_DATE}"  # Feb. 2021, JUNE 2014, August 29, 2001
    rf"|(?P<mon3>{_MONTH})\s*['’‘]\s*(?P<yy3>\d\d)(?!\w)"  # Sep'18
    rf"|(?P<mon4>{_MONTH})-(?P<yy4>\d\d)(?![\w\-/])"  # Sep-18
    r"|(?P<open>present|current(?:ly)?|now|today|till\s+(?:date|now|today)|to\s+date|still"
    r"|date|ongoing|continuing|running|onwards)(?!\w)"
    rf"|(?P<mon8>{_MONTH})(?!\w)"  # Jan (of "Jan - Mar 2020")
    r"))",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(
    r"\s*(?:(?:[-–—~→]+|to|till|until|through|thru|upto|up\s+to|and)\s*){1,2}", re.IGNORECASE
)
_COLUMNS = re.compile(r"[ \t]{2,}|\t")  # "20/07/2015    31/05/2016" in a table
_SPACE = re.compile(r"\s*")
_SINCE = re.compile(
    r"(?:since|from|starting|started|joined(?:\s+in)?|w\.?e\.?f\.?)\s*[:\-]?\s*$", re.I
)
_FROM_ONLY = re.compile(r"(?:since|w\.?e\.?f\.?)\s*[:\-]?\s*$", re.IGNORECASE)
_ONWARDS = re.compile(r"\s*(?:onwards|onward|till\s+date|to\s+date)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateRange:
    """A period in a text: start and end as (year, month), its length in months, whether
    it runs to `as_of` ("present"), and the span [start, end) of its text."""

    start: tuple[int, int]
    end: tuple[int, int]
    months: int
    ongoing: bool
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Point:
    year: int | None  # None for "present" or a bare month
    month: int | None
    start: int
    end: int
    open: bool = False
    range_end: int | None = None  # the second year of "2018–20"


def month_index(year_month: tuple[int, int]) -> int:
    """A month as a number, for arithmetic: (2021, 2) -> 2021 * 12 + 1."""
    return year_month[0] * 12 + year_month[1] - 1


def find_date_ranges(text: str, *, as_of: datetime.date) -> list[DateRange]:
    """Every date range in `text`, left to right. Open-ended ranges end at `as_of`;
    a range ending before it starts, or outside 1950..as_of, is left out."""
    points = list(_points(text, as_of))
    ranges: list[DateRange] = []
    index = 0
    while index < len(points):
        point = points[index]
        found = None
        if point.range_end is not None and point.year is not None:
            found = _make(point.year, None, point.range_end, None, False, point, point, as_of)
        elif index + 1 < len(points) and not point.open:
            after = points[index + 1]
            if _joined(text, point, after) and after.range_end is None:
                found = _pair(point, after, as_of)
                if found is not None:
                    index += 1
        if found is None and point.year is not None and not point.open:
            found = _since(text, point, as_of)
        if found is not None:
            ranges.append(found)
        index += 1
    return ranges


def _points(text: str, as_of: datetime.date) -> list[_Point]:
    points = []
    for match in _POINT.finditer(text):
        group = match.groupdict()
        start, end = match.span()
        if group["ya"]:
            first = int(group["ya"])
            second = first // 100 * 100 + int(group["yb"])
            if second > first:
                points.append(_Point(first, None, start, end, range_end=second))
            else:  # "2019-11" is November 2019, not 2019 to 2011
                points.append(_Point(first, int(group["yb"]), start, end))
            continue
        if group["open"]:
            points.append(_Point(None, None, start, end, open=True))
            continue
        year, month = _year_month(group, as_of)
        if month is not None and not 1 <= month <= 12:
            continue
        points.append(_Point(year, month, start, end))
    return [p for p in points if not (p.year is not None and p.month == 0)]


def _year_month(
    group: dict[str, str | None], as_of: datetime.date
) -> tuple[int | None, int | None]:
    def month_of(name: str | None) -> int:
        return _MONTHS[name.lower()[:3]] if name else 0

    if group["y1"]:
        day, month = int(group["d1"] or 0), int(group["m1"] or 0)
        if month > 12 and day <= 12:  # 06/25/2014 is month-first
            day, month = month, day
        return int(group["y1"]), month
    if group["y2"]:
        return int(group["y2"]), month_of(group["mon2"])
    if group["y9"]:
        return int(group["y9"]), month_of(group["mon9"])
    if group["yy3"]:
        return _two_digit(int(group["yy3"]), as_of), month_of(group["mon3"])
    if group["yy4"]:
        return _two_digit(int(group["yy4"]), as_of), month_of(group["mon4"])
    if group["y5"]:
        return int(group["y5"]), int(group["m5"] or 0)
    if group["y6"]:
        return int(group["y6"]), int(group["m6"] or 0)
    if group["y7"]:
        return int(group["y7"]), None
    return None, month_of(group["mon8"])


def _two_digit(year: int, as_of: datetime.date) -> int:
    century = 2000 if 2000 + year <= as_of.year else 1900
    return century + year


def _joined(text: str, first: _Point, second: _Point) -> bool:
    """Whether two points are the two ends of one range ("X - Y", "X to Y", "X till date")."""
    gap = text[first.end : second.start]
    if _CONNECTOR.fullmatch(gap):
        return not (gap.strip().lower() == "and" and not second.open)
    if _COLUMNS.fullmatch(gap):
        return first.month is not None and second.month is not None and first.year is not None
    return (
        second.open
        and _SPACE.fullmatch(gap) is not None
        and bool(re.match(r"till|to\b", text[second.start : second.end], re.IGNORECASE))
    )


def _pair(first: _Point, second: _Point, as_of: datetime.date) -> DateRange | None:
    if second.open:
        if first.year is None:
            return None
        return _make(first.year, first.month, as_of.year, as_of.month, True, first, second, as_of)
    if second.year is None:
        return None
    start_year = first.year
    if start_year is None:  # "Jan - Mar 2020": the start takes the end's year
        if first.month is None or second.month is None:
            return None
        start_year = second.year
    return _make(start_year, first.month, second.year, second.month, False, first, second, as_of)


def _since(text: str, point: _Point, as_of: datetime.date) -> DateRange | None:
    """ "Since 2017", "w.e.f. March 2020", "from June 2018 onwards": open to `as_of`."""
    window = max(0, point.start - 16)
    before = text[window : point.start]
    onwards = _ONWARDS.match(text, point.end)
    word = _FROM_ONLY.search(before) or (_SINCE.search(before) if onwards else None)
    if word is None or point.year is None:
        return None
    head = _Point(point.year, point.month, window + word.start(), point.end)
    tail = _Point(None, None, point.start, onwards.end() if onwards else point.end, open=True)
    return _make(point.year, point.month, as_of.year, as_of.month, True, head, tail, as_of)


def _make(
    start_year: int,
    start_month: int | None,
    end_year: int,
    end_month: int | None,
    ongoing: bool,
    first: _Point,
    last: _Point,
    as_of: datetime.date,
) -> DateRange | None:
    if not (EARLIEST_YEAR <= start_year <= as_of.year and EARLIEST_YEAR <= end_year <= as_of.year):
        return None
    start = (start_year, start_month or 1)
    end = (end_year, end_month or 1)
    now = (as_of.year, as_of.month)
    if month_index(end) > month_index(now):
        end = now  # a month later this year: count up to today, no further
    if month_index(start) > month_index(now):
        return None
    months = month_index(end) - month_index(start) + (1 if end_month or ongoing else 0)
    if months < 0 or (months == 0 and end_month is not None):
        return None
    return DateRange(start, end, max(months, 1), ongoing, (first.start, last.end))
