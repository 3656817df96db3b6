"""The CV as a PDF (fpdf2) and as a Word document (python-docx), written from a views.CvDocument in memory.

The contact details they hold were typed in the request that asks for the file and go nowhere else: no file is
written to disk, nothing is logged. fpdf2 and fontTools log at INFO and WARNING with pieces of the text (the glyphs
a font lacks, say), so their loggers are kept to errors without text.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from guide.profile.views import CvDocument

# The PDF's font: DejaVu Sans, from Debian's fonts-dejavu-core (installed by .ci/setup). It covers Latin, Greek,
# Cyrillic and Arabic letters, so a name like "Łukasz", "Zoë" or "Ayşe" prints as typed; fpdf2's own core fonts
# know only Latin-1.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT_REGULAR, FONT_BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

for _name in ("fpdf", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class NoFont(RuntimeError):
    """The PDF's font is not installed on this server."""


def font_dir() -> Path:
    for folder in FONT_DIRS:
        if (folder / FONT_REGULAR).is_file() and (folder / FONT_BOLD).is_file():
            return folder
    raise NoFont(FONT_REGULAR)


def cv_pdf(document: CvDocument) -> bytes:
    from fpdf import FPDF

    folder = font_dir()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("DejaVu", "", str(folder / FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(folder / FONT_BOLD))
    pdf.set_title(document.title)
    pdf.set_lang(document.lang)
    pdf.set_creator("Ten Steps")
    pdf.add_page()
    width = pdf.epw
    if document.name:
        pdf.set_font("DejaVu", "B", 20)
        pdf.multi_cell(width, 9, document.name, new_x="LMARGIN", new_y="NEXT")
    if document.contact:
        pdf.set_font("DejaVu", "", 10.5)
        pdf.multi_cell(width, 5.5, "  ·  ".join(document.contact), new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(width, 7, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(120, 120, 120)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(1.5)
        for item in section.items:
            head = f"{item.when}   {item.text}" if item.when else item.text
            pdf.set_font("DejaVu", "B" if item.when or item.detail else "", 11)
            pdf.multi_cell(width, 5.8, head, new_x="LMARGIN", new_y="NEXT")
            if item.detail:
                pdf.set_font("DejaVu", "", 10)
                pdf.multi_cell(width, 5.2, item.detail, new_x="LMARGIN", new_y="NEXT")
            if item.more:
                pdf.set_font("DejaVu", "", 10.5)
                pdf.multi_cell(width, 5.5, item.more, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        if section.note:
            pdf.set_font("DejaVu", "", 8.5)
            pdf.multi_cell(width, 4.5, section.note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# What XML 1.0 cannot hold (a Word file is XML): the controls forms do not drop (vertical tab and the like come in
# through stored text), surrogates, U+FFFE and U+FFFF. Left in, python-docx refuses the whole document.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def cv_docx(document: CvDocument) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.language = _xml(document.title), "", "", document.lang
    props.comments = ""
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    if document.name:
        doc.add_heading(_xml(document.name), level=0)
    if document.contact:
        doc.add_paragraph(_xml("  ·  ".join(document.contact)))
    for section in document.sections:
        doc.add_heading(_xml(section.heading), level=1)
        for item in section.items:
            paragraph = doc.add_paragraph()
            if item.when:
                paragraph.add_run(_xml(f"{item.when}   ")).bold = True
            paragraph.add_run(_xml(item.text)).bold = bool(item.when or item.detail)
            if item.detail:
                paragraph.add_run(_xml(f" — {item.detail}"))
            if item.more:
                doc.add_paragraph(_xml(item.more))
        if section.note:
            note = doc.add_paragraph().add_run(_xml(section.note))
            note.font.size = Pt(8.5)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
