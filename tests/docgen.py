"""Generate real test documents: PDFs with reportlab, DOCX with python-docx.

Other test modules and benchmarks import this with `tests/` on `sys.path`:

    from docgen import make_pdf, make_docx, make_scanned_pdf, make_encrypted_pdf, make_zip_bomb_docx

Every function writes one file at `path` and returns it as a Path.

Hidden-text kinds understood by `make_pdf(..., hidden=[(kind, text)])`:
    "white"            white text on the white page
    "background"       text in the same colour as the filled box drawn under it
    "covered"          normal text with an opaque white box drawn over it
    "tiny"             a 0.5 pt font
    "offpage"          drawn to the right of the page box
    "clipped"          drawn outside a clipping rectangle
    "render_invisible" text render mode 3 (neither fill nor stroke)

Hidden-text kinds for `make_docx(..., hidden=[(kind, text)])`:
    "vanish" (w:vanish), "white" (white font colour), "tiny" (1 pt font)
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

PAGE_W, PAGE_H = 612.0, 792.0  # US Letter, points
MARGIN = 54.0
FONT = "Helvetica"
SIZE = 10.5
LEADING = 14.0

PDF_HIDDEN_KINDS = (
    "white",
    "background",
    "covered",
    "tiny",
    "offpage",
    "clipped",
    "render_invisible",
)
DOCX_HIDDEN_KINDS = ("vanish", "white", "tiny")

__all__ = [
    "DOCX_HIDDEN_KINDS",
    "PDF_HIDDEN_KINDS",
    "make_docx",
    "make_encrypted_pdf",
    "make_pdf",
    "make_scanned_pdf",
    "make_zip_bomb_docx",
    "resume_lines",
]


def resume_lines(name: str = "Alex Morgan", pages: int = 1) -> list[list[str]]:
    """A plausible resume as pages of lines (about 40 lines a page), for fixtures and benchmarks."""
    head = [
        name,
        "Senior Software Engineer",
        "Summary",
        "Backend engineer with eight years of experience building data platforms in Python and Go.",
        "Experience",
        "Software Engineer, Northwind Analytics, Feb. 2019 - July 2023",
        "- Designed a streaming ingestion service in Python handling 40,000 events per second.",
        "- Migrated batch jobs from cron to Airflow and cut failed runs by 70 percent.",
        "- Mentored four junior engineers and led the code review guild.",
        "Junior Developer, Contoso Retail, 11/2015 - 01/2019",
        "- Built REST APIs with Django and PostgreSQL for the order management system.",
        "- Wrote integration tests and introduced continuous integration with GitHub Actions.",
        "Education",
        "BSc Computer Science, University of Leeds, 2015",
        "Skills",
        "Python, Go, SQL, PostgreSQL, Kafka, Airflow, Docker, Kubernetes, AWS, Terraform",
        "Certifications",
        "AWS Certified Solutions Architect - Associate",
        "Languages",
        "English (native), Spanish (professional working proficiency)",
    ]
    more = [
        "Projects",
        "- Open-source contributor to a data validation library used by 300 companies.",
        "- Built a cost dashboard that saved 18 percent of the monthly cloud bill.",
        "- Wrote a command-line tool that checks database migrations before deployment.",
        "Publications",
        "- Practical stream processing for small teams, PyCon UK, 2021.",
        "Volunteering",
        "- Taught introductory programming to adults at a public library, 2017 - 2020.",
    ]
    result = [head]
    for index in range(1, pages):
        result.append([f"{line} ({index})" if line.startswith("-") else line for line in more] * 3)
    return result


def _canvas(path: Path, encrypt: object = None) -> object:
    from reportlab.pdfgen import canvas

    # invariant=1 makes the bytes reproducible (no timestamps or random ids)
    return canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1, encrypt=encrypt)


def _wrap(lines: Sequence[str], width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(simpleSplit(line, FONT, SIZE, width) or [""])
    return wrapped


def _draw_hidden(c: object, kind: str, text: str, y: float) -> None:
    """Draw `text` so that no reader can see it, in the way `kind` names."""
    from reportlab.lib.colors import Color, black, white

    cv = c  # reportlab's Canvas is untyped
    cv.saveState()  # type: ignore[attr-defined]
    cv.setFont(FONT, SIZE)  # type: ignore[attr-defined]
    if kind == "white":
        cv.setFillColor(white)  # type: ignore[attr-defined]
        cv.drawString(MARGIN, y, text)  # type: ignore[attr-defined]
    elif kind == "background":
        blue = Color(0.85, 0.9, 1.0)
        cv.setFillColor(blue)  # type: ignore[attr-defined]
        cv.rect(MARGIN - 4, y - 4, PAGE_W - 2 * MARGIN + 8, SIZE + 6, stroke=0, fill=1)  # type: ignore[attr-defined]
        cv.drawString(MARGIN, y, text)  # type: ignore[attr-defined]
    elif kind == "covered":
        cv.setFillColor(black)  # type: ignore[attr-defined]
        cv.drawString(MARGIN, y, text)  # type: ignore[attr-defined]
        cv.setFillColor(white)  # type: ignore[attr-defined]
        cv.rect(MARGIN - 4, y - 4, PAGE_W - 2 * MARGIN + 8, SIZE + 6, stroke=0, fill=1)  # type: ignore[attr-defined]
    elif kind == "tiny":
        cv.setFont(FONT, 0.5)  # type: ignore[attr-defined]
        cv.drawString(MARGIN, y, text)  # type: ignore[attr-defined]
    elif kind == "offpage":
        cv.drawString(PAGE_W + 40, y, text)  # type: ignore[attr-defined]
    elif kind == "clipped":
        path = cv.beginPath()  # type: ignore[attr-defined]
        path.rect(0, 0, 20, 20)
        cv.clipPath(path, stroke=0, fill=0)  # type: ignore[attr-defined]
        cv.drawString(MARGIN, y, text)  # type: ignore[attr-defined]
    elif kind == "render_invisible":
        t = cv.beginText(MARGIN, y)  # type: ignore[attr-defined]
        t.setFont(FONT, SIZE)
        t.setTextRenderMode(3)
        t.textLine(text)
        cv.drawText(t)  # type: ignore[attr-defined]
    else:
        raise ValueError(f"unknown hidden kind {kind!r}; use one of {PDF_HIDDEN_KINDS}")
    cv.restoreState()  # type: ignore[attr-defined]


def make_pdf(
    path: str | Path,
    pages: Sequence[Sequence[str]],
    *,
    columns: int = 1,
    hidden: Sequence[tuple[str, str]] = (),
) -> Path:
    """A text PDF, one list of lines per page, Helvetica 10.5 pt on US Letter, 14 pt leading.

    With one column, lines are drawn as given: keep them under ~90 characters and ~50 lines a
    page, or they run past the page box (and are then reported as hidden text). Helvetica
    draws Latin-1 only. columns=2 flows each page's lines down the left column, then the right
    one, wrapping lines longer than a column (use prose, as a real two-column resume has).
    Hidden snippets go on the first page, below the visible lines.
    """
    path = Path(path)
    c = _canvas(path)
    gutter = 24.0
    col_w = (PAGE_W - 2 * MARGIN - gutter * (columns - 1)) / columns
    for page_index, lines in enumerate(pages):
        c.setFont(FONT, SIZE)  # type: ignore[attr-defined]
        per_col = int((PAGE_H - 2 * MARGIN) // LEADING)
        flowed = _wrap(lines, col_w) if columns > 1 else list(lines)
        if columns > 1:
            # balance the columns, as two-column resume templates do
            per_col = min(per_col, -(-len(flowed) // columns))
        y = PAGE_H - MARGIN
        for index, line in enumerate(flowed):
            col = min(index // per_col, columns - 1) if columns > 1 else 0
            row = index - col * per_col if columns > 1 else index
            x = MARGIN + col * (col_w + gutter)
            c.drawString(x, PAGE_H - MARGIN - row * LEADING, line)  # type: ignore[attr-defined]
            y = min(y, PAGE_H - MARGIN - row * LEADING)
        if page_index == 0:
            for kind, text in hidden:
                y -= 2 * LEADING
                _draw_hidden(c, kind, text, y)
        c.showPage()  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    return path


def make_encrypted_pdf(path: str | Path, lines: Sequence[str], password: str = "secret") -> Path:
    """A PDF that needs `password` to open (RC4, as reportlab writes it)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = Path(path)
    c = _canvas(path, encrypt=StandardEncryption(password, canPrint=0))
    c.setFont(FONT, SIZE)  # type: ignore[attr-defined]
    for index, line in enumerate(lines):
        c.drawString(MARGIN, PAGE_H - MARGIN - index * LEADING, line)  # type: ignore[attr-defined]
    c.showPage()  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    return path


