"""The public pages speak the reporters' languages: every label in every language, Arabic
right to left, and the browser's language chosen when none is asked for."""

from __future__ import annotations

from fairsift.service.i18n import LANGUAGES, RTL, choose, keys, labels


def test_every_language_has_every_label() -> None:
    found = keys()
    assert set(found) == set(LANGUAGES) >= {"en", "es", "fr", "ht", "ar"}
    for language, names in found.items():
        assert names == found["en"], language
        assert all(labels(language)[k].strip() for k in names)


def test_labels_are_really_translated() -> None:
    english = labels("en")
    for language in ("es", "fr", "ht", "ar"):
        same = [k for k, v in labels(language).items() if v == english[k]]
        assert not same, (language, same)


def test_arabic_is_right_to_left() -> None:
    assert {"ar"} == RTL


def test_language_choice() -> None:
    assert choose("ht", "es") == "ht"
    assert choose(None, "fr-CA,fr;q=0.9,en;q=0.8") == "fr"
    assert choose("xx", "de-DE,ar;q=0.5") == "ar"
    assert choose(None, None) == "en"
