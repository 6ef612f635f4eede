"""Plain text and Markdown: detect the encoding, split lines, strip Markdown markup."""

from __future__ import annotations

import codecs
import re

from fairsift.domain import Finding
from fairsift.intake.assemble import Extract, hidden_finding

__all__ = ["NotText", "decode_text", "parse_markdown", "parse_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\x0b|\x0c|\x1c|\x1d|\x1e|\x85|\u2028|\u2029")


class NotText(ValueError):
    """The bytes are not text in any encoding we can tell (a binary file)."""


# Letters and punctuation Western European text has beyond ASCII (cp1252, the usual encoding
# of such files when they are not UTF-8).
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŒœŠšŽžŸ"
    "€‚„…‘’“”•–—™¡¿«»°ºª§·©®\xa0"
)


def _western(data: bytes) -> str | None:
    """The text as cp1252 when it reads as Western European text: every character beyond
    ASCII is a Western letter or mark, and they are a minority of the letters. Short messages
    give charset detection too little to go on (it reads "niños" as Polish cp1250); Cyrillic
    or Greek bytes read as cp1252 are nearly all accented letters, so they fail here."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    beyond = [c for c in text if ord(c) > 127]
    if not beyond or any(c not in _WESTERN for c in beyond):
        return None
    letters = sum(1 for c in text if c.isalpha())
    accented = sum(1 for c in beyond if c.isalpha())
    return text if accented <= 0.3 * max(letters, 1) else None


def decode_text(data: bytes) -> str:
    """Decode text of unknown encoding: BOM, then UTF-8, then UTF-16 without BOM, then
    charset-normalizer's best guess. Raises NotText for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # a cut or damaged file keeps what can be read; mostly garbage is not text
            text = data[len(bom) :].decode(encoding, errors="replace")
            if text.count("\ufffd") > max(4, len(text) // 50):
                raise NotText(f"invalid {encoding} after its byte-order mark")
            return text
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:  # NUL is valid UTF-8 but no text file holds it
            return text
    except UnicodeDecodeError:
        pass
    sample = data[:4096]
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) >= 4 and max(zeros_even, zeros_odd) > len(sample) // 4:
        encoding = "utf-16-be" if zeros_even > zeros_odd else "utf-16-le"
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") > max(4, len(text) // 50) or "\x00" in text:
            raise NotText("binary content")
        return text
    if b"\x00" in data:
        raise NotText("binary content")
    if len(_CONTROL.findall(sample)) > max(4, len(sample) // 50):
        raise NotText("binary content")
    western = _western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise NotText("no text encoding fits")
    return str(best)


def split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def parse_text(data: bytes, media_type: str = "text/plain") -> Extract:
    text = decode_text(data)
    return Extract(media_type=media_type, pages=1, lines=[(1, line) for line in split_lines(text)])


_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_EMPHASIS = re.compile(
    r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"
    r"|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)"
    r"|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"
)
_CODE = re.compile(r"`+([^`]*)`+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _emphasis(match: re.Match[str]) -> str:
    return next(g for g in match.groups()[1:] if g is not None)


def _markdown_line(line: str) -> str:
    """What a reader sees of one Markdown line once rendered."""
    if _SETEXT.match(line) or _RULE.match(line) or _REF_DEF.match(line) or _TABLE_RULE.match(line):
        return ""
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(1)
    line = _QUOTE.sub("", line)
    line = _IMAGE.sub(lambda m: m.group(1), line)
    line = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", line)
    line = _CODE.sub(lambda m: m.group(1), line)
    line = _EMPHASIS.sub(_emphasis, line)
    line = _TAG.sub(" ", line)
    if line.lstrip().startswith("|"):
        line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line.replace("\\", "") if "\\" in line else line


def parse_markdown(data: bytes) -> Extract:
    """Markdown as rendered: markup stripped, link targets kept in parentheses, HTML comments
    (invisible once rendered) reported as hidden text."""
    text = decode_text(data)
    findings: list[Finding] = []

    def comment(match: re.Match[str]) -> str:
        body = match.group(1)
        if len(re.findall(r"[^\W\d_]{2,}", body)) >= 3:
            findings.extend(hidden_finding("HTML comment, invisible once rendered", body, 1))
        # keep the line count so later lines keep their places
        return "\n" * body.count("\n")

    if "<!--" in text:
        text = _COMMENT.sub(comment, text)
    lines: list[tuple[int, str]] = []
    fenced = False
    for line in split_lines(text):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        lines.append((1, line if fenced else _markdown_line(line)))
    return Extract(media_type="text/markdown", pages=1, lines=lines, findings=findings)