def make_scanned_pdf(
    path: str | Path,
    lines: Sequence[str],
    dpi: int = 200,
    *,
    text_layer: Sequence[str] | None = None,
) -> Path:
    """An image-only PDF page: `lines` rendered into a picture at `dpi`, no text layer.

    `text_layer` adds invisible text (render mode 3) over the picture, as OCR tools write it;
    pass `lines` for an honest layer, anything else for a lying one.
    Uses Pillow's bundled font, so it needs no system fonts.
    """
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    path = Path(path)
    scale = dpi / 72.0
    image = Image.new("L", (int(PAGE_W * scale), int(PAGE_H * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=int(12 * scale))
    for index, line in enumerate(lines):
        xy = (MARGIN * scale, (MARGIN + index * 18) * scale)
        draw.text(xy, line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    c = _canvas(path)
    c.drawImage(ImageReader(buffer), 0, 0, PAGE_W, PAGE_H)  # type: ignore[attr-defined]
    for index, line in enumerate(text_layer or ()):
        t = c.beginText(MARGIN, PAGE_H - MARGIN - 12 - index * 18)  # type: ignore[attr-defined]
        t.setFont(FONT, 12)
        t.setTextRenderMode(3)
        t.textLine(line)
        c.drawText(t)  # type: ignore[attr-defined]
    c.showPage()  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    return path


def make_docx(
    path: str | Path,
    paragraphs: Sequence[str],
    *,
    hidden: Sequence[tuple[str, str]] = (),
) -> Path:
    """A DOCX with one paragraph per string; each hidden snippet is appended as its own
    paragraph, hidden in the way its kind names (see DOCX_HIDDEN_KINDS)."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    path = Path(path)
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for kind, text in hidden:
        run = document.add_paragraph().add_run(text)
        if kind == "vanish":
            run.font.hidden = True
        elif kind == "white":
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        elif kind == "tiny":
            run.font.size = Pt(1)
        else:
            raise ValueError(f"unknown hidden kind {kind!r}; use one of {DOCX_HIDDEN_KINDS}")
    document.core_properties.author = "fairsift tests"
    document.save(str(path))
    return path


def make_zip_bomb_docx(path: str | Path, unzipped_mb: int = 30) -> Path:
    """A DOCX whose document.xml inflates to `unzipped_mb` MB from a few tens of KB
    (a ratio of about 1000:1)."""
    path = Path(path)
    make_docx(path, ["A resume that is far larger than it looks."])
    base = path.read_bytes()
    padding = b" " * (unzipped_mb * 1_000_000)
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                # whitespace before the closing tag keeps the XML valid
                cut = data.rindex(b"</w:document>")
                data = data[:cut] + padding + data[cut:]
            target.writestr(info.filename, data)
    return path
