from __future__ import annotations

from datetime import datetime, timedelta

from fairsift.models.embed import BundledEmbedder
from fairsift.triage.campaigns import CampaignInput, find_campaigns
from fairsift.triage.duplicates import group_duplicates

BASE = [
    "We need water and food in Carrefour, the children are sick",
    "The bridge on route 9 collapsed after the storm, cars cannot pass",
    "Is there a hospital open near Petionville? My father is injured",
    "Thank you for the update on the weather tonight",
]


def test_resent_forwarded_and_edited_copies_group_with_the_first() -> None:
    texts = [
        *BASE,
        "FWD: We need water and food in Carrefour, the children are sick",
        "we need water and food in carrefour the children are sick!!",
        "We need water and food in Carrefour, the children are very sick please",
    ]
    ids = [f"r{i}" for i in range(len(texts))]
    out = group_duplicates(ids, texts)
    assert out[0].group == "dup-r0" and out[0].duplicate_of is None
    for copy in out[4:]:
        assert copy.group == "dup-r0" and copy.duplicate_of == "r0"
    assert [d.group for d in out[1:4]] == [None, None, None]


def test_translated_copy_groups_through_multilingual_embeddings() -> None:
    texts = [*BASE, "Necesitamos agua y comida en Carrefour, los niños están enfermos"]
    vectors = BundledEmbedder().embed(texts)
    out = group_duplicates([str(i) for i in range(len(texts))], texts, vectors)
    assert out[4].duplicate_of == "0"
    without = group_duplicates([str(i) for i in range(len(texts))], texts)
    assert without[4].group is None


def test_campaign_needs_many_copies_in_a_short_window() -> None:
    start = datetime(2026, 1, 1, 12, 0)
    items = [
        CampaignInput(f"c{i}", start + timedelta(minutes=i), duplicate_group="dup-c0")
        for i in range(6)
    ]
    slow = [
        CampaignInput(f"s{i}", start + timedelta(days=i), duplicate_group="dup-s0")
        for i in range(6)
    ]
    flags = find_campaigns([*items, *slow])
    assert set(flags) == {f"c{i}" for i in range(6)}
    assert flags["c0"].size == 6
    assert "6 near-identical reports within 5 minutes" in flags["c0"].reason


def test_burst_about_one_target_from_one_source() -> None:
    start = datetime(2026, 1, 1, 12, 0)
    items = [
        CampaignInput(f"b{i}", start + timedelta(minutes=2 * i), source="src1", target="Mayor X")
        for i in range(5)
    ]
    other = CampaignInput("o", start, source="src2", target="Mayor X")
    flags = find_campaigns([*items, other])
    assert set(flags) == {f"b{i}" for i in range(5)}
    assert "5 reports about 'mayor x' from one source" in flags["b0"].reason


def test_typos_cut_off_copies_and_added_numbers_still_group() -> None:
    source = "Nou bezwen dlo ak manje nan Fontamara 43, gen timoun ki malad depi 3 jou"
    texts = [
        *BASE,
        source,
        "Nou bezwen dlo ak manej nan Fontamara 43, gen tmoun ki malad depi 3 jou",  # typos
        "RT Nou bezwen dlo ak manje nan Fontamara 43, gen timoun ki malad",  # cut off
        "Nou bezwen dlo ak manje nan Fontamara 43, gen timoun ki malad depi 3 jou +509 3456 7812",
    ]
    out = group_duplicates([str(i) for i in range(len(texts))], texts)
    assert [d.duplicate_of for d in out[5:]] == ["4", "4", "4"], out
    assert [d.group for d in out[:4]] == [None, None, None, None]


def test_distinct_messages_on_one_topic_stay_apart() -> None:
    texts = [
        "We need water and food in Carrefour, the children are sick",
        "We need tents and blankets in Leogane, the old people sleep outside",
        "Water is back in Carrefour since this morning, thank you",
        "Is there food distribution in Carrefour tomorrow?",
        "We need water in Petionville, the well is dry",
    ]
    vectors = BundledEmbedder().embed(texts)
    out = group_duplicates([str(i) for i in range(len(texts))], texts, vectors)
    assert [d.group for d in out] == [None] * len(texts), out
