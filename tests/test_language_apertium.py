"""Real apertium from Debian: many texts in one subprocess call, each coming back in its place,
whatever characters it holds; French through Spanish; Serbian in either script."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from fairsift.errors import ModelError
from fairsift.language import ApertiumTranslator, installed_apertium, translate_to_english
from fairsift.language.apertium import MODES_DIR

if shutil.which("apertium") is None or not (MODES_DIR / "spa-eng.mode").exists():
    pytest.skip(
        "Debian's apertium and apertium-eng-spa are not installed: run scripts/setup-system.sh",
        allow_module_level=True,
    )


def needs(mode: str) -> None:
    if not (MODES_DIR / f"{mode}.mode").exists():
        pytest.skip(f"apertium mode {mode} is not installed: run scripts/setup-system.sh")


def test_spanish_batch_comes_back_in_order_in_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(command: list[str], *args: Any, **kwargs: Any) -> Any:
        calls.append(command)
        return real_run(command, *args, **kwargs)

    translator = ApertiumTranslator("es")
    monkeypatch.setattr(subprocess, "run", counting_run)
    texts = [
        "Necesitamos agua",
        "",
        "Hay muchos heridos\nen la escuela",
        "agua & comida <b>ya</b> [z] ^a$ {b} \\ @x *y #z",
        "   ",
        "¿Dónde está el hospital?",
    ] * 50
    out = translator.translate(texts, "es")
    assert len(calls) == 1
    assert len(out) == len(texts)
    for index in range(0, len(texts), 6):
        first, empty, wounded, marks, blank, hospital = out[index : index + 6]
        assert first == "We need water"
        assert (empty, blank) == ("", "   ")
        assert wounded is not None and "wounded" in wounded and "school" in wounded
        assert marks is not None
        assert "water" in marks.lower() and "<b>" in marks and "[z]" in marks and "@x" in marks
        assert hospital is not None and "hospital" in hospital


def test_other_sources_are_refused_by_a_pair() -> None:
    assert ApertiumTranslator("es").translate(["Necesitamos agua"], "pt") == [None]


def test_french_goes_through_spanish_and_names_both_packages() -> None:
    needs("fr-es")
    translator = ApertiumTranslator("fr")
    assert translator.name == "apertium:fr-es>spa-eng"
    assert "apertium-fr-es" in translator.version and "apertium-eng-spa" in translator.version
    (english,) = translator.translate(["Nous avons besoin d'eau et de nourriture."], "fr")
    assert english is not None and "water" in english and "food" in english


def test_serbian_in_cyrillic_or_latin_and_croatian_share_one_pair() -> None:
    needs("hbs-eng")
    translator = ApertiumTranslator("hr")
    assert translator.languages() == {"sr", "hr", "bs"}
    cyrillic, latin = translator.translate(["Треба нам вода и храна", "Trebamo vodu i hranu"], "sr")
    assert cyrillic is not None and "water" in cyrillic and "food" in cyrillic
    assert latin is not None and "water" in latin


def test_a_language_without_a_pair_is_refused_with_a_hint() -> None:
    with pytest.raises(ModelError) as caught:
        ApertiumTranslator("ht")
    assert "no pair from 'ht'" in str(caught.value) and "es" in caught.value.hint


def test_installed_pairs_are_named_by_debian_package_and_version() -> None:
    translators = {t.source: t for t in installed_apertium()}
    assert "es" in translators
    version = translators["es"].version
    assert version.startswith("apertium ") and "apertium-eng-spa " in version
    assert "unknown" not in version or not Path("/usr/bin/dpkg-query").exists()


def test_translate_to_english_uses_the_offline_chain() -> None:
    needs("fr-es")
    texts = ["Necesitamos agua", "Nous avons besoin d'eau", "Mwen bezwen dlo", "We need water"]
    results = translate_to_english(texts, ["es", "fr", "ht", "en"])
    assert [r.backend for r in results] == [
        "apertium:spa-eng",
        "apertium:fr-es>spa-eng",
        None,
        None,
    ]
    assert results[0].text_en == "We need water" and results[0].translated
    assert results[2].text_en is None and results[2].note is not None
    assert results[3].text_en == "We need water" and not results[3].translated
