from __future__ import annotations

from fairsift.screening.segments import MAX_CHARS, segment_text


def test_segments_point_exactly_into_the_text() -> None:
    text = (
        "Skills • Python • SQL • Tableau\n\nExperience\n"
        "Built churn models in Python. Led a team of four analysts; shipped dashboards.\n"
        + "word "
        * 200
    )
    segments = segment_text(text)
    assert segments
    for seg in segments:
        assert text[seg.start : seg.end] == seg.text
        assert len(seg.text) <= MAX_CHARS
    texts = [s.text for s in segments]
    assert "Python" in texts and "SQL" in texts
    assert "Built churn models in Python." in texts


def test_masked_and_empty_lines_are_not_segments() -> None:
    text = "██████ ███████\n\n   \n--\nData analyst"
    assert [s.text for s in segment_text(text)] == ["Data analyst"]
