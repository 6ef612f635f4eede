"""DOCX: paragraphs (body, tables, text boxes, headers and footers) read straight from the XML,
with the zip checked for bombs before anything is inflated.

python-docx is not used here: it misses text boxes, inflates parts without limits and does
not resolve hidden formatting from styles.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from dataclasses import dataclass, replace
from typing import Any

from fairsift.domain import Finding
from fairsift.errors import Corrupt, TooManyPages, UnsupportedType, ZipBomb
from fairsift.intake.assemble import Extract, hidden_finding
from fairsift.intake.colors import HIGHLIGHTS, RGB, WHITE, invisible_on, parse_hex
from fairsift.intake.limits import Limits, size_vs_limit

__all__ = ["parse_docx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MAX_MEMBERS = 5000
_RATIO_FLOOR = 1_000_000  # small parts may compress very well; judge ratio on big ones
_MIN_HALF_POINTS = 4  # 2 pt
_TRUE = {"1", "true", "on"}


@dataclass(frozen=True, slots=True)
class _Props:
    vanish: bool = False
    color: RGB | None = None
    half_points: int | None = None
    background: RGB | None = None  # shading or highlight behind the run


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    cap = min(info.file_size, limits.max_unzipped_bytes)
    with archive.open(info) as handle:
        data = handle.read(cap + 1)
    if len(data) > info.file_size:
        raise ZipBomb(f"part {info.filename!r} inflates beyond the size it declares")
    return data


def _check_zip(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a bomb from the zip's directory alone, before inflating anything."""
    infos = archive.infolist()
    if len(infos) > _MAX_MEMBERS:
        raise ZipBomb(f"{name!r} holds {len(infos)} parts; a Word document has a few dozen")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ZipBomb(
            f"{name!r} would inflate to {size_vs_limit(total, limits.max_unzipped_bytes)}"
        )
    for info in infos:
        if info.file_size > _RATIO_FLOOR:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise ZipBomb(
                    f"{name!r}: part {info.filename!r} inflates {ratio:.0f}:1 "
                    f"(limit {limits.max_zip_ratio:.0f}:1)"
                )
    if total > _RATIO_FLOOR and total / max(packed, 1) > limits.max_zip_ratio:
        raise ZipBomb(f"{name!r} inflates {total / max(packed, 1):.0f}:1")


_PARSERS = threading.local()


def _xml(data: bytes) -> Any:
    from lxml import etree

    parser = getattr(_PARSERS, "parser", None)
    if parser is None:  # one parser per thread: building one costs as much as a small parse
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        _PARSERS.parser = parser
    return etree.fromstring(data, parser)


def _run_props(rpr: Any | None, base: _Props) -> _Props:
    if rpr is None:
        return base
    props = base
    for child in rpr:
        tag = child.tag
        value = child.get(W + "val")
        if tag == W + "vanish" or tag == W + "specVanish":
            props = replace(props, vanish=value is None or value.lower() in _TRUE)
        elif tag == W + "color" and value:
            props = replace(props, color=parse_hex(value))
        elif tag == W + "sz" and value and value.isdigit():
            props = replace(props, half_points=int(value))
        elif tag == W + "highlight" and value and value != "none":
            props = replace(props, background=HIGHLIGHTS.get(value, props.background))
        elif tag == W + "shd":
            fill = parse_hex(child.get(W + "fill") or "")
            if fill is not None:
                props = replace(props, background=fill)
    return props


class _Styles:
    """Run properties of paragraph and character styles, with basedOn resolved."""

    def __init__(self, root: Any | None) -> None:
        self.default = _Props()
        self._raw: dict[str, tuple[str | None, object | None]] = {}
        self._cache: dict[str, _Props] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default = _run_props(rpr, _Props())
        for style in root.iterfind(W + "style"):
            style_id = style.get(W + "styleId")
            if not style_id:
                continue
            based = style.find(W + "basedOn")
            self._raw[style_id] = (
                based.get(W + "val") if based is not None else None,
                style.find(W + "rPr"),
            )
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in _TRUE:
                self.default_paragraph = style_id

    def props(self, style_id: str | None, base: _Props, depth: int = 0) -> _Props:
        if not style_id or style_id not in self._raw or depth > 20:
            return base
        parent, rpr = self._raw[style_id]
        return _run_props(rpr, self.props(parent, base, depth + 1))


