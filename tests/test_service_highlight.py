"""Evidence highlighting: the document text cut at evidence boundaries, never altered."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fairsift.service.highlight import Span, segments


def test_overlapping_spans_mark_each_piece_with_its_requirements() -> None:
    text = "Python and SQL for five years"
    spans = [Span(0, 14, "ev-0-0", 0), Span(11, 29, "ev-1-0", 1)]
    out = segments(text, spans)
    assert [s.text for s in out] == ["Python and ", "SQL", " for five years"]
    assert [s.requirements for s in out] == [(0,), (0, 1), (1,)]
    assert [s.anchors for s in out] == [("ev-0-0",), ("ev-1-0",), ()]


def test_spans_outside_or_empty_are_ignored_and_clipped() -> None:
    out = segments("abc", [Span(2, 99, "a", 0), Span(5, 9, "b", 1), Span(1, 1, "c", 2)])
    assert [(s.text, s.requirements) for s in out] == [("ab", ()), ("c", (0,))]


@given(
    st.text(max_size=200),
    st.lists(st.tuples(st.integers(-5, 210), st.integers(-5, 210)), max_size=12),
)
def test_segments_always_join_back_to_the_text(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [Span(a, b, f"ev-{i}", i) for i, (a, b) in enumerate(raw)]
    out = segments(text, spans)
    assert "".join(s.text for s in out) == text
    position = 0
    for piece in out:
        for index in piece.requirements:  # a marked piece lies inside every span it names
            assert spans[index].start <= position and position + len(piece.text) <= spans[index].end
        position += len(piece.text)
