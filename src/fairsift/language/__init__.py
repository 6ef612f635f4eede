"""Language detection and translation into English (the original is always kept beside it).

    detect(text) -> Detection(language, confidence, script, alternatives)
    translate_to_english(texts, languages)
        -> [TranslationResult(text_en, translated, backend, note)]

Translators follow one small protocol (`Translator`); `Chain` routes each language to the first
translator covering it. Offline: Bergamot (pt), apertium (es, ca, gl, eu, eo, is, mk, sr/hr/bs,
fr via es). An OpenAI-compatible endpoint only when configured (`EndpointConfig`).
"""

from fairsift.language.apertium import ApertiumTranslator, installed_apertium
from fairsift.language.backends import default_chain, offline_translators, translate_to_english
from fairsift.language.bergamot import BergamotTranslator
from fairsift.language.detection import (
    UND_BELOW,
    Detection,
    LanguageDetector,
    default_detector,
    detect,
    detect_many,
)
from fairsift.language.endpoint import EndpointConfig, OpenAITranslator
from fairsift.language.names import language_name
from fairsift.language.translation import Chain, TranslationResult, Translator

__all__ = [
    "UND_BELOW",
    "ApertiumTranslator",
    "BergamotTranslator",
    "Chain",
    "Detection",
    "EndpointConfig",
    "LanguageDetector",
    "OpenAITranslator",
    "TranslationResult",
    "Translator",
    "default_chain",
    "default_detector",
    "detect",
    "detect_many",
    "installed_apertium",
    "language_name",
    "offline_translators",
    "translate_to_english",
]
