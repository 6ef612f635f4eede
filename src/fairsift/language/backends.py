"""The translators fairsift assembles by default, and the one-call entry point.

Offline backends come first, in order: Bergamot (Portuguese), then apertium (Spanish,
Catalan, Galician, Basque, Esperanto, Icelandic, Macedonian, Serbo-Croatian, French through
Spanish). An OpenAI-compatible endpoint joins only when configured (`EndpointConfig`), last
unless `endpoint_first` is set, so it fills the gaps (Haitian Creole, Urdu, Arabic...) or,
when first, replaces the rough rule-based output for the languages it is asked to cover.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence

from fairsift.errors import ModelError
from fairsift.language.apertium import installed_apertium
from fairsift.language.bergamot import BergamotTranslator
from fairsift.language.endpoint import EndpointConfig, OpenAITranslator
from fairsift.language.translation import Chain, TranslationResult, Translator

__all__ = ["default_chain", "offline_translators", "translate_to_english"]


def offline_translators() -> list[Translator]:
    """Every packaged translator that is installed here (none is an error: the chain then
    reports each non-English text as not translated)."""
    found: list[Translator] = []
    with contextlib.suppress(ModelError):
        found.append(BergamotTranslator())
    found.extend(installed_apertium())
    return found


def default_chain(
    endpoint: EndpointConfig | None = None,
    *,
    endpoint_first: bool = False,
    exclude: Sequence[str] = (),
) -> Chain:
    """Offline translators plus the endpoint, if one is configured. `exclude` drops source
    languages from the offline backends (e.g. ("fr",) to leave French untranslated rather than
    pivoted through Spanish)."""
    offline = [t for t in offline_translators() if not (t.languages() & set(exclude))]
    if endpoint is None:
        return Chain(offline)
    remote = OpenAITranslator(endpoint)
    return Chain([remote, *offline] if endpoint_first else [*offline, remote])


_DEFAULT: Chain | None = None
_LOCK = threading.Lock()


def translate_to_english(
    texts: Sequence[str], languages: Sequence[str], chain: Chain | None = None
) -> list[TranslationResult]:
    """English for each text, keeping nothing but the translation (the caller keeps the
    original). Without `chain`, the offline translators only: an endpoint is never used
    unless passed in through a chain."""
    global _DEFAULT
    if chain is None:
        with _LOCK:
            if _DEFAULT is None:
                _DEFAULT = default_chain()
            chain = _DEFAULT
    return chain.translate_to_english(texts, languages)
