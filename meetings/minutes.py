"""The minutes of a held cell meeting (biên bản sinh hoạt chi bộ) as a .docx, in the Party's document format (HD
36-HD/VPTW, 2018): issuing organisation top left with the number line ("Số 05-BB/CB", given when the minutes are
approved), "ĐẢNG CỘNG SẢN VIỆT NAM" top right with the place and date, the title, then who attended (HD 12-HD/BTCTW:
full / probationary, exempt, present, absent by name with the reason), each step of the agenda as recorded, the
resolution and its vote, and the signatures.

Missing optional data (no chair, no guests, no vote yet ...) is shown as "…", to be filled in by hand."""

import datetime
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from members.choices import Status as MemberStatus

from .models import Attendance, MeetingKind, StepCode
from .quality import attendance_rate

FONT = "Times New Roman"
SIZE = Pt(14)
GAP = Pt(3)  # space after a paragraph
TIGHT = Pt(0)
PLACE = "Vĩnh Phúc"
BLANK = "…"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"

Presence = Attendance.Presence


# ---- formatting helpers ---------------------------------------------------------------------------------

def _time(value: datetime.time | None) -> str:
    return f"{value.hour:02d}g{value.minute:02d}" if value else BLANK


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else BLANK


def _long_date(value: datetime.date | None) -> str:
    if not value:
        return "ngày … tháng … năm …"
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def _percent(part: int, whole: int) -> str:
    if not whole:
        return f"{BLANK}%"
    value = round(100 * part / whole, 1)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{text}%"


def _comrade(member) -> str:
    return f"đồng chí {member.full_name}" if member is not None else BLANK


def _name(member) -> str:
    return member.full_name if member is not None else BLANK


def _paragraphs(text: str) -> list[str]:
    """Content split into paragraphs on line breaks (blank lines included), empty lines dropped."""
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text or "") if line.strip()]


# ---- document helpers -----------------------------------------------------------------------------------

def _set_fonts(style) -> None:
    style.font.name = FONT
    style.font.size = SIZE
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _no_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _two_columns(document, widths: tuple[Cm, Cm]):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table.rows[0].cells


