"""Language detection and translation into English, keeping the original beside it."""

from fairsift.language.detection import Detection, LanguageDetector, detect, detect_many

__all__ = ["Detection", "LanguageDetector", "detect", "detect_many"]
