"""Contact details: e-mail addresses, phone numbers, profile and personal links."""

from __future__ import annotations

import re

from fairsift.privacy.hits import Hit, starting_with
from fairsift.privacy.vocab import SKILL_GUARD

__all__ = ["find_contacts"]

_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-'’]*\s?@\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
# "jane [at] example [dot] com"
_EMAIL_SPELLED = re.compile(
    r"[A-Za-z0-9._\-]+\s*[\[(]\s*at\s*[\])]\s*[A-Za-z0-9\-]+\s*[\[(]\s*dot\s*[\])]\s*[A-Za-z]{2,}",
    re.IGNORECASE,
)
_SPELLED_AT = re.compile(r"[\[(]\s*at\s*[\])]", re.IGNORECASE)
_URL_CHARS = r"[^\s<>\"'()\[\]|,;•]"
_URL = starting_with(r"hw", rf"\b(?:https?://|www\.){_URL_CHARS}+", re.IGNORECASE)
_PROFILE_SITES = (
    r"linkedin|github|gitlab|bitbucket|indeed|twitter|facebook|fb|instagram|medium|behance"
    r"|dribbble|kaggle|stackoverflow|stackexchange|leetcode|hackerrank|codechef|codeforces"
    r"|researchgate|orcid|angel|wellfound|youtube|tiktok|xing|about|linktr|naukri|upwork|fiverr"
    r"|scholar\.google|sites\.google|blogspot|wordpress|wixsite|github\.io|netlify|vercel|notion"
)
_PROFILE = starting_with(
    r"abcdfghiklmnorstuvwxy",
    rf"\b(?:{_PROFILE_SITES})\.(?:com|org|io|me|co|net|in|ee|app|site)"
    rf"(?:/{_URL_CHARS}*)?|\b(?:x\.com|t\.me|wa\.me)/{_URL_CHARS}+",
    re.IGNORECASE,
)
# A bare personal domain ("janedoe.dev"). Lower case only, so "ASP.NET" or "Node.JS" never match.
_DOMAIN = starting_with(
    r"a-z0-9",
    r"(?<![\w.@/-])[a-z0-9][a-z0-9\-]{2,40}(?:\.[a-z0-9\-]{2,40})?"
    r"\.(?:com|org|dev|me|io|page|site|tech|xyz|online|info|name|website|blog|app|ai|co|in|uk|de)"
    rf"(?:/{_URL_CHARS}*)?(?![\w@])",
)
_PHONE = starting_with(
    r"+(\d", r"(?<![\w/.%$€£₹+-])(?:\+|00)?\(?\d[\d \t().\-–/]{5,24}\d(?![\w%])(?!\.\d)(?!/\d)"
)
_PHONE_LABEL = re.compile(
    r"(?:phone|mobile|mob|cell|tel|telephone|contact|call|ph|whats\s?app|m|t|p)\b\.?\s*(?:no\.?|number|#)?\s*[:.\-–]?\s*$"
    # how reports say it: "call me on", "my number is", "rele m nan", "llámame al", "appelez-moi au"
    r"|\b(?:call|text|reach|ring|contact|sms|whats\s?app)\s+(?:me|us|him|her|them)\s+(?:on|at)\s*$"
    r"|\b(?:number|phone|tel)\s+is\s*:?\s*$"
    r"|\brele\s*(?:m|mwen|nou)?\s+(?:nan|sou)\s*$"
    r"|\bll[aá]m(?:a|e|en|ame|enos)\s+al\s*$"
    r"|\bappel(?:ez|le)[- ](?:moi|nous)\s+au\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19[4-9]\d|20[0-4]\d)$")
# A local number of 7 digits ("555-0123", "555.0123", "555 0123"), alone: not part of a longer
# number, a range of round figures ("500-1000"), money or a share.
_LOCAL = starting_with(r"2-9", r"(?<![\w/.,%$€£₹+-])([2-9]\d{2})[-. ](\d{4})(?![\w%]|[.,/-]\d)")
_MONEY_BEFORE = re.compile(r"(?:\$|€|£|₹|rs\.?|inr|usd|eur|gbp|salary|ctc)\s*$", re.IGNORECASE)
# An extension after a number: "ext. 42", "x 17", "extn 123", "#204".
_EXTENSION = re.compile(r"[ \t]*,?[ \t]*(?:ext\.?|extn\.?|extension|x|#)[ \t]*\d{1,6}\b", re.I)
# A handle after a site's or messenger's name, anywhere in a line: "LinkedIn: fedor-ezeev",
# "Telegram - @jane_roe", "Skype ID: live:jane.roe".
_HANDLE = starting_with(
    r"bdfghiklstvw",
    r"\b(?:linkedin|github|gitlab|bitbucket|telegram|skype(?:\s+id)?|whats\s?app|signal"
    r"|twitter|instagram|facebook|kaggle|leetcode|hackerrank|discord|wechat|line\s+id|viber)"
    r"[ \t]*(?:id|handle|username)?[ \t]*[:\-–][ \t]*"
    r"(?P<handle>@?[A-Za-z0-9][\w.:\-]{2,60}[A-Za-z0-9])",
    re.IGNORECASE,
)
_SITE_WORDS = {"linkedin.com", "github.com", "www.linkedin.com", "www.github.com"}
# Messaging links and URIs: "skype:jroe?call", "tg://resolve?domain=x", "viber://chat?number=",
# "telegram.me/x", "m.me/x", "signal.me/#p/...", "wa.link/x".
_MESSAGING = starting_with(
    r"acdflmstvwz",
    r"\b(?:skype|callto|tel|sms|tg|viber|whatsapp|facetime|sip):(?://)?(?=\w)[^\s<>\"'()\[\]|,;]+"
    r"|\b(?:telegram\.me|telegram\.dog|m\.me|signal\.me|wa\.link|discord\.gg|line\.me|zalo\.me"
    r"|api\.whatsapp\.com|chat\.whatsapp\.com)/[^\s<>\"'()\[\]|,;]*",
    re.IGNORECASE,
)
_DOTTED_PHONE = re.compile(r"\(?\d{3}\)?\.\d{3}\.\d{4}")


