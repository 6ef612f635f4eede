"""PDF from simple blocks (headings, paragraphs, tables, drawings) with reportlab, a pure
Python library: the letters and summaries fairsift writes are rendered without a browser.
Vera (shipped with reportlab) covers Latin scripts; blind-mode masks become "[masked]"."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["Block", "render_pdf"]

_MASKED = re.compile(r"█+")


@dataclass(frozen=True)
class Block:
    """kind: "h1", "h2", "p", "small", "table" (rows: header first) or "drawing" (a
    reportlab Drawing in `drawing`)."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    drawing: Any = None


@cache
def _fonts() -> tuple[str, str]:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    try:
        pdfmetrics.registerFont(TTFont("FairsiftSans", str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("FairsiftSans-Bold", str(folder / "VeraBd.ttf")))
        return "FairsiftSans", "FairsiftSans-Bold"
    except Exception:  # a reportlab without its fonts: the built-in Latin-1 ones
        return "Helvetica", "Helvetica-Bold"


def _clean(text: str) -> str:
    return escape(_MASKED.sub("[masked]", text))


def render_pdf(blocks: Sequence[Block], title: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    styles = {
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=16, leading=20, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=8),
        "p": ParagraphStyle("p", fontName=regular, fontSize=10, leading=13, spaceAfter=4),
        "small": ParagraphStyle("s", fontName=regular, fontSize=8, leading=10, textColor="#555555"),
        "cell": ParagraphStyle("c", fontName=regular, fontSize=8, leading=10),
        "head": ParagraphStyle("hd", fontName=bold, fontSize=8, leading=10),
    }
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=title,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    )
    flow: list[Any] = []
    for block in blocks:
        if block.kind == "table":
            data = [
                [Paragraph(_clean(c), styles["head" if i == 0 else "cell"]) for c in row]
                for i, row in enumerate(block.rows)
            ]
            widths = [w * doc.width for w in block.widths] if block.widths else None
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            flow += [table, Spacer(1, 4 * mm)]
        elif block.kind == "drawing":
            flow.append(block.drawing)
        else:
            flow.append(Paragraph(_clean(block.text), styles[block.kind]))
    doc.build(flow)
    return out.getvalue()
