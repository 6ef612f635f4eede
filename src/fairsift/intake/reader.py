"""Entry points: bytes or a path in, a Document out; only FairsiftError escapes."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from fairsift.domain import Document, Finding
from fairsift.errors import Corrupt, FairsiftError, InputError, TooLarge, UnsupportedType
from fairsift.intake.assemble import Extract, build_document
from fairsift.intake.limits import Limits, size_vs_limit
from fairsift.intake.plain import NotText
from fairsift.intake.sniff import SUPPORTED_SUFFIXES, Kind, sniff

__all__ = ["expand_paths", "parse_bytes", "read_bytes", "read_document"]

_NAMES: dict[Kind, str] = {
    "pdf": "PDF",
    "docx": "DOCX",
    "html": "HTML",
    "text": "text",
    "markdown": "Markdown",
}


def _extract(kind: Kind, data: bytes, name: str, limits: Limits) -> Extract:
    if kind == "pdf":
        from fairsift.intake.pdfdoc import parse_pdf

        return parse_pdf(data, name, limits)
    if kind == "docx":
        from fairsift.intake.worddoc import parse_docx

        return parse_docx(data, name, limits)
    if kind == "html":
        from fairsift.intake.htmldoc import parse_html

        return parse_html(data)
    from fairsift.intake.plain import parse_markdown, parse_text

    return parse_markdown(data) if kind == "markdown" else parse_text(data)


def _too_large(size: int, name: str, limits: Limits) -> TooLarge:
    return TooLarge(
        f"{name!r} is {size_vs_limit(size, limits.max_bytes)}",
    )


def parse_bytes(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """The Document in `data`; `name` (a file name or path) is the source and a type hint.

    Raises only InputError subclasses for bad input (ModelError when OCR is needed and
    tesseract is missing).
    """
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), name, limits)
    if not data.strip():
        from fairsift.errors import EmptyText

        raise EmptyText(f"{name!r} is empty")
    kind, note = sniff(data, name)
    claimed = Path(name).suffix.lower()
    try:
        extract = _extract(kind, data, name, limits)
    except FairsiftError:
        raise
    except NotText as exc:
        if claimed in (".pdf", ".docx"):
            raise Corrupt(f"{name!r} is not a valid {claimed[1:].upper()} file ({exc})") from exc
        raise UnsupportedType(f"{name!r} is not a document fairsift can read ({exc})") from exc
    except RecursionError as exc:
        raise Corrupt(f"{name!r} is nested too deeply to read as {_NAMES[kind]}") from exc
    except MemoryError as exc:
        raise TooLarge(f"{name!r} needs more memory to read than is available") from exc
    except Exception as exc:  # parser libraries raise anything on malformed input
        detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise Corrupt(f"{name!r} could not be read as {_NAMES[kind]}: {detail}") from exc
    if note:
        extract.findings.insert(0, Finding("type_mismatch", note))
    return build_document(extract, source=name, data=data)


def read_document(path: str | Path, limits: Limits | None = None) -> Document:
    """Read and parse one file. Its size is checked before a single byte is read."""
    return parse_bytes(read_bytes(path, limits), str(path), limits)


def read_bytes(path: str | Path, limits: Limits | None = None) -> bytes:
    """The bytes of one file, for `parse_bytes` here or on another machine. Its size is
    checked before a single byte is read; only InputError escapes."""
    limits = limits or Limits()
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputError(f"{str(path)!r} does not exist", "Check the path") from exc
    except OSError as exc:
        raise InputError(
            f"{str(path)!r} cannot be opened: {exc.strerror}", "Check the path and its permissions"
        ) from exc
    if path.is_dir():
        raise InputError(
            f"{str(path)!r} is a directory", "Pass files, or use expand_paths for folders"
        )
    if size > limits.max_bytes:
        raise _too_large(size, str(path), limits)
    try:
        with path.open("rb") as handle:
            # read one byte past the limit: special files report size 0
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(
            f"{str(path)!r} cannot be read: {exc.strerror}", "Check the file's permissions"
        ) from exc
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), str(path), limits)
    return data


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_paths(
    paths: Iterable[str | Path], suffixes: Collection[str] = SUPPORTED_SUFFIXES
) -> list[Path]:
    """Files as given; directories searched recursively for files with these suffixes (sorted,
    hidden files and folders skipped). Missing paths are kept, so the batch reports them."""
    result: list[Path] = []
    seen: set[Path] = set()
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in suffixes and p.is_file() and not _hidden(p, path)
            )
        else:
            found = [path]
        for p in found:
            if p not in seen:
                seen.add(p)
                result.append(p)
    return result
