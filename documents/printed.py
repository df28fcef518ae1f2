"""An outgoing document as a .docx in the Party's format (HD 36-HD/VPTW, 2018, until its successor is confirmed;
SOURCES-2026 §6): top left the superior body, the issuing body in bold, an asterisk and "Số 12-NQ/ĐUK"; top right
"ĐẢNG CỘNG SẢN VIỆT NAM" over a rule and the place and date in italics ("Vĩnh Phúc, ngày 05 tháng 12 năm 2026");
the kind's name in capitals and the summary, centred and bold; the text; bottom left "Nơi nhận:" with the recipients,
bottom right the signature block (T/M the collective, the position, the name). A secrecy mark above the kind's name.
A4, Times New Roman 14 (the margins of the older handbook: 20/20/30/15 mm, UNCONFIRMED for HD 36)."""

import io
import re

from docx import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .models import Confidentiality, Document, Issuer

FONT = "Times New Roman"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
BLANK = "…"
MARKS = {Confidentiality.CONFIDENTIAL: "MẬT", Confidentiality.SECRET: "TỐI MẬT",
         Confidentiality.TOP_SECRET: "TUYỆT MẬT"}


def long_date(document: Document) -> str:
    day = document.issued_on
    place = document.place or BLANK
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def collective(issuer: Issuer) -> str:
    """Who "T/M" signs for: the committee (a cell: CHI BỘ), the standing committee, the inspection committee, the
    congress's presidium."""
    if issuer.kind == Issuer.Kind.STANDING_COMMITTEE:
        return "BAN THƯỜNG VỤ"
    if issuer.kind == Issuer.Kind.INSPECTION_COMMITTEE:
        return "ỦY BAN KIỂM TRA"
    if issuer.kind == Issuer.Kind.CONGRESS:
        return "ĐOÀN CHỦ TỊCH"
    return "CHI BỘ" if issuer.organization.kind.holds_members else "ĐẢNG ỦY"


def signature_lines(document: Document) -> list[str]:
    lines = []
    if document.sign_as:
        lines.append(f"{document.sign_as} {collective(document.issuer)}" if document.sign_as == "T/M"
                     else document.sign_as)
    lines.append(document.signer_position.upper())
    return lines


def _fonts(style, size=14) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _columns(docx, widths):
    table = docx.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table.rows[0].cells


def _line(container, text="", *, bold=False, italic=False, size=None, align=WD_ALIGN_PARAGRAPH.CENTER, first=False,
          underline=False):
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text or "") if line.strip()]


def letterhead(issuer, *, number: str, date_line: str):
    """A new A4 page in the Party format (HD 36) with its heading: the issuing body (under its superior), the number
    and symbol on the left; the national Party line, the place and date on the right."""
    docx = Docx()
    _fonts(docx.styles["Normal"])
    section = docx.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)

    left, right = _columns(docx, (Cm(7.5), Cm(9)))
    first = True
    if issuer.superior:
        _line(left, issuer.superior.upper(), first=True)
        first = False
    _line(left, issuer.name.upper(), bold=True, first=first)
    _line(left, "*")
    _line(left, number)
    _line(right, PARTY, bold=True, size=15, underline=True, first=True)
    _line(right, "")
    _line(right, date_line, italic=True)
    return docx


def document_docx(document: Document, kind_name: str) -> bytes:
    """The .docx of an outgoing document; `kind_name` is the kind's name in the rule in force on its date."""
    docx = letterhead(document.issuer, number=f"Số {document.symbol}", date_line=long_date(document))

    if document.is_confidential:
        _line(docx, MARKS[document.confidentiality], bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(docx, "")
    _line(docx, kind_name.upper(), bold=True, size=16)
    _line(docx, document.title, bold=True)
    _line(docx, "-----")
    for text in _paragraphs(document.body):
        paragraph = _line(docx, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)
    _line(docx, "")

    left, right = _columns(docx, (Cm(7.5), Cm(9)))
    _line(left, "Nơi nhận:", underline=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for recipient in document.recipient_lines():
        _line(left, f"- {recipient},", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "- Lưu Văn phòng.", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for text in signature_lines(document):
        _line(right, text, bold=True, first=first)
        first = False
    for _i in range(3):
        _line(right, "")
    _line(right, document.signer_name, bold=True)

    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
