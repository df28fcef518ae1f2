"""A periodic report as a .docx in the Party's format, with documents.printed's building blocks (HD 36-HD/VPTW;
SOURCES-2026 §6): top left the superior body, the issuing committee in bold, an asterisk and "Số 05-BC/ĐU"; top right
"ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date; "BÁO CÁO" and the summary; the four parts of the text with the
figures counted (frozen at submission) in a table; "Nơi nhận:" and the signature block ("T/M ĐẢNG ỦY" or "T/M CHI
BỘ", the position, the name). A draft prints with the number left blank and today's date. And the figures as a
workbook in the forms' layout (the committee, the form's title, the period, a table per section)."""

import datetime
import io

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from core.dates import dmy
from core.exports import defuse
from documents.models import Issuer
from documents.numbering import issuer_defaults
from documents.printed import BLANK, _columns, _line, _paragraphs, collective, letterhead

from .figures import figure_sections
from .models import PeriodicReport

PARTS = (("I. TÌNH HÌNH CHUNG", "situation"), ("II. KẾT QUẢ THỰC HIỆN CÁC MẶT CÔNG TÁC", "results"),
         ("III. HẠN CHẾ, NGUYÊN NHÂN", "shortcomings"), ("IV. NHIỆM VỤ KỲ TỚI", "tasks"))


def report_issuer(report: PeriodicReport) -> Issuer:
    """The body printed top left: the registered document's, or (a draft) the committee as recorded in the register
    (an administrator may have corrected it), or as it would be recorded the first time, never written here."""
    if report.document_id:
        return report.document.issuer
    recorded = Issuer.objects.filter(organization=report.organization, kind=Issuer.Kind.COMMITTEE).first()
    if recorded is not None:
        return recorded
    return Issuer(organization=report.organization, kind=Issuer.Kind.COMMITTEE,
                  **issuer_defaults(report.organization, Issuer.Kind.COMMITTEE))


YEARS = {"campaign_year"}  # figures that are years, never written with a thousands separator


def _value(value, key: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int) and value >= 1000 and key not in YEARS:
        return f"{value:,}".replace(",", ".")
    return str(value)


def _long_date(place: str, day: datetime.date) -> str:
    return f"{place or BLANK}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def report_docx(report: PeriodicReport, figures: dict) -> bytes:
    from .services import report_title

    document = report.document
    issuer = report_issuer(report)
    day = document.issued_on if document else timezone.localdate()
    docx = letterhead(issuer, number=f"Số {document.symbol}" if document else f"Số {BLANK}-BC/{issuer.symbol}",
                      date_line=_long_date(document.place if document else "", day))

    _line(docx, "")
    _line(docx, "BÁO CÁO", bold=True, size=16)
    _line(docx, report_title(report), bold=True)
    _line(docx, f"(Từ ngày {dmy(report.starts_on)} đến ngày {dmy(report.ends_on)})", italic=True)
    _line(docx, "-----")
    for heading, name in PARTS:
        _line(docx, heading, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT).paragraph_format.space_before = Pt(6)
        for text in _paragraphs(getattr(report, name)):
            paragraph = _line(docx, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            paragraph.paragraph_format.first_line_indent = Cm(1)
            paragraph.paragraph_format.space_after = Pt(6)
        if name == "results":
            _figures_table(docx, figures)
    _line(docx, "")

    left, right = _columns(docx, (Cm(7.5), Cm(9)))
    _line(left, "Nơi nhận:", underline=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    recipients = document.recipient_lines() if document else [
        line for line in [report.organization.parent.name if report.organization.parent_id else ""] if line]
    for recipient in recipients:
        _line(left, f"- {recipient},", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "- Lưu Văn phòng.", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, f"T/M {collective(issuer)}", bold=True, first=True)
    _line(right, (document.signer_position if document else "BÍ THƯ").upper(), bold=True)
    for _i in range(3):
        _line(right, "")
    _line(right, document.signer_name if document else "", bold=True)

    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _figures_table(docx, figures: dict) -> None:
    as_of = figures.get("as_of")
    if as_of:
        _line(docx, f"Số liệu đến ngày {dmy(datetime.date.fromisoformat(as_of))}:", italic=True,
              align=WD_ALIGN_PARAGRAPH.LEFT)
    table = docx.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for part in figure_sections(figures, printed=True):
        cells = table.add_row().cells
        cells[0].merge(cells[1])
        cells[0].paragraphs[0].add_run(part["title"]).bold = True
        for key, label, value in part["rows"]:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = _value(value, key)
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def report_workbook(report: PeriodicReport, figures: dict) -> Workbook:
    from .services import report_title

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bao cao"
    issuer = report_issuer(report)
    # the texts an administrator or a user wrote (the body's name, the symbol) never run as a formula
    sheet.append([defuse(issuer.name.upper())])
    sheet["A1"].font = Font(bold=True)
    sheet.append([defuse(f"Số {report.document.symbol}") if report.document_id else ""])
    sheet.append([defuse(("BÁO CÁO " + report_title(report)).upper())])
    sheet["A3"].font = Font(bold=True, size=13)
    sheet.append([f"Từ ngày {dmy(report.starts_on)} đến ngày {dmy(report.ends_on)}"])
    as_of = figures.get("as_of")
    sheet.append([f"Số liệu đến ngày {dmy(datetime.date.fromisoformat(as_of))}" if as_of else ""])
    for part in figure_sections(figures, printed=True):
        sheet.append([])
        sheet.append([defuse(part["title"]), "Số lượng"])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for _key, label, value in part["rows"]:
            sheet.append([defuse(label), value])
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 18
    return workbook
