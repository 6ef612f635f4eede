"""Home locations: places from the gazetteer, postcodes, street addresses, "City, ST 12345",
"Based in ...", and the town written just before a known state or country."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fairsift.privacy.hits import UPPER, Hit, iter_lines, starting_with
from fairsift.privacy.lists import Lists
from fairsift.privacy.vocab import LANGUAGES, NOT_NAME_WORDS, SKILL_GUARD

__all__ = ["find_places"]

_CAP = f"[{UPPER}]"
# A run of capitalised words: the only places the gazetteer is asked about.
_CAPS_RUN = re.compile(
    rf"{_CAP}[\w'’.\-]*(?:[ \t]+(?:(?:de|da|do|del|la|le|of|upon|on|am|an|sur|al|el)[ \t]+)?"
    rf"{_CAP}[\w'’.\-]*)*"
)
# Words that widen a place they precede: "Greater Manchester", "West Yorkshire".
_PLACE_PREFIX = {"greater", "west", "east", "north", "south", "upper", "lower", "central", "new"}
# State and province codes written after a town: US, Canada, Australia, India, Brazil, Nigeria.
_REGION_CODES = frozenset(
    re.findall(
        r"\S+",
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH"
        " NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY ON QC BC AB MB SK NS NB NL"
        " PE NSW VIC QLD TAS ACT WA SA NT MH KA TN AP UP MP DL WB GJ RJ HR PB KL TS SP RJ MG RS PR"
        " BA FCT CDMX",
    )
)
_US_STATES = "|".join(sorted(_REGION_CODES, key=len, reverse=True))
_CITY_STATE_ZIP = starting_with(
    UPPER,
    rf"\b(?P<city>{_CAP}[a-zA-Z.'\-]+(?:[ \t]{_CAP}[a-zA-Z.'\-]+){{0,2}})(?P<comma>,?)[ \t]+"
    rf"(?:{_US_STATES})"
    rf"(?:[ \t]+\d{{5}}(?:-\d{{4}})?|[ \t]+\d{{4}}|[ \t]+[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)\b",
)
_CITY_STATE = starting_with(
    UPPER,
    rf"\b(?P<city>{_CAP}[a-zA-Z.'\-]+(?:[ \t]{_CAP}[a-zA-Z.'\-]+){{0,2}}),[ \t]*(?:{_US_STATES})"
    r"(?=[ \t]*(?:$|[|,;•·—–\n\t]|\s{2}|\.(?:\s|$)))",
    re.MULTILINE,
)
_UK_POSTCODE = starting_with(r"A-Z", r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b")
_CA_POSTCODE = starting_with(r"A-Z", r"\b[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b")
_IE_POSTCODE = starting_with(
    r"ACDEFHKNPRTVWXY", r"\b[ACDEFHKNPRTVWXY]\d[\dW][ \t][AC-FHKNPRTV-Y\d]{4}\b"
)
# What may follow a place: a postcode ("Pune - 411001", "Quezon City 1100", "Austin, 78701")
# and a state code ("Vancouver, BC", "Newark - 07102, NJ").
_AFTER_PLACE_CODE = re.compile(
    r"[.,]?[ \t]*[-–,]?[ \t]*(?P<pin>[1-9]\d{2}[ \t]?\d{3}|\d{5}(?:-\d{3,4})?"
    r"|(?!19\d\d|20[0-3]\d)\d{4}|\d{3}-\d{4})\b(?![.,]\d)"
)
_AFTER_PLACE_REGION = re.compile(r"[ \t]*[-–,][ \t]*(?P<code>[A-Z]{2,4})\b(?![a-z'’])")
_POST_LABEL = starting_with(
    r"pz",
    r"\b(?:pin|pincode|pin\s*code|zip|zip\s*code|postcode|post\s*code|postal\s*code)\b"
    r"[ \t]*[:.\-–]?[ \t]*(?P<code>[A-Z0-9][A-Z0-9 \-]{2,9}[A-Z0-9])",
    re.IGNORECASE,
)
_CODE_CITY = starting_with(
    r"\d",
    rf"\b(?P<code>(?!(?:19|20)\d\d\b)(?:\d{{2}}-?\d{{3}}|\d{{4}}))[ \t]+"
    rf"(?P<city>{_CAP}[^\W\d_]+(?:[ \t-]{_CAP}[^\W\d_]+)?)",
)
_STREET_SAFE_WORDS = (
    r"Street|Road|Avenue|Lane|Boulevard|Drive|Terrace|Crescent|Highway|Parkway|Marg|Nagar|Colony"
    r"|Layout|Chowk|Society|Apartments?|Enclave|Residency|Vihar|Straße|Strasse|Rue|Calle|Avenida"
    r"|Concourse|Expressway|Freeway|Turnpike|Causeway|Esplanade|Promenade"
)
_STREET_SAFE = (
    r"Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Drive|Terrace|Crescent"
    r"|Highway|Hwy\.?|Parkway|Pkwy\.?|Marg|Nagar|Colony|Layout|Chowk|Society|Apartments?|Enclave"
    r"|Residency|Vihar|Puram|Peth|Gali|Mohalla|Main Road|Cross Road|Concourse|Expressway|Freeway"
    r"|Turnpike|Causeway|Esplanade|Promenade"
)
_STREET_RISKY = (
    r"St|Way|Place|Close|Court|Ct\.?|Cross|Main|Circle|Towers?|Heights|Gardens|Square|Sq\.?"
    r"|Extension|Apts?\.?|Row|Mews|Walk|Park|Hill|Green|Grove|View"
)
# Street words too ambiguous for running text ("3 Data Plaza projects"), sure on a contact line.
_STREET_CONTACT = r"Plaza|Trail|Pike|Parade|Quay|Wharf|Alley|Loop|Point|Ridge|Crossing|Commons"
_NUMBER = (
    r"(?:#[ \t]?)?\b(?!(?:19|20)\d\d\b)\d{1,5}(?:st|nd|rd|th|[A-Za-z])?(?:[/\-]\d{1,5}[A-Za-z]?)*"
    r",?[ \t]+"
)
_WORD = r"[A-Z0-9][\w.'’\-]*[ \t]+"
_STREET = starting_with(
    r"#\dSPW",
    rf"{_NUMBER}(?:{_WORD}){{0,4}}(?:{_STREET_SAFE})(?!\w)"
    rf"|{_NUMBER}(?:{_WORD}){{1,4}}(?:{_STREET_RISKY})\b"
    r"|\b(?:Sector|Pocket|Ward)[ \t]+\d{1,3}[A-Z]?\b",
)
_STREET_NAMED = starting_with(
    UPPER + "u",
    # Street word first: "Rue Oberkampf 12", "Calle Mayor 5", "ul. Floriańska 15".
    r"\b(?:Rue|Calle|Carrer|Carrera|Avenida|Avinguda|Av\.|Via|Viale|Corso|Piazza|Largo|Plaza"
    r"|Paseo|Jalan|Jl\.|Rua|Ulica|ul\.|Rruga|Odos|Caddesi|Sokak|Straat|Avenue)[ \t]+"
    # Then a name, not a sentence: "Plaza projects for 120 East clients" is no street.
    r"(?:(?:de|da|das|do|dos|del|della|di|des|du|la|le|el|of)[ \t]+){0,2}"
    rf"(?:{_CAP}|\d)[\w'’.\-]*[ \t]*(?:[\w'’.\-]+[ \t]*){{0,3}}\d{{0,5}}\b"
    # Street word last, number after: "Hauptstraße 5", "Sendlinger Straße 7", "Nevsky Prospekt 28".
    rf"|\b{_CAP}[\w'’\-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|laan|straat|gracht|vej"
    r"|gatan|gata|veien|katu)[ \t]+\d+[a-z]?\b"
    rf"|\b{_CAP}[\w'’\-]*[ \t]+(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Prospekt|Prospect"
    r"|Ulitsa|Caddesi|Bulvarı|Sokak|Street|Road|Avenue)[ \t]+\d+[a-z]?\b",
)
_UNIT = starting_with(
    r"fhpadv",
    r"\b(?:flat|house|h\.?[ \t]?no|plot|apt|apartment|d\.?[ \t]?no|door(?=\s*(?:no|#))"
    r"|p\.?[ \t]?o\.?[ \t]?box|villa)\b"
    r"\.?[ \t]*(?:no\.?|number|#)?[ \t]*[:.\-]?[ \t]*[#]?[ \t]?\d[\w/\-]*",
    re.IGNORECASE,
)
_BASED_IN = starting_with(
    r"blrhBLRH",
    r"\b(?i:based|living|located|residing|resident|relocating|relocated|hail|hails|lives"
    r"|(?<=I )live|(?<=we )live)"
    r"[ \t]+(?i:in|at|from|out\s+of|of)[ \t]+"
    rf"(?P<value>(?:the[ \t]+)?{_CAP}[\w'’.\-]*(?:,?[ \t]*(?:{_CAP}[\w'’.\-]*|\d{{4,6}}))*)",
)
_SEGMENT_END = re.compile(r"\n|\s\|\s|\t|\s{3,}|•|·|—|–")
# What may follow a street on its line: towns, postcodes, commas ("Indiranagar, Bangalore -
# 560038"); not "Restful Web service using Jersey API".
_ADDRESS_TAIL = re.compile(r"(?:[\s,\-–/()#.]*[A-Z0-9À-Þ][\w.'’/()\-]*)*[\s,.]*")
# Header pieces: what separators cut a contact line into.
_HEADER_PIECE = re.compile(r"[^|•·—–\t;]+")
_HOUSE_NUMBER_START = re.compile(
    rf"^\s*(?:[A-Za-z]+:\s*)?(?P<number>\d{{1,5}})(?:[-/]\d{{1,5}})*[A-Za-z]?[ \t]+{_CAP}"
)
_HEADER_STREET = re.compile(rf"\b(?:{_STREET_SAFE_WORDS})\b")
_LINE_STREET = re.compile(
    rf"{_NUMBER}(?:{_WORD}){{1,4}}(?:{_STREET_SAFE}|{_STREET_RISKY}|{_STREET_CONTACT})(?!\w)"
)


_CONTACT_KINDS = {"email", "phone", "url"}
_NONSPACE = re.compile(r"\S+")
_TOWN_BEFORE = re.compile(rf"({_CAP}[\w'’.\-]*(?:[ \t]+{_CAP}[\w'’.\-]*){{0,2}})[ \t]*,[ \t]*$")


def _clean(word: str) -> str:
    return word.strip(".,'’-").lower()


def _gazetteer(text: str, data: Lists) -> list[Hit]:
    hits: list[Hit] = []
    for run in _CAPS_RUN.finditer(text):
        words = list(_NONSPACE.finditer(run.group()))
        i = 0
        while i < len(words):
            matched = 0
            # a place's key starts with its first word as written (one word: without . ,)
            low = words[i].group().lower()
            if low not in data.place_firsts and low.rstrip(".,") not in data.place_firsts:
                i += 1
                continue
            for n in range(min(data.place_max_words, len(words) - i), 0, -1):
                first, last = words[i], words[i + n - 1]
                phrase = run.group()[first.start() : last.end()]
                key = phrase.rstrip(".,").lower()
                if key not in data.places:
                    continue
                if n == 1 and not _single_ok(phrase.rstrip(".,"), data):
                    continue
                start = run.start() + first.start()
                end = run.start() + last.end()
                if phrase.endswith((".", ",")) and key + "." not in data.places:
                    end -= 1
                if i > 0 and _clean(words[i - 1].group()) in _PLACE_PREFIX:
                    start = run.start() + words[i - 1].start()
                hits.append(Hit("location", start, end, weak=True))
                matched = n
                break
            i += matched or 1
    return hits


def _single_ok(word: str, data: Lists) -> bool:
    low = word.lower()
    if low in SKILL_GUARD or low in LANGUAGES or low in NOT_NAME_WORDS:
        return False
    if word.isupper() and len(word) < 4:
        return low in {"usa", "uk", "uae", "ksa", "ncr"} or word in {"U.S.", "U.K."}
    return True


def _town_before(text: str, hits: list[Hit], data: Lists, header_end: int) -> list[Hit]:
    """The capitalised words just before ", <known region>" are a town too ("Pusad, Maharashtra");
    before a city only in the header, where they are a neighbourhood, not an employer."""
    extra: list[Hit] = []
    for hit in hits:
        kind = data.places.get(text[hit.start : hit.end].lower(), "city")
        if kind == "city" and hit.start > header_end:
            continue
        before = text[max(0, hit.start - 40) : hit.start]
        match = _TOWN_BEFORE.search(before)
        if not match:
            continue
        words = match.group(1).split()
        if any(_clean(w) in NOT_NAME_WORDS or _clean(w) in SKILL_GUARD for w in words):
            continue
        start = hit.start - len(before) + match.start(1)
        extra.append(Hit("location", start, start + len(match.group(1)), weak=True))
    return extra


def _after_places(text: str, hits: list[Hit]) -> list[Hit]:
    """Postcodes and state codes written right after a place or a postcode."""
    extra: list[Hit] = []
    queue = list(hits)
    while queue:
        hit = queue.pop()
        code = _AFTER_PLACE_CODE.match(text, hit.end)
        if code:
            found = Hit("address", code.start("pin"), code.end("pin"))
            extra.append(found)
            queue.append(found)
        region = _AFTER_PLACE_REGION.match(text, hit.end)
        if region and region.group("code") in _REGION_CODES:
            found = Hit("location", region.start("code"), region.end("code"))
            extra.append(found)
            queue.append(found)
    return extra


def _contact_lines(text: str, header_end: int, contacts: Sequence[Hit]) -> list[tuple[int, int]]:
    """The header's lines, and every later line that holds an e-mail, phone or profile link: a
    contact block written under a summary, or the header line a long address pushed past the
    header's end."""
    lines = list(iter_lines(text[:header_end]))
    seen = {start for start, _ in lines}
    for hit in sorted(contacts, key=lambda h: h.start):
        if hit.start < header_end or hit.kind not in _CONTACT_KINDS:
            continue
        start = text.rfind("\n", 0, hit.start) + 1
        if start not in seen:
            seen.add(start)
            end = text.find("\n", hit.start)
            lines.append((start, len(text) if end < 0 else end))
    return lines