class _Reader:
    def __init__(self, styles: _Styles, page_background: RGB) -> None:
        self.styles = styles
        self.page_background = page_background
        self.page = 1
        self.lines: list[tuple[int, str]] = []
        self.findings: list[Finding] = []

    def hidden_reason(self, props: _Props, cell_fill: RGB | None) -> str | None:
        if props.vanish:
            return "hidden text (w:vanish)"
        if props.half_points is not None and props.half_points < _MIN_HALF_POINTS:
            return f"tiny font ({props.half_points / 2:g} pt)"
        if props.color is not None:
            background = props.background or cell_fill or self.page_background
            if invisible_on(props.color, background):
                return "text in the background colour"
        return None

    def paragraph(self, p: Any, cell_fill: RGB | None) -> None:
        ppr = p.find(W + "pPr")
        style_id = self.styles.default_paragraph
        base = self.styles.default
        if ppr is not None:
            pstyle = ppr.find(W + "pStyle")
            if pstyle is not None:
                style_id = pstyle.get(W + "val")
            if ppr.find(W + "pageBreakBefore") is not None and self.lines:
                self.page += 1
            shd = ppr.find(W + "shd")
            if shd is not None:
                cell_fill = parse_hex(shd.get(W + "fill") or "") or cell_fill
        base = self.styles.props(style_id, base)
        visible: list[str] = []
        hidden: list[tuple[str, str]] = []
        # walk the paragraph's own runs; nested text boxes are read as paragraphs of their own
        stack = list(reversed(list(p)))
        while stack:
            node = stack.pop()
            tag = node.tag
            if tag == W + "r":
                self.run(node, base, cell_fill, visible, hidden)
            elif tag in (W + "del", W + "moveFrom", MC_FALLBACK, W + "txbxContent", W + "pPr"):
                continue
            elif isinstance(tag, str):
                stack.extend(reversed(list(node)))
        self.emit(visible, hidden)

    def run(
        self,
        r: Any,
        base: _Props,
        cell_fill: RGB | None,
        visible: list[str],
        hidden: list[tuple[str, str]],
    ) -> None:
        rpr = r.find(W + "rPr")
        props = base
        if rpr is not None:
            rstyle = rpr.find(W + "rStyle")
            if rstyle is not None:
                props = self.styles.props(rstyle.get(W + "val"), props)
            props = _run_props(rpr, props)
        reason = self.hidden_reason(props, cell_fill)
        for child in r:
            tag = child.tag
            text = ""
            if tag == W + "t":
                text = child.text or ""
            elif tag in (W + "tab", W + "ptab"):
                text = " "
            elif tag == W + "noBreakHyphen":
                text = "-"
            elif tag in (W + "br", W + "cr"):
                if child.get(W + "type") == "page":
                    self.emit(visible, hidden)
                    self.page += 1
                elif reason is None:
                    self.emit(visible, hidden)
                continue
            elif tag == W + "lastRenderedPageBreak":
                # where Word last broke the page: gives evidence a page number
                self.emit(visible, hidden)
                self.page += 1
                continue
            if not text:
                continue
            if reason is None:
                visible.append(text)
            elif hidden and hidden[-1][0] == reason:
                hidden[-1] = (reason, hidden[-1][1] + text)
            else:
                hidden.append((reason, text))

    def emit(self, visible: list[str], hidden: list[tuple[str, str]]) -> None:
        line = "".join(visible)
        if line.strip():
            self.lines.append((self.page, line))
        for reason, text in hidden:
            if len(re.findall(r"\w", text)) >= 3:
                self.findings.extend(hidden_finding(reason, text, self.page))
        visible.clear()
        hidden.clear()

    def block(self, container: Any, cell_fill: RGB | None = None) -> None:
        """Paragraphs in document order, tables and text boxes included."""
        stack: list[tuple[Any, RGB | None]] = [(c, cell_fill) for c in reversed(list(container))]
        while stack:
            node, fill = stack.pop()
            tag = node.tag
            if tag == W + "p":
                self.paragraph(node, fill)
                # text boxes anchored in this paragraph come after it
                boxes = [box for box in node.iter(W + "txbxContent") if _own_box(box, node)]
                stack.extend((box, fill) for box in reversed(boxes))
            elif tag == W + "tc":
                shd = node.find(f"{W}tcPr/{W}shd")
                cell = parse_hex(shd.get(W + "fill") or "") if shd is not None else None
                stack.extend((c, cell or fill) for c in reversed(list(node)))
            elif tag in (MC_FALLBACK, W + "sectPr", W + "del"):
                continue
            elif isinstance(tag, str):
                stack.extend((c, fill) for c in reversed(list(node)))


