"""PDF through PDFium (pypdfium2): every character with its box, font size, colour, render
mode and clipping, so that hidden text can be told from visible text, and the visible text
laid out in reading order.

PDFium is C and fast: a 2-page resume (2,200 characters) takes ~6 ms here, layout and checks
included, against ~44 ms for pdfplumber (pdfminer) just to list the characters.
"""

from __future__ import annotations

import ctypes
import functools
import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from fairsift.domain import Finding
from fairsift.errors import Corrupt, Encrypted, TooManyPages
from fairsift.intake.assemble import Extract, hidden_finding
from fairsift.intake.colors import RGB, WHITE, invisible_on
from fairsift.intake.layout import Segment, join_line, reading_order
from fairsift.intake.limits import Limits

__all__ = ["parse_pdf"]

# PDFium is not thread-safe: one document at a time per process (batches use processes)
_LOCK = threading.Lock()

Matrix = tuple[float, float, float, float, float, float]

_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
_MODE_INVISIBLE, _MODE_CLIP = 3, 7
_STROKE_MODES = (1, 5)
_TINY_PT = 2.0
_TINY = "tiny"  # confirmed per character by the glyph box (fonts may scale by FontMatrix)
_OCR_MIN_CHARS = 20  # a page with fewer visible characters than this and a big image is a scan
_BIG_IMAGE = 0.25  # share of the page an image must cover to count as a scan


@dataclass(slots=True)
class _Shape:
    z: int
    box: tuple[float, float, float, float]  # left, bottom, right, top
    fill: RGB | None  # None for images and shadings: colour unknown
    opaque: bool


@dataclass(slots=True)
class _Obj:
    """What is shared by all characters of one text object."""

    z: int
    mode: int
    color: RGB
    alpha: int
    size: float
    clip: tuple[float, float, float, float] | None
    under: list[_Shape]
    over: list[_Shape]
    reason: str | None  # hidden for a reason that holds for the whole object
    simple: bool  # inside page and clip, nothing drawn under or over it: no per-character checks


@dataclass
class _Page:
    segments: list[Segment] = field(default_factory=list)
    hidden: list[tuple[str, str]] = field(default_factory=list)  # (how, text) runs
    layer: list[str] = field(default_factory=list)  # invisible text over an image
    visible_chars: int = 0
    big_image: bool = False


def _matrix(raw: Any, obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if raw.FPDFPageObj_GetMatrix(obj, m):
        return (m.a, m.b, m.c, m.d, m.e, m.f)
    return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(
    m: Matrix,
    n: Matrix,
) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _transform_box(
    box: tuple[float, float, float, float], m: Matrix
) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _walk(raw: Any, page: Any) -> Iterator[tuple[int, Any, Matrix | None]]:
    """(z, object, matrix of the enclosing forms or None at top level), in drawing order."""
    z = 0
    stack: list[tuple[Any, int, int, Matrix | None]] = [
        (page, 0, raw.FPDFPage_CountObjects(page), None)
    ]
    while stack:
        parent, index, count, matrix = stack.pop()
        if index >= count:
            continue
        stack.append((parent, index + 1, count, matrix))
        if matrix is None and parent is page:
            obj = raw.FPDFPage_GetObject(page, index)
        else:
            obj = raw.FPDFFormObj_GetObject(parent, index)
        z += 1
        yield z, obj, matrix
        if raw.FPDFPageObj_GetType(obj) == _FORM and len(stack) < 32:
            inner = _matrix(raw, obj)
            combined = inner if matrix is None else _compose(inner, matrix)
            stack.append((obj, 0, raw.FPDFFormObj_CountObjects(obj), combined))


def _address(obj: Any) -> int:
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def _inventory(
    raw: Any, page: Any, page_area: float
) -> tuple[dict[int, tuple[int, Matrix | None]], list[_Shape], bool]:
    """z of every text object, the filled shapes and images, and whether a big image is there."""
    text_z: dict[int, tuple[int, Matrix | None]] = {}
    shapes: list[_Shape] = []
    big_image = False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for z, obj, matrix in _walk(raw, page):
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == _TEXT:
            text_z[_address(obj)] = (z, matrix)
            continue
        if kind not in (_PATH, _IMAGE, _SHADING):
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        box = (left.value, bottom.value, right.value, top.value)
        if matrix is not None:
            box = _transform_box(box, matrix)
        area = (box[2] - box[0]) * (box[3] - box[1])
        if area < 4.0:  # hairlines and dots hide nothing
            continue
        if kind == _PATH:
            if not raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke) or fill_mode.value == 0:
                continue
            raw.FPDFPageObj_GetFillColor(obj, r, g, b, a)
            shapes.append(_Shape(z, box, (r.value, g.value, b.value), a.value >= 255))
        else:
            shapes.append(_Shape(z, box, None, False))
            if kind == _IMAGE and area >= _BIG_IMAGE * page_area:
                big_image = True
    return text_z, shapes, big_image