def _header_places(text: str, data: Lists, lines: Sequence[tuple[int, int]]) -> list[Hit]:
    """On contact lines, a piece that starts with a house number is a street address, and a
    piece that is only a place is a place even when the word is everyday English ("Cork",
    "Reading")."""
    hits: list[Hit] = []
    for line_start, line_end in lines:
        line = text[line_start:line_end]
        for piece in _HEADER_PIECE.finditer(line):
            value = piece.group()
            start = line_start + piece.start() + len(value) - len(value.lstrip())
            house = _HOUSE_NUMBER_START.match(value)
            if _HEADER_STREET.search(value) and not re.search(r"@|https?:|www\.", value):
                # "Ngong Road, Kilimani": a street line in the header, with its locality; from
                # the house number when only a title precedes it ("Data Scientist 1650 Grand
                # Concourse, Bronx").
                street = _STREET.search(value)
                if street and not re.search(r"[\d,]", value[: street.start()]):
                    start = line_start + piece.start() + street.start()
                hits.append(Hit("address", start, line_start + piece.start() + len(value.rstrip())))
            elif house:
                parts = value.split(",")
                start = line_start + piece.start() + house.start("number")
                hits.append(Hit("address", start, line_start + piece.start() + len(parts[0])))
            elif street := _LINE_STREET.search(value):
                # "Analyst 1 Liberty Plaza": a street form anywhere on a contact line.
                start = line_start + piece.start()
                hits.append(Hit("address", start + street.start(), start + street.end()))
            offset = line_start + piece.start()
            pos = 0
            for part in value.split(","):
                words = part.strip()
                low = words.lower()
                if words and (low in data.plain_places or (words.islower() and low in data.places)):
                    start = offset + pos + part.index(words)
                    hits.append(Hit("location", start, start + len(words), weak=True))
                pos += len(part) + 1
    return hits