def _phone_ok(text: str, start: int, raw: str, in_header: bool) -> bool:
    digits = sum(c.isdigit() for c in raw)
    if digits < 7 or digits > 15:
        return False
    groups = re.findall(r"\d+", raw)
    if all(_YEAR.match(g) for g in groups if len(g) >= 3) and any(len(g) == 4 for g in groups):
        return False  # "2015 - 2019", "2018 2019 2020"
    if "/" in raw and not raw.startswith("+"):
        return False  # dates 12/05/2019
    if raw.count(".") >= 2 and not raw.startswith("+") and not _DOTTED_PHONE.fullmatch(raw):
        return False  # versions, IPs, dotted dates; not "312.555.0199"
    if raw.startswith(("+", "00")) and digits >= 8:
        return True
    if re.match(r"\(\d{2,5}\)", raw) and digits >= 9:
        return True
    if digits >= 10 and len(groups) <= 5:
        return True
    if in_header and digits >= 8 and len(groups) <= 4:
        return True  # "600 511 738" beside the e-mail
    before = text[max(0, start - 24) : start]
    return bool(_PHONE_LABEL.search(before))


def _with_extension(text: str, end: int) -> int:
    """The end of a phone number with its extension, if one follows."""
    match = _EXTENSION.match(text, end)
    return match.end() if match else end


def _guarded(value: str) -> bool:
    low = value.lower().rstrip("/")
    return low in SKILL_GUARD or low.split(".")[0] in SKILL_GUARD


def find_contacts(text: str, header_end: int = 0) -> list[Hit]:
    """E-mails, links and phone numbers; `header_end` is where the resume's header ends (a
    phone number is looked for with a lighter test there)."""
    hits: list[Hit] = []
    if "@" in text:
        for match in _EMAIL.finditer(text):
            hits.append(Hit("email", match.start(), match.end()))
    if _SPELLED_AT.search(text):
        for match in _EMAIL_SPELLED.finditer(text):
            hits.append(Hit("email", match.start(), match.end()))
    for pattern in (_URL, _PROFILE):
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            while end > start and text[end - 1] in ".:;!?":
                end -= 1
            prefix = re.search(r"(?<![\w.])[a-z]{2,3}\.\Z", text[max(0, start - 4) : start])
            if prefix:  # "in.linkedin.com"
                start -= len(prefix.group())
            hits.append(Hit("url", start, end))
    for match in _DOMAIN.finditer(text):
        value = match.group()
        end = match.end()
        while text[end - 1] in ".:;!?":
            end -= 1
        if not _guarded(value):
            hits.append(Hit("url", match.start(), end))
    for match in _HANDLE.finditer(text):
        handle = match.group("handle")
        if handle.lower().rstrip("/") in _SITE_WORDS or (handle.isalpha() and handle.istitle()):
            continue  # "GitHub: Actions" is a skill; handles are rarely written as a word
        hits.append(Hit("url", match.start("handle"), match.end("handle")))
    for match in _MESSAGING.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in ".:;!?":
            end -= 1
        hits.append(Hit("url", match.start(), end))
    for match in _LOCAL.finditer(text):
        first, second = match.group(1), match.group(2)
        if first.endswith("0") and second.endswith("00"):
            continue  # "500-1000 users", "300 2000"
        if _MONEY_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
            continue
        hits.append(Hit("phone", match.start(), _with_extension(text, match.end())))
    for match in _PHONE.finditer(text):
        raw = match.group()
        start, end = match.start(), match.end()
        while raw and raw[-1] in ").-– ":
            raw, end = raw[:-1], end - 1
        if raw.startswith("(") and ")" not in raw:
            raw, start = raw[1:], start + 1
        if _phone_ok(text, start, raw, start < header_end):
            hits.append(Hit("phone", start, _with_extension(text, end)))
    return hits
