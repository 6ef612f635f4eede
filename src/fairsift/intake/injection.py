"""Find text addressed to an AI or automated screener rather than to a person.

A resume is written for people. Lines that tell a model to ignore its instructions, to rate
the candidate highly, or that address "the AI" are injected instructions: intake removes them
from the text the scorer sees and reports each as an `injection` finding.

Precision matters more than recall here (a clean resume must have no finding), so every
pattern needs an instruction *and* an AI/screening target, never a single keyword.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["InjectionHit", "find_injections", "looks_injected"]

# "You are an AI" ends there, or goes on to say what the AI is to do; "you are an AI/ML
# engineer" (a job posting's "you") goes on with a role, and is not matched.
_ADDRESSED = (
    r"(?=\s*(?:[.,;:!?)\"'\u2013\u2014]|$)|\s+(?:and|that|who|which|trained|designed|built"
    r"|created|made|developed|tasked|programmed|screening|reviewing|evaluating|reading|helping"
    r"|acting|now|with|from|by|for|reviewer|screener|assistant)\b)"
)
_AI = (
    r"(?:an? )?(?:ai|a\.i\.|artificial intelligence|llm|large language model|language model"
    r"|chat\s*gpt|gpt-?\d*o?|claude|gemini|bard|copilot|llama|chatbot|ai assistant|bot)"
)
_SCREENER = (
    r"(?:(?:the )?(?:ai|a\.i\.|llm|gpt|chat\s*gpt|language model|model|bot|robot|algorithm"
    r"|ats|applicant tracking system"
    r"|(?:ai )?(?:recruit\w*|hiring|screening|resume|cv|hr)(?: screening)?"
    r" (?:bot|ai|software|system|tool|assistant|model|agent|algorithm)"
    r"|automated (?:screen\w*|system|reviewer|recruit\w*|tool|hiring\w*|evaluat\w*)"
    r"|(?:resume|cv|applicant) (?:screener|parser|scanner|reviewer)))"
)
# "this candidate", never "the candidate": recruiters' own resumes talk about "the candidate".
_SUBJECT = r"(?:this|the following) (?:candidate|applicant|resume|cv|profile|application|person)"
_SUPERLATIVE = (
    r"(?:highest|top|maximum|max|perfect|best|full|excellent|outstanding|ideal|strongest"
    r"|strong (?:match|fit|hire|yes)|10\s*/\s*10|100\s*%|100\s*/\s*100|10 out of 10|five stars"
    r"|5 stars|5\s*/\s*5|a\+)"
)
_INSTRUCTIONS = (
    r"(?:instructions?|prompts?|directions?|directives?|guidelines|commands?|rules|context"
    r"|messages?|criteria|programming|training|system message)"
)

_PATTERNS_EN = [
    # ignore / disregard previous instructions
    rf"\b(?:ignore|disregard|forget|override|bypass|discard|drop) (?:\w+ ){{0,3}}?(?:all |any )?"
    rf"(?:(?:the|your|my) )?(?:previous|prior|above|earlier|preceding|foregoing|former|original"
    rf"|initial|existing|system|other|old)(?: \w+)? {_INSTRUCTIONS}\b",
    r"\b(?:ignore|disregard|forget|override|bypass) (?:all|any|your|every) (?:\w+ )?"
    r"(?:instructions?|prompts?|directives?|commands?|guidelines)\b",
    r"\b(?:ignore|disregard|forget) (?:everything|all|anything) (?:above|before|said|stated|written"
    r" above|you were told|previously)\b",
    r"\b(?:ignore|disregard) (?:the|this) (?:above|previous|preceding)\b",
    # who the reader is
    rf"\byou are (?:now |actually )?{_AI}\b{_ADDRESSED}",
    rf"\byou are (?:now |actually )?(?:an? |the )?{_SCREENER}\b{_ADDRESSED}",
    rf"\bif you are (?:an? )?(?:{_AI}|{_SCREENER})\b{_ADDRESSED}",
    rf"\b(?:act|behave|respond) as (?:an? )?{_AI}\b.{{0,40}}"
    rf"\b(?:recommend|hire|score|rate|rank|select|approve)",
    r"(?:^|\W)(?:system prompt|system message|developer message|new instructions?)\s*:",
    r"\b(?:new|updated|hidden|real|secret|override|ignore the|reveal the|reveal your)"
    r" system prompt\b",
    r"<\|?(?:im_start|im_end|system|assistant|endoftext)\|?>|\[/?inst\]|<</?sys>>"
    r"|###\s*(?:instruction|system)\b",
    # notes addressed to the machine
    rf"\b(?:note|message|instructions?|attention|memo|reminder) (?:to|for) (?:all |any )?"
    rf"{_SCREENER}s?\s*(?:[:,.!\u2013\u2014-]|$)",
    rf"\b(?:dear|hey|hello|hi|attention|attn)\W+{_SCREENER}s?\s*(?:[:,.!\u2013\u2014-]|$)",
    rf"\b(?:to|for) (?:any|the|all) (?:{_AI}|{_SCREENER}) (?:reading|reviewing|screening"
    rf"|evaluating|processing|parsing|scanning)\b",
    # rating and recommending
    rf"\b(?:rate|score|rank|grade|mark|evaluate|assess|classify|label|consider|treat|flag|rank)"
    rf" {_SUBJECT}\b.{{0,60}}?{_SUPERLATIVE}",
    rf"\bgive {_SUBJECT}\b.{{0,30}}?{_SUPERLATIVE}",
    rf"\b(?:give|assign|award) (?:the )?{_SUPERLATIVE} (?:possible )?(?:score|rating|rank|marks?"
    rf"|grade|evaluation)\b",
    rf"\b{_SUBJECT} (?:is|would be) (?:the |a |an )?(?:best|perfect|ideal|most qualified"
    rf"|strongest|top|excellent|exceptional|outstanding|great) (?:\w+ )?(?:match|fit|candidate"
    rf"|choice|hire)\b",
    rf"\b{_SUBJECT} (?:meets|matches|exceeds|satisfies|fulfil?ls|fulfils) (?:all|every|each)"
    rf" (?:of )?(?:the |your )?(?:job |role )?(?:requirements?|criteria|qualifications)\b",
    rf"\b(?:recommend|approve|shortlist|advance|select|hire) (?:hiring |to hire )?{_SUBJECT}\b",
    rf"\b(?:recommend|approve|shortlist|advance|select) (?:hiring|to hire|for (?:hire|hiring|an"
    rf" interview|the next round)) (?:of )?{_SUBJECT}\b",
    rf"\b(?:you|the (?:ai|model|system|screener|reviewer|algorithm)|{_SCREENER}) (?:must|should"
    rf"|will|shall|needs to|has to) (?:\w+ )?(?:rate|score|rank|recommend|hire|select|shortlist"
    rf"|advance|approve|pass|accept|prioriti[sz]e) (?:{_SUBJECT}|me|him|her)\b",
    r"\b(?:respond|reply|answer|output) (?:only )?(?:with )?[\"']?(?:yes|hire|strong hire"
    r"|10/10|approved|qualified|highly qualified|recommended)\b[\"']?",
    rf"\b(?:pretend|act as if|assume|imagine) (?:that )?{_SUBJECT} (?:is|has|meets)\b",
    r"\b(?:do not|don't|never) (?:mention|reveal|disclose|repeat|report) (?:this|these|the)"
    r" (?:instructions?|text|note|message|prompt)\b",
]
_PATTERNS_FR = [
    r"\b(?:ignore[zr]?|oublie[zr]?|n[e']\s?tiens? pas compte des) (?:toutes )?"
    r"(?:les |des |vos |tes )?instructions(?: (?:précédentes|antérieures|ci-dessus|données))?\b",
    r"\b(?:tu es|vous êtes) (?:maintenant )?(?:un |une )?(?:ia|intelligence artificielle"
    r"|chatgpt|modèle de langage|assistant virtuel)\b",
    r"\b(?:donne[zr]?|attribue[zr]?|accorde[zr]?|mets?|mettez) (?:à )?(?:ce|cette)"
    r" (?:candidat|candidate|cv|profil|candidature)\b.{0,40}"
    r"\b(?:maximale?|maximum|la plus (?:haute|élevée)|parfaite?"
    r"|meilleure?)\b",
    r"\b(?:note[zr]?|évalue[zr]?|classe[zr]?) (?:ce|cette)"
    r" (?:candidat|candidate|cv|profil)\b.{0,40}"
    r"\b(?:maximale?|maximum|la plus (?:haute|élevée)|parfaite?|meilleure?|10\s*/\s*10)",
    r"\b(?:ce|cette) (?:candidat|candidate) est (?:le |la )?(?:meilleure?|parfaite?|idéale?)\b",
    r"\b(?:note|message|instructions?) (?:à|pour) (?:l'|l’|le |la )?(?:ia|intelligence artificielle"
    r"|robot|algorithme|logiciel de recrutement)\b",
    r"\brecommande[zr]? (?:l'|l’)?(?:embauche|d'embaucher|d’embaucher)\b",
]
_PATTERNS_ES = [
    r"\b(?:ignora|ignore|ignorar|olvida|olvide|olvidar) (?:todas )?(?:las |tus |sus )?instrucciones"
    r"(?: (?:anteriores|previas|de arriba))?\b",
    r"\b(?:eres|usted es) (?:ahora )?(?:un |una )?(?:ia|inteligencia artificial|chatgpt"
    r"|modelo de lenguaje|asistente virtual)\b",
    r"\b(?:da|dale|dé|asigna|asígnale|otorga|otórgale) (?:a )?(?:este|esta)"
    r" (?:candidato|candidata|cv"
    r"|currículum|curriculum|perfil)\b.{0,40}\b(?:máxima|mayor|mejor|más alta|perfecta)\b",
    r"\b(?:califica|puntúa|evalúa|clasifica) (?:a )?(?:este|esta) (?:candidato|candidata|cv"
    r"|currículum|perfil)\b.{0,40}\b(?:máxima|mayor|mejor|más alta|perfecta|10\s*/\s*10)",
    r"\b(?:este|esta) (?:candidato|candidata) es (?:el |la )?(?:mejor|perfecto|perfecta|ideal)\b",
    r"\b(?:nota|mensaje|instrucciones?) (?:para|a) (?:la |el )?(?:ia|inteligencia artificial|bot"
    r"|robot|algoritmo)\b",
    r"\brecomienda (?:contratar|la contratación)\b",
]
_PATTERNS_DE = [
    r"\b(?:ignoriere|ignorieren sie|vergiss|vergessen sie|missachte) (?:alle )?(?:vorherigen"
    r" |bisherigen |obigen |vorigen )?(?:anweisungen|instruktionen|befehle|vorgaben)\b",
    r"\b(?:du bist|sie sind) (?:jetzt |nun )?(?:eine? )?(?:ki|künstliche intelligenz|chatgpt"
    r"|sprachmodell|ki-assistent)\b",
    r"\b(?:gib|gebe|geben sie) (?:diesem|dieser|dem|der)"
    r" (?:kandidaten|kandidatin|bewerber|bewerberin"
    r"|lebenslauf)\b.{0,40}\b(?:höchste|beste|maximale|volle)\b",
    r"\b(?:bewerte|bewerten sie) (?:diesen|diese|den|die) (?:kandidaten|kandidatin|bewerber"
    r"|bewerberin|lebenslauf)\b.{0,40}\b(?:höchste|beste|maximale|volle|10\s*/\s*10)",
    r"\b(?:dieser|diese) (?:kandidat|kandidatin|bewerber|bewerberin) ist (?:der |die )?"
    r"(?:beste|perfekt|ideal)",
    r"\b(?:hinweis|nachricht|anweisung) (?:an|für) (?:die |den )?(?:ki|künstliche intelligenz|bot"
    r"|algorithmus)\b",
    r"\bempfiehl (?:die )?einstellung\b",
]


_SUBJECT_WORDS = tuple(
    f"{lead} {noun}"
    for lead in ("this", "the following")
    for noun in ("candidate", "applicant", "resume", "cv", "profile", "application", "person")
)
_IGNORE = ("ignor", "disregard", "forget", "overrid", "bypass", "discard", "drop")
_FR_SUBJECT = ("ce candidat", "cette candidate", "ce cv", "ce profil", "cette candidature")
_ES_SUBJECT = (
    "este candidato",
    "esta candidata",
    "este cv",
    "este currículum",
    "este curriculum",
    "este perfil",
)
# Cheap gates, one per pattern in order: each group is a tuple of substrings of which one
# must occur in the lower-cased, space-collapsed text before the regex is run at all.
_GATES: list[tuple[tuple[str, ...], ...]] = [
    (_IGNORE,),
    (_IGNORE,),
    (_IGNORE,),
    (_IGNORE,),
    (("you are",),),
    (("you are",),),
    (("if you are",),),
    (("act as", "behave as", "respond as"),),
    (("system prompt", "system message", "developer message", "new instruction"),),
    (("system prompt",),),
    (("<", "[inst", "[/inst", "###"),),
    (("note", "message", "instruction", "attention", "memo", "reminder"), ("to ", "for ")),
    (("dear", "hey", "hello", "hi", "attention", "attn"),),
    (("reading", "reviewing", "screening", "evaluating", "processing", "parsing", "scanning"),),
    (_SUBJECT_WORDS,),
    (_SUBJECT_WORDS,),
    (("give", "assign", "award"), ("score", "rating", "rank", "mark", "grade", "evaluation")),
    (_SUBJECT_WORDS,),
    (_SUBJECT_WORDS,),
    (_SUBJECT_WORDS,),
    (_SUBJECT_WORDS,),
    (("must", "should", "will", "shall", "needs to", "has to"),),
    (("respond", "reply", "answer", "output"),),
    (_SUBJECT_WORDS,),
    (("do not", "don't", "never"), ("mention", "reveal", "disclose", "repeat", "report")),
    # French
    (("ignor", "oubli", "tiens pas"), ("instruction",)),
    (("tu es", "vous êtes"),),
    (_FR_SUBJECT,),
    (_FR_SUBJECT,),
    (("ce candidat", "cette candidate"),),
    (("note", "message", "instruction"),),
    (("recommande",),),
    # Spanish
    (("ignor", "olvid"), ("instrucciones",)),
    (("eres", "usted es"),),
    (_ES_SUBJECT,),
    (_ES_SUBJECT,),
    (("este candidato", "esta candidata"),),
    (("nota", "mensaje", "instrucciones"),),
    (("recomienda",),),
    # German
    (("ignorier", "vergiss", "vergessen", "missacht"),),
    (("du bist", "sie sind"),),
    (("kandidat", "bewerber", "lebenslauf"),),
    (("kandidat", "bewerber", "lebenslauf"),),
    (("kandidat", "bewerber"),),
    (("hinweis", "nachricht", "anweisung"),),
    (("empfiehl",),),
]


def _compile(pattern: str) -> re.Pattern[str]:
    # one literal space in a pattern stands for any run of whitespace, line breaks included;
    # the text is lower-cased before matching (faster than IGNORECASE)
    return re.compile(pattern.replace(" ", r"\s+"), re.MULTILINE)


_ALL = [_compile(p) for p in _PATTERNS_EN + _PATTERNS_FR + _PATTERNS_ES + _PATTERNS_DE]
assert len(_ALL) == len(_GATES)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'", "´": "'"})


def _fold(text: str) -> str:
    """Fold look-alikes (full-width letters, curly quotes) without changing the length when
    possible; NFKC may change it, which callers check."""
    folded = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    return folded.translate(_QUOTES).lower()


@dataclass(frozen=True, slots=True)
class InjectionHit:
    """One match: which lines it touches (indices into the list given), and where in the first
    and last of them, as offsets into the original line text (None when folding changed the
    line's length, so only the whole line can be removed)."""

    first_line: int
    last_line: int
    start: int | None
    end: int | None
    quote: str


def find_injections(lines: Sequence[str]) -> list[InjectionHit]:
    """Every injected instruction in `lines` (read as one text, so an instruction split over
    two lines is still found)."""
    folded = [_fold(line) for line in lines]
    joined = "\n".join(folded)
    starts: list[int] = []
    offset = 0
    for line in folded:
        starts.append(offset)
        offset += len(line) + 1
    gate_text = " ".join(joined.split())
    hits: list[InjectionHit] = []
    taken: list[tuple[int, int]] = []
    for gate, pattern in zip(_GATES, _ALL, strict=True):
        if not all(any(word in gate_text for word in group) for group in gate):
            continue
        for match in pattern.finditer(joined):
            s, e = match.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            first = bisect.bisect_right(starts, s) - 1
            last = bisect.bisect_right(starts, max(e - 1, s)) - 1
            exact = all(len(folded[i]) == len(lines[i]) for i in range(first, last + 1))
            start = s - starts[first] if exact else None
            end = e - starts[last] if exact else None
            quote = " ".join(lines[first : last + 1])
            hits.append(InjectionHit(first, last, start, end, quote))
    hits.sort(key=lambda h: (h.first_line, h.start or 0))
    return hits


def looks_injected(text: str) -> bool:
    """True when `text` (one snippet, for example hidden text) holds an injected instruction."""
    return bool(find_injections([text]))
