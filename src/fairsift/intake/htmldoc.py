"""HTML: the text a browser shows, line by block; text hidden with CSS or attributes becomes
findings instead."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from fairsift.domain import Finding
from fairsift.intake.assemble import Extract, hidden_finding
from fairsift.intake.colors import RGB, WHITE, invisible_on, parse_css_color
from fairsift.intake.plain import decode_text

__all__ = ["parse_html"]

_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "legend",
        "hr",
        "details",
        "summary",
        "body",
        "html",
        "center",
    ]
)
_CELL = frozenset({"td", "th"})
_DROP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "meta",
        "link",
        "iframe",
        "object",
        "embed",
        "canvas",
        "svg",
        "math",
        "select",
        "option",
        "datalist",
        "input",
        "audio",
        "video",
        "map",
        "area",
        "base",
        "title",
    ]
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
_AT_BLOCK = re.compile(r"@[\w-]+[^{;]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}|@[^{;]*;")
_SIMPLE_SELECTOR = re.compile(r"^([a-zA-Z][\w-]*)?((?:[.#][\w-]+)*)$")
_LENGTH = re.compile(r"^(-?[\d.]+)\s*(px|pt|em|rem|%|vw|vh|cm|mm|in)?$")
_PX_PER = {"px": 1.0, "pt": 4 / 3, "cm": 37.8, "mm": 3.78, "in": 96.0}
_MIN_PX = 2 * 4 / 3  # 2 pt
_OFFSCREEN_PX = -999.0


@dataclass(frozen=True, slots=True)
class _Rule:
    tag: str | None
    classes: frozenset[str]
    ident: str | None
    declarations: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class _State:
    hidden: str | None  # why this element is hidden (inherited: nothing undoes it)
    color: RGB | None
    background: RGB
    font_px: float
    pre: bool


def _declarations(text: str) -> list[tuple[str, str]]:
    result = []
    for part in text.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            value = value.replace("!important", "").strip().lower()
            result.append((name.strip().lower(), value))
    return result


def _stylesheet(css: str) -> list[_Rule]:
    """Rules with simple selectors (tag, .class, #id and their combinations); anything with
    combinators or pseudo-classes, and @-blocks such as print media, is ignored."""
    css = re.sub(r"/\*.*?\*/", " ", css, flags=re.DOTALL)
    css = _AT_BLOCK.sub(" ", css)
    rules = []
    for selectors, body in _RULE.findall(css):
        declarations = tuple(_declarations(body))
        for selector in selectors.split(","):
            match = _SIMPLE_SELECTOR.match(selector.strip())
            if not match or not selector.strip():
                continue
            parts = re.findall(r"[.#][\w-]+", match.group(2) or "")
            classes = frozenset(p[1:] for p in parts if p[0] == ".")
            ids = [p[1:] for p in parts if p[0] == "#"]
            tag = match.group(1).lower() if match.group(1) else None
            rules.append(_Rule(tag, classes, ids[0] if ids else None, declarations))
    return rules


def _length_px(value: str, parent_px: float) -> float | None:
    match = _LENGTH.match(value.strip())
    if not match:
        return None
    number = float(match.group(1))
    unit = match.group(2) or "px"
    if unit in ("em", "rem"):
        return number * (parent_px if unit == "em" else 16.0)
    if unit == "%":
        return number * parent_px / 100
    if unit in ("vw", "vh"):
        return number * 10  # a 1000 px viewport: only "0" matters here
    return number * _PX_PER[unit]


class _Sheet:
    """Rules indexed by the tag, class or id they need, so each element checks only its own."""

    def __init__(self, rules: list[_Rule]) -> None:
        self.by_key: dict[str, list[tuple[int, _Rule]]] = {}
        for index, rule in enumerate(rules):
            if rule.ident is not None:
                key = "#" + rule.ident
            elif rule.classes:
                key = "." + min(rule.classes)
            else:
                key = rule.tag or "*"
            self.by_key.setdefault(key, []).append((index, rule))

    def candidates(self, tag: str, classes: set[str], ident: str | None) -> list[_Rule]:
        found: list[tuple[int, _Rule]] = []
        for key in (tag, "*", *("." + c for c in classes), *(("#" + ident,) if ident else ())):
            found.extend(self.by_key.get(key, ()))
        return [rule for _, rule in sorted(found, key=lambda pair: pair[0])]


def _style_of(element: Any, sheet: _Sheet) -> dict[str, str]:
    tag = str(element.tag).lower()
    get = element.get
    classes = set((get("class") or "").split())
    ident = get("id")
    style: dict[str, str] = {}
    if not sheet.by_key:
        inline = get("style")
        return dict(_declarations(inline)) if inline else style
    for rule in sheet.candidates(tag, classes, ident):
        if rule.tag is not None and rule.tag != tag:
            continue
        if rule.ident is not None and rule.ident != ident:
            continue
        if not rule.classes <= classes:
            continue
        style.update(rule.declarations)
    inline = get("style")
    if inline:
        style.update(_declarations(inline))
    return style


def _hidden_by(element: Any, style: dict[str, str], font_px: float) -> str | None:
    get = element.get
    if get("hidden") is not None:
        return "hidden attribute"
    if style.get("display") == "none":
        return "display:none"
    if style.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    opacity = style.get("opacity")
    if opacity is not None:
        try:
            value = float(opacity[:-1]) / 100 if opacity.endswith("%") else float(opacity)
        except ValueError:
            value = 1.0
        if value < 0.05:
            return "opacity:0"
    if style.get("position") in ("absolute", "fixed"):
        for side in ("left", "top", "right"):
            offset = _length_px(style.get(side, "0"), font_px)
            if offset is not None and offset <= _OFFSCREEN_PX:
                return "positioned off-screen"
        clip = style.get("clip", "") + style.get("clip-path", "")
        if re.search(r"rect\(\s*0[a-z]*[\s,]+0|inset\(\s*50%", clip):
            return "clipped away"
    indent = _length_px(style.get("text-indent", "0"), font_px)
    if indent is not None and indent <= _OFFSCREEN_PX:
        return "positioned off-screen"
    if style.get("overflow") == "hidden":
        for side in ("height", "width", "max-height", "max-width"):
            size = _length_px(style.get(side, "1"), font_px)
            if size is not None and size <= 1:
                return "zero-size box"
    return None


class _Writer:
    """Collects visible lines and runs of hidden text."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.findings: list[Finding] = []
        self._hidden_how: str | None = None
        self._hidden: list[str] = []

    def text(self, text: str, state: _State) -> None:
        if not text:
            return
        how = state.hidden
        # size and colour are judged where the text is: a child may set them back
        # ("font-size: 0" on a container whose children set their own size is common CSS)
        if how is None and state.font_px < _MIN_PX:
            how = f"tiny font ({state.font_px * 0.75:.1f} pt)"
        if how is None and state.color is not None and invisible_on(state.color, state.background):
            how = "text in the background colour"
        if how is not None:
            if how != self._hidden_how:
                self.flush_hidden()
                self._hidden_how = how
            self._hidden.append(text)
            return
        if text.strip():
            self.flush_hidden()
        if state.pre:
            pieces = text.split("\n")
            for piece in pieces[:-1]:
                self.current.append(piece)
                self.break_line()
            self.current.append(pieces[-1])
        else:
            self.current.append(text)

    def break_line(self) -> None:
        if self.current:
            self.lines.append(" ".join("".join(self.current).split()))
            self.current = []
        if self._hidden:
            self._hidden.append(" ")

    def flush_hidden(self) -> None:
        text = " ".join("".join(self._hidden).split())
        if self._hidden_how and len(re.findall(r"\w", text)) >= 3:
            self.findings.extend(hidden_finding(self._hidden_how, text, 1))
        self._hidden = []
        self._hidden_how = None


def _decode(data: bytes) -> str:
    match = _META_CHARSET.search(data[:2048])
    if match and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            codecs.lookup(match.group(1).decode("ascii"))
            return data.decode(match.group(1).decode("ascii"), errors="replace")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _background(style: dict[str, str], parent: RGB) -> RGB:
    value = style.get("background-color") or style.get("background")
    if not value:
        return parent
    for token in re.findall(r"#[0-9a-f]{3,8}|rgba?\([^)]*\)|[a-z]+", value):
        color = parse_css_color(token)
        if color is not None:
            return color
    return parent


def parse_html(data: bytes) -> Extract:
    import lxml.etree
    import lxml.html

    text = _XML_DECL.sub("", _decode(data), count=1)
    if not text.strip():
        return Extract(media_type="text/html", pages=1)
    # huge_tree: libxml2 otherwise drops everything nested deeper than 256 elements
    parser = lxml.html.HTMLParser(huge_tree=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except lxml.etree.ParserError:  # "Document is empty": markup without any element
        return Extract(media_type="text/html", pages=1)
    rules: list[_Rule] = []
    for style_element in root.iter("style"):
        rules.extend(_stylesheet(style_element.text_content()))
    sheet = _Sheet(rules)
    writer = _Writer()
    top = _State(hidden=None, color=None, background=WHITE, font_px=16.0, pre=False)
    # an explicit stack: deeply nested markup must not hit Python's recursion limit
    stack: list[tuple[str, Any, _State]] = [("open", root, top)]
    while stack:
        action, item, state = stack.pop()
        if action == "text":
            writer.text(str(item), state)
            continue
        if action == "close":
            tag = str(item.tag).lower()
            if tag in _BLOCK or tag == "br":
                writer.break_line()
            elif tag in _CELL:
                writer.current.append(" ")
            continue
        element = item
        tag_value = element.tag
        tail = element.tail
        if tail:
            stack.append(("text", tail, state))
        if not isinstance(tag_value, str):
            if tag_value is lxml.etree.Comment:
                body = element.text or ""
                if (
                    not body.lstrip().startswith("[")
                    and len(re.findall(r"[^\W\d_]{2,}", body)) >= 3
                ):
                    writer.findings.extend(hidden_finding("HTML comment", body, 1))
            continue
        tag = tag_value.lower()
        if tag in _DROP:
            continue
        style = _style_of(element, sheet)
        font_px = state.font_px
        if "font-size" in style:
            size = _length_px(style["font-size"], state.font_px)
            if size is not None:
                font_px = max(size, 0.0)
        hidden = state.hidden
        if hidden == "visibility:hidden" and style.get("visibility") == "visible":
            hidden = None  # visibility, unlike display, can be turned back on by a child
        hidden = hidden or _hidden_by(element, style, font_px)
        color = state.color
        if "color" in style:
            color = parse_css_color(style["color"]) or color
        child = _State(
            hidden=hidden,
            color=color,
            background=_background(style, state.background),
            font_px=font_px,
            pre=state.pre or tag in ("pre", "textarea"),
        )
        if tag in _BLOCK or tag == "br":
            writer.break_line()
        stack.append(("close", element, child))
        for node in reversed(list(element)):
            stack.append(("open", node, child))
        if element.text:
            stack.append(("text", element.text, child))
    writer.break_line()
    writer.flush_hidden()
    return Extract(
        media_type="text/html",
        pages=1,
        lines=[(1, line) for line in writer.lines],
        findings=writer.findings,
    )
