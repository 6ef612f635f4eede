"""Reading order on positioned segments, as the PDF reader produces them."""

from __future__ import annotations

from fairsift.intake.layout import Segment, join_line, reading_order


def seg(x0: float, x1: float, baseline: float, text: str) -> Segment:
    return Segment(x0, x1, baseline - 2.5, baseline + 9.5, text, 10.0)


def texts(segments: list[Segment]) -> list[str]:
    return [join_line(line) for line in reading_order(segments)]


def test_single_column_is_top_to_bottom() -> None:
    page = [seg(50, 400, 700 - 14 * i, f"line {i}") for i in range(5)]
    assert texts(list(reversed(page))) == [f"line {i}" for i in range(5)]


def test_label_value_table_is_read_across() -> None:
    page = []
    for i, (skill, years) in enumerate([("Python", "8 years"), ("Go", "3 years"), ("SQL", "9")]):
        page += [seg(50, 90, 700 - 14 * i, skill), seg(300, 340, 700 - 14 * i, years)]
    assert texts(page) == ["Python 8 years", "Go 3 years", "SQL 9"]


def test_prose_columns_with_shared_baselines_are_read_down() -> None:
    page = [seg(50, 60, 740, "Header across the page")]
    page[0].x1 = 560
    for i in range(6):
        page.append(seg(50, 290 if i % 3 else 200, 700 - 14 * i, f"left {i}"))
        page.append(seg(320, 560 if i % 3 else 470, 700 - 14 * i, f"right {i}"))
    result = texts(page)
    assert result == ["Header across the page"] + [f"left {i}" for i in range(6)] + [
        f"right {i}" for i in range(6)
    ]


def test_sidebar_with_its_own_line_spacing_is_read_as_a_column() -> None:
    page = [seg(40, 150, 700 - 20 * i, f"side {i}") for i in range(5)]
    page += [seg(200, 560, 705 - 13 * i, f"main {i}") for i in range(8)]
    assert texts(page) == [f"side {i}" for i in range(5)] + [f"main {i}" for i in range(8)]


def test_dates_beside_role_blocks_stay_with_their_role() -> None:
    page = [
        seg(50, 120, 700, "2019 - 2023"),
        seg(160, 400, 700, "Engineer, Acme"),
        seg(160, 540, 686, "Built things"),
        seg(160, 540, 672, "Led people"),
        seg(50, 120, 650, "2015 - 2019"),
        seg(160, 400, 650, "Developer, Foo"),
        seg(160, 540, 636, "Wrote code"),
    ]
    assert texts(page) == [
        "2019 - 2023 Engineer, Acme",
        "Built things",
        "Led people",
        "2015 - 2019 Developer, Foo",
        "Wrote code",
    ]


def test_touching_pieces_join_without_a_space() -> None:
    line = [seg(50, 80, 700, "Hel"), seg(80.5, 100, 700, "lo"), seg(110, 140, 700, "world")]
    assert join_line(line) == "Hello world"