def _line(container, text: str = "", *, bold=False, italic=False, underline=False, align=None, first=False,
          space_after=GAP):
    """A paragraph of one run; `first` reuses the empty paragraph a new table cell starts with."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = space_after
    return paragraph


def _labelled(document, label: str, text: str):
    """"Label: text", the label bold, justified."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def _body(document, text: str, *, italic=False, indent=True):
    paragraph = _line(document, text, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


# ---- content ----------------------------------------------------------------------------------------------

def _subtitle(meeting) -> str:
    if meeting.kind == MeetingKind.THEMATIC:
        return f"Sinh hoạt chi bộ chuyên đề: {meeting.topic or BLANK}"
    if meeting.kind == MeetingKind.EXTRAORDINARY:
        return "Sinh hoạt chi bộ bất thường" + (f": {meeting.topic}" if meeting.topic else "")
    return f"Sinh hoạt chi bộ định kỳ tháng {meeting.period:%m/%Y}"


def _superior(organization) -> str:
    if organization.parent_id:
        return organization.parent.name
    return getattr(organization, "external_superior", "") or BLANK


def vote_line(meeting) -> str:
    """"Biểu quyết: tán thành x/y đồng chí (p%), ..." where y is the number of full members present (only full
    members vote), as recorded with the attendance."""
    voters = meeting.attendance.filter(presence=Presence.PRESENT, member_status=MemberStatus.FULL).count()

    def part(label: str, votes: int | None) -> str:
        if votes is None:
            return f"{label} {BLANK}"
        return f"{label} {votes}/{voters} đồng chí ({_percent(votes, voters)})"

    return "Biểu quyết: " + ", ".join([
        part("tán thành", meeting.votes_for),
        part("không tán thành", meeting.votes_against),
        part("không biểu quyết/ý kiến khác", meeting.votes_abstain),
    ]) + "."


def _attendance(document, meeting) -> None:
    rows = list(meeting.attendance.select_related("member").order_by("member__name_sort", "member_id"))
    if not rows:  # attendance not taken (yet): lines to fill in by hand
        for label in ("Tổng số đảng viên của chi bộ", "Số đảng viên được miễn sinh hoạt", "Số đảng viên có mặt",
                      "Vắng có lý do", "Vắng không có lý do"):
            _body(document, f"- {label}: {BLANK} đồng chí.", indent=False)
        return

    def names(group) -> str:
        return ", ".join(row.member.full_name for row in group)

    own = [row for row in rows if not row.temporary]  # temporarily transferred members: not in the cell's total
    full = sum(row.member_status == MemberStatus.FULL for row in own)
    probationary = sum(row.member_status == MemberStatus.PROBATIONARY for row in own)
    _body(document, f"- Tổng số đảng viên của chi bộ: {len(own)} đồng chí "
                    f"(chính thức: {full} đồng chí; dự bị: {probationary} đồng chí).", indent=False)
    temporary = [row for row in rows if row.temporary]
    if temporary:
        _body(document, f"- Đảng viên sinh hoạt tạm thời tại chi bộ: {len(temporary)} đồng chí ({names(temporary)}).",
              indent=False)
    exempt = [row for row in rows if row.presence == Presence.EXEMPT]
    _body(document, f"- Số đảng viên được miễn sinh hoạt: {len(exempt)} đồng chí"
                    + (f" ({names(exempt)})." if exempt else "."), indent=False)
    present, expected = attendance_rate(row.presence for row in rows)
    _body(document, f"- Số đảng viên có mặt: {present}/{expected} đồng chí phải dự sinh hoạt "
                    f"({_percent(present, expected)}).", indent=False)
    excused = [row for row in rows if row.presence == Presence.EXCUSED]
    _body(document, f"- Vắng có lý do: {len(excused)} đồng chí" + (":" if excused else "."), indent=False)
    for row in excused:
        _body(document, f"+ Đồng chí {row.member.full_name}, lý do: {row.reason or BLANK}.")
    absent = [row for row in rows if row.presence == Presence.ABSENT]
    _body(document, f"- Vắng không có lý do: {len(absent)} đồng chí"
                    + (f" ({names(absent)})." if absent else "."), indent=False)


def _guests(document, meeting) -> None:
    guests = list(meeting.guests.select_related("observer_from"))
    if not guests:
        _labelled(document, "Đại biểu, khách mời", BLANK)
        return
    _labelled(document, "Đại biểu, khách mời", f"{len(guests)} người")
    for guest in guests:
        text = f"- {guest.name}" + (f", {guest.role}" if guest.role else "")
        if guest.observer_from_id:
            text += f" (dự quan sát, {guest.observer_from.name})"
        _body(document, text + ".", indent=False)


def _resolution(document, meeting) -> None:
    lines = _paragraphs(meeting.resolution)
    if lines:
        _line(document, "Nghị quyết của chi bộ:", italic=True)
        for text in lines:
            _body(document, text)
    else:
        _body(document, f"Nghị quyết của chi bộ: {BLANK}")
    _body(document, vote_line(meeting))


def _self_assessment(document, meeting) -> None:
    lines = _paragraphs(meeting.self_assessment)
    if not lines:
        _body(document, f"Tự đánh giá chất lượng buổi sinh hoạt: {BLANK}")
        return
    _line(document, "Tự đánh giá chất lượng buổi sinh hoạt:", italic=True)
    for text in lines:
        _body(document, text)


def number_line(meeting) -> str:
    """"Số 05-BB/CB" (HD 36-HD/VPTW: number, type, the cell's symbol; no colon), given when the minutes are approved
    (services.meeting_close); before that the number is left to fill in: "Số …-BB/CB"."""
    if meeting.minutes_reference:
        return f"Số {meeting.minutes_reference}"
    return f"Số {BLANK}-BB/{meeting.organization.kind.abbreviation or 'CB'}"


def _header(document, meeting) -> None:
    left, right = _two_columns(document, (Cm(7.5), Cm(9)))
    center = WD_ALIGN_PARAGRAPH.CENTER
    _line(left, _superior(meeting.organization).upper(), align=center, first=True, space_after=TIGHT)
    _line(left, meeting.organization.name.upper(), bold=True, align=center, space_after=TIGHT)
    _line(left, "*", align=center, space_after=TIGHT)
    _line(left, number_line(meeting), align=center, space_after=TIGHT)
    _line(right, PARTY, bold=True, underline=True, align=center, first=True, space_after=TIGHT)
    _line(right, "", space_after=TIGHT)
    _line(right, f"{PLACE}, {_long_date(meeting.held_on or meeting.planned_on)}", italic=True, align=center,
          space_after=TIGHT)


def _signatures(document, meeting) -> None:
    left, right = _two_columns(document, (Cm(8.25), Cm(8.25)))
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, role, person in ((left, "THƯ KÝ", meeting.minute_taker), (right, "CHỦ TRÌ", meeting.chair)):
        _line(cell, role, bold=True, align=center, first=True, space_after=TIGHT)
        _line(cell, "(Ký, ghi rõ họ tên)", italic=True, align=center, space_after=TIGHT)
        for _ in range(4):
            _line(cell, "", space_after=TIGHT)
        _line(cell, _name(person), bold=True, align=center, space_after=TIGHT)


def minutes_docx(meeting) -> bytes:
    """The minutes of `meeting`, ready to print and sign, as the bytes of a .docx file."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    _set_fonts(normal)
    normal.paragraph_format.space_after = GAP
    normal.paragraph_format.line_spacing = 1.15
    document.core_properties.title = f"Biên bản — {_subtitle(meeting)}"
    document.core_properties.language = "vi-VN"

    _header(document, meeting)

    center = WD_ALIGN_PARAGRAPH.CENTER
    _line(document, "", space_after=TIGHT)
    _line(document, "BIÊN BẢN", bold=True, align=center, space_after=TIGHT)
    _line(document, _subtitle(meeting), bold=True, align=center, space_after=TIGHT)
    _line(document, "-----", align=center, space_after=Pt(6))

    _labelled(document, "Thời gian", f"bắt đầu lúc {_time(meeting.started_at)} ngày "
                                     f"{_date(meeting.held_on or meeting.planned_on)}.")
    _labelled(document, "Địa điểm", f"{meeting.place or BLANK}.")
    _labelled(document, "Chủ trì", f"{_comrade(meeting.chair)}.")
    _labelled(document, "Thư ký", f"{_comrade(meeting.minute_taker)}.")
    _line(document, "Thành phần tham dự:", bold=True)
    _attendance(document, meeting)
    _guests(document, meeting)

    _line(document, "NỘI DUNG BUỔI SINH HOẠT", bold=True, align=center, space_after=Pt(6))
    entries = list(meeting.entries.order_by("order"))
    codes = {entry.code for entry in entries}
    for entry in entries:
        _line(document, f"{entry.order}. {entry.title}", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        lines = _paragraphs(entry.content)
        for text in lines:
            _body(document, text)
        if entry.code == StepCode.VOTE:
            _resolution(document, meeting)
        elif entry.code == StepCode.SELF_ASSESSMENT:
            _self_assessment(document, meeting)
        elif not lines:
            _body(document, "(Như phần thành phần tham dự.)" if entry.code in (StepCode.GUESTS, StepCode.ATTENDANCE)
                  else BLANK, italic=entry.code in (StepCode.GUESTS, StepCode.ATTENDANCE))
    # A process without these steps: the resolution, its vote and the self-assessment still go in the minutes.
    if StepCode.VOTE not in codes:
        _line(document, "Nghị quyết và biểu quyết", bold=True)
        _resolution(document, meeting)
    if StepCode.SELF_ASSESSMENT not in codes and meeting.self_assessment:
        _line(document, "Tự đánh giá", bold=True)
        _self_assessment(document, meeting)

    _body(document, f"Buổi sinh hoạt kết thúc lúc {_time(meeting.ended_at)} cùng ngày.")
    _line(document, "", space_after=TIGHT)
    _signatures(document, meeting)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