def find_places(text: str, data: Lists, header_end: int, contacts: Sequence[Hit] = ()) -> list[Hit]:
    """Every place-like span; `header_end` is where the resume's header (name, contact) ends,
    `contacts` the e-mails, phones and links found (their lines are read like the header)."""
    hits = _gazetteer(text, data)
    hits += _town_before(text, hits, data, header_end)
    hits += _header_places(text, data, _contact_lines(text, header_end, contacts))
    for match in _CITY_STATE_ZIP.finditer(text):
        if match.group("comma") or match.group("city").lower() in data.places:
            hits.append(Hit("location", match.start(), match.end()))  # not "Juniper SA 6500"
    for match in _CITY_STATE.finditer(text):
        city = match.group("city")
        if any(_clean(w) in NOT_NAME_WORDS or _clean(w) in SKILL_GUARD for w in city.split()):
            continue
        hits.append(Hit("location", match.start(), match.end(), weak=True))
    for pattern in (_UK_POSTCODE, _CA_POSTCODE, _IE_POSTCODE):
        for match in pattern.finditer(text):
            if not re.search(r"\d[GMKT]B$", match.group()):  # "M2 8GB" is a laptop
                hits.append(Hit("address", match.start(), match.end()))
    for match in _POST_LABEL.finditer(text):
        hits.append(Hit("address", match.start("code"), match.end("code")))
    for match in _CODE_CITY.finditer(text):
        if match.group("city").lower() in data.places:
            hits.append(Hit("address", match.start(), match.end()))
    for pattern in (_STREET, _STREET_NAMED, _UNIT):
        for match in pattern.finditer(text):
            end = _SEGMENT_END.search(text, match.end())
            stop = end.start() if end else len(text)
            # An address line runs on to its town and postcode; a sentence does not.
            tail = text[match.end() : stop]
            if len(tail) <= 90 and _ADDRESS_TAIL.fullmatch(tail):
                hits.append(Hit("address", match.start(), match.end() + len(tail.rstrip())))
            else:
                hits.append(Hit("address", match.start(), match.end()))
    for match in _BASED_IN.finditer(text):
        hits.append(Hit("location", match.start("value"), match.end("value"), weak=True))
    hits += _after_places(text, hits)
    return hits
