"""Tell a file's type from its first bytes, with its name as a tie-breaker."""

from __future__ import annotations

from typing import Literal

from fairsift.errors import Encrypted, UnsupportedType

__all__ = ["MEDIA_TYPES", "SUPPORTED_SUFFIXES", "Kind", "sniff"]

Kind = Literal["pdf", "docx", "html", "text", "markdown"]

_SUFFIX_KIND: dict[str, Kind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_SUFFIX_KIND)

MEDIA_TYPES: dict[Kind, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "text": "text/plain",
    "markdown": "text/markdown",
}

# Formats people do send, named so the error can say what the file is.
_KNOWN_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)
_UNSUPPORTED_SUFFIX = {
    ".doc": "a legacy Word .doc file",
    ".rtf": "an RTF document",
    ".odt": "an OpenDocument text file",
    ".pages": "an Apple Pages document",
    ".xlsx": "a spreadsheet",
    ".xls": "a spreadsheet",
    ".pptx": "a presentation",
    ".png": "an image",
    ".jpg": "an image",
    ".jpeg": "an image",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return True
    if text.startswith(b"<?xml") and b"<html" in text:
        return True
    return text.startswith(b"<") and (b"<body" in text or b"<head" in text)


def sniff(data: bytes, name: str) -> tuple[Kind, str | None]:
    """The kind of document in `data`, and a note when the name's extension says otherwise.

    Content wins over the name: a .pdf that is really HTML is read as HTML.
    """
    suffix = name[name.rfind(".") :].lower() if "." in name.rsplit("/", 1)[-1] else ""
    claimed = _SUFFIX_KIND.get(suffix)
    head = data[:1024]
    kind: Kind | None = None
    if b"%PDF-" in head:
        kind = "pdf"
    elif data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        kind = "docx"
    elif data.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in data:
            raise Encrypted(f"{name!r} is a password-protected Office document")
        raise UnsupportedType(f"{name!r} is a legacy Office file (.doc), not DOCX")
    else:
        for magic, what in _KNOWN_BINARY:
            if data.startswith(magic):
                raise UnsupportedType(f"{name!r} is {what}")
        if _looks_like_html(head):
            kind = "html"
    if kind is None:
        if claimed in ("pdf", "docx"):
            # named as a binary format but not one: let the text decoder decide, and if it
            # is not text either, the caller reports a corrupt file
            kind = "text"
        elif claimed is not None:
            kind = claimed
        elif suffix in _UNSUPPORTED_SUFFIX:
            raise UnsupportedType(f"{name!r} is {_UNSUPPORTED_SUFFIX[suffix]}")
        else:
            kind = "text"
    note = None
    if claimed is not None and claimed != kind and {claimed, kind} != {"text", "markdown"}:
        note = f"named {suffix!r} but the content is {kind.upper()}; read as {kind.upper()}"
    return kind, note