def _clip_box(raw: Any, obj: Any) -> tuple[float, float, float, float] | None:
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    paths = raw.FPDFClipPath_CountPaths(clip)
    if paths <= 0:
        return None
    box = (-1e9, -1e9, 1e9, 1e9)
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(paths):
        xs, ys = [], []
        for s in range(raw.FPDFClipPath_CountPathSegments(clip, p)):
            seg = raw.FPDFClipPath_GetPathSegment(clip, p, s)
            if seg and raw.FPDFPathSegment_GetPoint(seg, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            box = (
                max(box[0], min(xs)),
                max(box[1], min(ys)),
                min(box[2], max(xs)),
                min(box[3], max(ys)),
            )
    return box


def _object(
    raw: Any,
    textpage: Any,
    obj: Any,
    index: int,
    placed: tuple[int, Matrix | None],
    shapes: list[_Shape],
    crop: tuple[float, float, float, float],
) -> _Obj:
    z, matrix = placed
    mode = raw.FPDFTextObj_GetTextRenderMode(obj)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if mode in _STROKE_MODES:
        raw.FPDFPageObj_GetStrokeColor(obj, r, g, b, a)
    else:
        raw.FPDFPageObj_GetFillColor(obj, r, g, b, a)
    color = (r.value, g.value, b.value)
    # the size set with Tf, scaled by the text matrix and CTM: text drawn at 10 pt and then
    # scaled by 0.05 is as unreadable as text set at 0.5 pt
    font_size = ctypes.c_float()
    if not raw.FPDFTextObj_GetFontSize(obj, font_size):
        font_size.value = float(raw.FPDFText_GetFontSize(textpage, index))
    m = _matrix(raw, obj)
    size = font_size.value * math.hypot(m[2], m[3])
    clip = _clip_box(raw, obj)
    if clip is not None and matrix is not None:  # inside a form: form space to page space
        clip = _transform_box(clip, matrix)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    under: list[_Shape] = []
    over: list[_Shape] = []
    simple = False
    if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        box = (left.value, bottom.value, right.value, top.value)
        if matrix is not None:
            box = _transform_box(box, matrix)
        for shape in shapes:
            sl, sb, sr, st = shape.box
            if sl < box[2] and box[0] < sr and sb < box[3] and box[1] < st:
                (under if shape.z < z else over).append(shape)
        inside_crop = (
            crop[0] <= box[0] and box[2] <= crop[2] and crop[1] <= box[1] and box[3] <= crop[3]
        )
        inside_clip = clip is None or (
            clip[0] - 1 <= box[0]
            and box[2] <= clip[2] + 1
            and clip[1] - 1 <= box[1]
            and box[3] <= clip[3] + 1
        )
        simple = inside_crop and inside_clip and not under and not over
    reason = None
    if mode in (_MODE_INVISIBLE, _MODE_CLIP):
        reason = "invisible text (render mode 3)"
    elif a.value == 0:
        reason = "fully transparent text"
    elif 0 < size < _TINY_PT:
        reason = _TINY
    elif not under and invisible_on(color, WHITE):
        reason = "white text on a white background"
    return _Obj(z, mode, color, a.value, size, clip, under, over, reason, simple)


def _char_reason(
    o: _Obj, x0: float, y0: float, x1: float, y1: float, crop: tuple[float, float, float, float]
) -> str | None:
    """Why one character of a not-simple object cannot be seen, or None."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if x1 < crop[0] or x0 > crop[2] or y1 < crop[1] or y0 > crop[3]:
        return "outside the page"
    clip = o.clip
    if clip is not None and (
        x1 < clip[0] - 1 or x0 > clip[2] + 1 or y1 < clip[1] - 1 or y0 > clip[3] + 1
    ):
        return "clipped away"
    background: RGB | None = WHITE
    for shape in reversed(o.under):
        sl, sb, sr, st = shape.box
        if sl <= cx <= sr and sb <= cy <= st:
            background = shape.fill
            break
    if background is not None and invisible_on(o.color, background):
        if background == WHITE:
            return "white text on a white background"
        return "text in the background colour"
    for shape in o.over:
        sl, sb, sr, st = shape.box
        if shape.opaque and sl <= x0 and x1 <= sr and sb <= y0 and y1 <= st:
            return "covered by a shape drawn over it"
    return None


def _in_image(shapes: list[_Shape], x0: float, y0: float, x1: float, y1: float) -> bool:
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return any(
        s.fill is None and s.box[0] <= cx <= s.box[2] and s.box[1] <= cy <= s.box[3] for s in shapes
    )


def _read_page(raw: Any, page: Any) -> _Page:
    result = _Page()
    crop = tuple(page.get_cropbox())
    page_area = max((crop[2] - crop[0]) * (crop[3] - crop[1]), 1.0)
    placed, shapes, result.big_image = _inventory(raw, page.raw, page_area)
    textpage = page.get_textpage()
    try:
        _read_chars(raw, textpage.raw, placed, shapes, crop, result)
    finally:
        textpage.close()
    return result


@functools.cache
def _object_address_getter(raw: Any) -> Callable[[Any, int], int]:
    """FPDFText_GetTextObject returning the object's address as an int: comparing addresses
    is how characters are grouped by object, and a cast per character costs 2 µs."""
    try:
        from pypdfium2_raw.bindings import _libs

        function = _libs["pdfium"]["FPDFText_GetTextObject"]
        function.argtypes = [ctypes.c_void_p, ctypes.c_int]
        function.restype = ctypes.c_void_p
        return cast(Callable[[Any, int], int], function)
    except (ImportError, KeyError, AttributeError, TypeError):
        get = raw.FPDFText_GetTextObject
        return lambda tp, i: _address(get(tp, i))


def _read_chars(
    raw: Any,
    tp: Any,
    placed: dict[int, tuple[int, Matrix | None]],
    shapes: list[_Shape],
    crop: tuple[float, float, float, float],
    result: _Page,
) -> None:
    count = raw.FPDFText_CountChars(tp)
    if count <= 0:
        return
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(tp, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # characters outside the BMP: fetch one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(count))
    if "\ufffe" in text:  # PDFium's mark for a hyphen at the end of a line: it is printed
        text = text.replace("\ufffe", "-")
    get_address = _object_address_getter(raw)
    get_object = raw.FPDFText_GetTextObject
    get_box = raw.FPDFText_GetLooseCharBox
    rect = raw.FS_RECTF()
    objects: dict[int, _Obj] = {}
    segments = result.segments
    layer = result.layer
    hidden_how: str | None = None
    hidden_text: list[str] = []
    # the segment being built, kept in locals: this loop runs once per character
    chars: list[str] = []
    sx0 = sx1 = sy0 = sy1 = size = 0.0
    space = False
    last_address = -1
    o: _Obj | None = None
    visible = 0
    for i in range(count):
        ch = text[i]
        if ch.isspace() or ch == "\x00":
            space = True
            if hidden_text:
                hidden_text.append(" ")
            continue
        address = get_address(tp, i)
        if not address:
            space = True  # a character PDFium generated
            continue
        if address != last_address:
            last_address = address
            o = objects.get(address)
            if o is None:
                o = _object(
                    raw, tp, get_object(tp, i), i, placed.get(address, (0, None)), shapes, crop
                )
                objects[address] = o
        assert o is not None
        get_box(tp, i, rect)
        x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        if y1 < y0:
            y0, y1 = y1, y0
        how = o.reason
        if how is _TINY:
            # a Type 3 font may set its size in its FontMatrix: trust the glyph box as well
            how = f"tiny font ({o.size:.1f} pt)" if y1 - y0 < 1.5 * _TINY_PT else None
        if how is None and not o.simple:
            how = _char_reason(o, x0, y0, x1, y1, crop)
        if how is not None:
            if o.mode in (_MODE_INVISIBLE, _MODE_CLIP) and _in_image(shapes, x0, y0, x1, y1):
                layer.append(" " + ch if space else ch)
                space = False
                continue
            if how != hidden_how:
                if hidden_text:
                    result.hidden.append((hidden_how or "", "".join(hidden_text)))
                hidden_text = []
                hidden_how = how
            elif space:
                hidden_text.append(" ")
            hidden_text.append(ch)
            space = False
            continue
        visible += 1
        if chars:
            gap = x0 - sx1
            h = max(y1 - y0, sy1 - sy0)
            if abs(y0 + y1 - sy0 - sy1) < h and -0.3 * h <= gap < 0.9 * max(o.size, 1.0):
                if space or gap > 0.25 * o.size:
                    chars.append(" ")
                chars.append(ch)
                if x1 > sx1:
                    sx1 = x1
                if y0 < sy0:
                    sy0 = y0
                if y1 > sy1:
                    sy1 = y1
                space = False
                continue
            segments.append(Segment(sx0, sx1, sy0, sy1, "".join(chars), size))
        chars = [ch]
        sx0, sx1, sy0, sy1, size = x0, x1, y0, y1, o.size
        space = False
    if chars:
        segments.append(Segment(sx0, sx1, sy0, sy1, "".join(chars), size))
    if hidden_text:
        result.hidden.append((hidden_how or "", "".join(hidden_text)))
    result.visible_chars = visible


def _ocr_page(page: Any, page_number: int, limits: Limits) -> list[str]:
    from fairsift.intake.ocr import ocr_page

    return ocr_page(page, page_number, limits.ocr_language)


def _open(data: bytes, name: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4:
            raise Encrypted(f"{name!r} is a password-protected PDF") from exc
        if code == 6:
            raise Encrypted(f"{name!r} uses a PDF security handler that cannot be opened") from exc
        raise Corrupt(f"{name!r} is not a readable PDF ({exc})") from exc


def parse_pdf(data: bytes, name: str, limits: Limits) -> Extract:
    with _LOCK:
        return _parse(data, name, limits)


def _parse(data: bytes, name: str, limits: Limits) -> Extract:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = _open(data, name)
    try:
        total = len(document)
        if total > limits.max_pages:
            raise TooManyPages(f"{name!r} has {total} pages (limit {limits.max_pages})")
        if total == 0:
            raise Corrupt(f"{name!r} is a PDF without pages")
        extract = Extract(media_type="application/pdf", pages=total)
        for number in range(1, total + 1):
            try:
                page = document[number - 1]
            except pdfium.PdfiumError as exc:
                raise Corrupt(f"{name!r}: page {number} cannot be read ({exc})") from exc
            try:
                _page_into(extract, raw, page, number, limits)
            finally:
                page.close()
        return extract
    finally:
        document.close()


def _page_into(extract: Extract, raw: Any, page: Any, number: int, limits: Limits) -> None:
    found = _read_page(raw, page)
    findings: list[Finding] = extract.findings
    for how, text in found.hidden:
        if sum(c.isalnum() for c in text) >= 3:
            findings.extend(hidden_finding(how, text, number))
    layer = "".join(found.layer).strip()
    scanned = found.big_image and (
        found.visible_chars < _OCR_MIN_CHARS or len(layer) > found.visible_chars
    )
    if scanned and limits.ocr:
        lines = _ocr_page(page, number, limits)
        findings.append(
            Finding(
                "ocr",
                f"page {number} is a scanned image; its text was read by OCR (tesseract) "
                "and may contain errors",
                number,
            )
        )
        if layer:
            seen = {w.lower() for line in lines for w in line.split()}
            words = layer.split()
            unseen = [w for w in words if w.lower() not in seen]
            if len(unseen) > 0.5 * len(words):
                findings.extend(
                    hidden_finding(
                        "invisible text over an image that differs from the image", layer, number
                    )
                )
        extract.lines.extend((number, line) for line in lines)
        return
    if scanned:
        findings.append(
            Finding(
                "ocr_skipped",
                f"page {number} is a scanned image and OCR is off; its text was not read",
                number,
            )
        )
    if layer:
        findings.extend(hidden_finding("invisible text over an image", layer, number))
    for line in reading_order(found.segments):
        extract.lines.append((number, join_line(line)))