def _own_box(box: Any, paragraph: Any) -> bool:
    """A text box anchored in `paragraph` itself: not inside another text box (that one's
    paragraphs read it) and not the legacy copy under mc:Fallback."""
    for ancestor in box.iterancestors():
        if ancestor is paragraph:
            return True
        if ancestor.tag in (MC_FALLBACK, W + "txbxContent"):
            return False
    return True


def _page_count(archive: zipfile.ZipFile, names: set[str], limits: Limits) -> int | None:
    if "docProps/app.xml" not in names:
        return None
    data = _read_member(archive, archive.getinfo("docProps/app.xml"), limits)
    match = re.search(rb"<(?:\w+:)?Pages>(\d+)</", data)
    return int(match.group(1)) if match else None


def _related_parts(
    archive: zipfile.ZipFile, names: set[str], body: Any, limits: Limits
) -> tuple[list[str], list[str]]:
    """The header and footer parts the document's last section shows on its first page."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name not in names:
        return [], []
    rels = _xml(_read_member(archive, archive.getinfo(rels_name), limits))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    sect = body.find(W + "sectPr")
    if sect is None:
        return [], []
    first_page = sect.find(W + "titlePg") is not None
    wanted = "first" if first_page else "default"
    found: dict[str, list[str]] = {"header": [], "footer": []}
    for kind in ("header", "footer"):
        for ref in sect.iter(f"{W}{kind}Reference"):
            if ref.get(W + "type", "default") == wanted:
                target = targets.get(ref.get(R_ID), "")
                part = target.lstrip("/") if target.startswith("/") else "word/" + target
                if part in names:
                    found[kind].append(part)
    return found["header"], found["footer"]


def parse_docx(data: bytes, name: str, limits: Limits) -> Extract:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise Corrupt(f"{name!r} is not a readable DOCX (broken zip: {exc})") from exc
    with archive:
        _check_zip(archive, name, limits)
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            if "content.xml" in names:
                raise UnsupportedType(f"{name!r} is an OpenDocument file, not DOCX")
            raise UnsupportedType(f"{name!r} is a zip archive, not a Word document")
        pages = _page_count(archive, names, limits)
        if pages is not None and pages > limits.max_pages:
            raise TooManyPages(f"{name!r} has {pages} pages (limit {limits.max_pages})")
        root = _xml(_read_member(archive, archive.getinfo("word/document.xml"), limits))
        styles_root = None
        if "word/styles.xml" in names:
            styles_root = _xml(_read_member(archive, archive.getinfo("word/styles.xml"), limits))
        body = root.find(W + "body")
        if body is None:
            raise Corrupt(f"{name!r} has no document body")
        background = WHITE
        bg = root.find(W + "background")
        if bg is not None:
            background = parse_hex(bg.get(W + "color") or "") or WHITE
        reader = _Reader(_Styles(styles_root), background)
        headers, footers = _related_parts(archive, names, body, limits)
        for part in headers:
            reader.block(_xml(_read_member(archive, archive.getinfo(part), limits)))
        reader.page = 1
        reader.block(body)
        last_page = reader.page
        for part in footers:
            reader.block(_xml(_read_member(archive, archive.getinfo(part), limits)))
    page_total = max(last_page, pages or 1)
    if page_total > limits.max_pages:
        raise TooManyPages(f"{name!r} has {page_total} pages (limit {limits.max_pages})")
    return Extract(
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        pages=page_total,
        lines=reader.lines,
        findings=reader.findings,
    )
