"""The minutes of a held meeting as a .docx in the Party's format, built through the real services."""

import datetime
import io

import pytest
from docx import Document

from meetings import services
from meetings.minutes import minutes_docx
from meetings.models import MeetingKind
from members.choices import Status
from members.services import member_exempt

D = datetime.date
T = datetime.time
pytestmark = pytest.mark.django_db
HELD_ON = D(2025, 10, 8)


def _open(data: bytes):
    document = Document(io.BytesIO(data))
    return document, [p.text for p in document.paragraphs]


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


@pytest.fixture
def held(actor, tree, make_member):
    cell = tree.cell_a1
    people = {
        "chair": make_member(cell, full_name="Nguyễn Văn An", gender="male"),
        "taker": make_member(cell, full_name="Trần Thị Bích Ngọc", gender="female"),
        "voter": make_member(cell, full_name="Lê Hoàng Cường", gender="male"),
        "probationary": make_member(cell, full_name="Phạm Thị Dung", gender="female", status=Status.PROBATIONARY),
        "sick": make_member(cell, full_name="Hoàng Văn Đức", gender="male"),
        "travel": make_member(cell, full_name="Võ Thị Hạnh", gender="female"),
        "absent": make_member(cell, full_name="Đặng Quốc Huy", gender="male"),
        "exempt": make_member(cell, full_name="Bùi Thị Lan", gender="female"),
    }
    member_exempt(actor=actor, member=people["exempt"], effective_on=D(2025, 1, 1), reason="Tuổi cao, sức yếu")
    people["exempt"].refresh_from_db()
    meeting = services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.REGULAR, planned_on=HELD_ON,
                                    planned_at=T(14, 0), place="Phòng họp tầng 2, Sở Tài chính")
    presences = {m.pk: ("present", "") for m in people.values()}
    presences[people["sick"].pk] = ("excused", "Ốm, điều trị tại bệnh viện")
    presences[people["travel"].pk] = ("excused", "Đi công tác tại Hà Nội")
    presences[people["absent"].pk] = ("absent", "")
    presences[people["exempt"].pk] = ("exempt", "")
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences)
    services.meeting_add_guest(actor=actor, meeting=meeting, name="Đỗ Minh Khoa",
                               role="Phó Bí thư Đảng ủy Sở Tài chính")
    services.meeting_add_guest(actor=actor, meeting=meeting, name="Huỳnh Thị Ánh Tuyết", role="Bí thư chi bộ",
                               observer_from=tree.cell_b1)
    entries = {entry.order: f"Nội dung bước {entry.order}.\n\nÝ kiến bổ sung bước {entry.order}."
               for entry in meeting.entries.all()}
    services.meeting_record(actor=actor, meeting=meeting, held_on=HELD_ON, started_at=T(14, 5),
                            ended_at=T(16, 0), chair=people["chair"], minute_taker=people["taker"], entries=entries,
                            resolution="Hoàn thành kế hoạch thu ngân sách quý IV.\nĐẩy mạnh cải cách hành chính.",
                            votes_for=2, votes_against=0, votes_abstain=1,
                            self_assessment="Buổi sinh hoạt đạt chất lượng tốt.")
    meeting.refresh_from_db()
    return meeting, people


def test_the_minutes_carry_the_header_title_attendance_agenda_vote_and_signatures(held):
    meeting, people = held
    document, lines = _open(minutes_docx(meeting))
    text = "\n".join(lines)

    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.cm, 2) for m in margins] == [2, 2, 3, 1.5]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= document.styles["Normal"].font.size.pt <= 14

    header = document.tables[0].rows[0].cells
    # the number is given when the minutes are approved: left to fill in until then
    assert _cell_lines(header[0]) == ["ĐẢNG BỘ SỞ TÀI CHÍNH", "CHI BỘ PHÒNG NGÂN SÁCH", "*", "Số …-BB/CB"]
    assert header[0].paragraphs[1].runs[0].bold
    assert _cell_lines(header[1]) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Vĩnh Phúc, ngày 08 tháng 10 năm 2025"]
    party = header[1].paragraphs[0].runs[0]
    assert party.bold and party.underline
    assert header[1].paragraphs[-1].runs[0].italic

    title = lines.index("BIÊN BẢN")
    assert document.paragraphs[title].runs[0].bold
    assert lines[title + 1] == "Sinh hoạt chi bộ định kỳ tháng 10/2025"
    assert "Thời gian: bắt đầu lúc 14g05 ngày 08/10/2025." in lines
    assert "Địa điểm: Phòng họp tầng 2, Sở Tài chính." in lines
    assert "Chủ trì: đồng chí Nguyễn Văn An." in lines
    assert "Thư ký: đồng chí Trần Thị Bích Ngọc." in lines

    assert "- Tổng số đảng viên của chi bộ: 8 đồng chí (chính thức: 7 đồng chí; dự bị: 1 đồng chí)." in lines
    assert "- Số đảng viên được miễn sinh hoạt: 1 đồng chí (Bùi Thị Lan)." in lines
    assert "- Số đảng viên có mặt: 4/7 đồng chí phải dự sinh hoạt (57,1%)." in lines
    assert "- Vắng có lý do: 2 đồng chí:" in lines
    assert "+ Đồng chí Hoàng Văn Đức, lý do: Ốm, điều trị tại bệnh viện." in lines
    assert "+ Đồng chí Võ Thị Hạnh, lý do: Đi công tác tại Hà Nội." in lines
    assert "- Vắng không có lý do: 1 đồng chí (Đặng Quốc Huy)." in lines
    assert "- Đỗ Minh Khoa, Phó Bí thư Đảng ủy Sở Tài chính." in lines
    assert "- Huỳnh Thị Ánh Tuyết, Bí thư chi bộ (dự quan sát, Chi bộ Phòng Nghiệp vụ Y)." in lines

    entries = list(meeting.entries.order_by("order"))
    assert len(entries) == 13
    positions = [lines.index(f"{entry.order}. {entry.title}") for entry in entries]
    assert positions == sorted(positions)
    assert all(document.paragraphs[i].runs[0].bold for i in positions)
    first = positions[0]
    # Running text keeps its line breaks (core.text.nfc_text): one paragraph per paragraph typed.
    assert lines[first + 1:first + 3] == ["Nội dung bước 1.", "Ý kiến bổ sung bước 1."]

    vote = ("Biểu quyết: tán thành 2/3 đồng chí (66,7%), không tán thành 0/3 đồng chí (0%), "
            "không biểu quyết/ý kiến khác 1/3 đồng chí (33,3%).")
    assert vote in lines
    vote_step = next(p for e, p in zip(entries, positions, strict=True) if e.code == "vote")
    resolution = "Hoàn thành kế hoạch thu ngân sách quý IV."
    assert lines[lines.index(resolution) + 1] == "Đẩy mạnh cải cách hành chính."
    assert vote_step < lines.index(resolution) < lines.index(vote)
    assert "Buổi sinh hoạt đạt chất lượng tốt." in lines
    assert "Buổi sinh hoạt kết thúc lúc 16g00 cùng ngày." in lines
    assert lines.index("Buổi sinh hoạt kết thúc lúc 16g00 cùng ngày.") > positions[-1]
    assert "…" not in text

    secretary, chair = document.tables[1].rows[0].cells
    assert _cell_lines(secretary) == ["THƯ KÝ", "(Ký, ghi rõ họ tên)", "Trần Thị Bích Ngọc"]
    assert _cell_lines(chair) == ["CHỦ TRÌ", "(Ký, ghi rõ họ tên)", "Nguyễn Văn An"]
    assert chair.paragraphs[0].runs[0].bold and chair.paragraphs[1].runs[0].italic


def test_content_with_line_breaks_becomes_paragraphs(held):
    meeting, _people = held
    # Content kept with its line breaks (entered outside the services, which fold them): one paragraph each.
    meeting.entries.filter(order=5).update(content="Thông tin thứ nhất.\r\n\r\nThông tin thứ hai.\nThứ ba.")
    _document, lines = _open(minutes_docx(meeting))
    step = next(i for i, line in enumerate(lines) if line.startswith("5. "))
    assert lines[step + 1: step + 4] == ["Thông tin thứ nhất.", "Thông tin thứ hai.", "Thứ ba."]


def test_a_meeting_with_minimal_data_renders(actor, tree, make_member):
    member = make_member(tree.gcell, full_name="Nguyễn Văn An", gender="male")
    # Planned only: no attendance, no times, no chair, no guests, no vote.
    planned = services.meeting_plan(actor=actor, organization=tree.gcell, kind=MeetingKind.EXTRAORDINARY,
                                    planned_on=HELD_ON)
    document, lines = _open(minutes_docx(planned))
    assert _cell_lines(document.tables[0].rows[0].cells[0]) == [
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "CHI BỘ BAN DÂN TỘC", "*", "Số …-BB/CBCS"]
    assert "Sinh hoạt chi bộ bất thường" in lines
    assert "Thời gian: bắt đầu lúc … ngày 08/10/2025." in lines
    assert "Chủ trì: …." in lines
    assert "Đại biểu, khách mời: …" in lines
    assert "Biểu quyết: tán thành …, không tán thành …, không biểu quyết/ý kiến khác …." in lines
    assert "Buổi sinh hoạt kết thúc lúc … cùng ngày." in lines
    assert _cell_lines(document.tables[1].rows[0].cells[1]) == ["CHỦ TRÌ", "(Ký, ghi rõ họ tên)", "…"]

    # Held with attendance but nothing optional recorded; a thematic meeting names its topic.
    thematic = services.meeting_plan(actor=actor, organization=tree.gcell, kind=MeetingKind.THEMATIC,
                                     planned_on=HELD_ON, topic="Học tập và làm theo tư tưởng Hồ Chí Minh")
    services.meeting_take_attendance(actor=actor, meeting=thematic, presences={member.pk: ("present", "")})
    services.meeting_record(actor=actor, meeting=thematic, held_on=HELD_ON, started_at=T(8, 0), ended_at=T(10, 0))
    thematic.refresh_from_db()
    _document, lines = _open(minutes_docx(thematic))
    assert "Sinh hoạt chi bộ chuyên đề: Học tập và làm theo tư tưởng Hồ Chí Minh" in lines
    assert "- Số đảng viên có mặt: 1/1 đồng chí phải dự sinh hoạt (100%)." in lines
    assert "Buổi sinh hoạt kết thúc lúc 10g00 cùng ngày." in lines


# ---- the number line -------------------------------------------------------------------------------------------

def _held(actor, cell, on, voter):
    meeting = services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.EXTRAORDINARY, planned_on=on)
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences={
        m.pk: ("present", "") for m in services.meeting_roster(meeting)})
    services.meeting_record(actor=actor, meeting=meeting, held_on=on, started_at=T(14), ended_at=T(16),
                            resolution="Nghị quyết", votes_for=1, chair=voter, minute_taker=voter)
    return services.meeting_close(actor=actor, meeting=meeting)


def test_approved_minutes_are_numbered_per_cell_from_01_in_each_term(actor, tree, make_member):
    """RULES.md: numbers restart from 01 per document type each committee term. A cell without a term recorded on
    the day numbers per calendar year."""
    from apparatus.services import term_open

    cell, other = tree.cell_a1, tree.cell_a2
    voter, other_voter = make_member(cell), make_member(other)
    first = _held(actor, cell, D(2024, 3, 5), voter)  # no term recorded: the 2024 series
    second = _held(actor, cell, D(2024, 4, 5), voter)
    elsewhere = _held(actor, other, D(2024, 4, 6), other_voter)  # another cell: its own series
    assert [first.minutes_reference, second.minutes_reference, elsewhere.minutes_reference] == [
        "01-BB/CB", "02-BB/CB", "01-BB/CB"]
    assert (first.minutes_series, second.minutes_series) == ("year-2024", "year-2024")
    term = term_open(actor=actor, organization=cell, label="2025–2027", congress_on=D(2025, 3, 1))
    in_term = _held(actor, cell, D(2025, 3, 10), voter)
    assert (in_term.minutes_reference, in_term.minutes_series) == ("01-BB/CB", f"term-{term.pk}")
    assert _held(actor, cell, D(2025, 4, 10), voter).minutes_reference == "02-BB/CB"
    document, _lines = _open(minutes_docx(in_term))
    assert _cell_lines(document.tables[0].rows[0].cells[0])[-1] == "Số 01-BB/CB"
    # the number is kept: the record of the meeting shows it
    assert in_term.history.first().minutes_reference == "01-BB/CB"


def test_the_minutes_and_the_register_share_one_series(actor, tree, make_member):
    """One numbering service (documents.numbering): minutes numbered before it keep theirs and the next follows them;
    a record of the cell's register of the same kind takes the number after the minutes'."""
    from documents.models import Counter
    from documents.services import document_issue
    from meetings.models import Meeting

    cell = tree.cell_a1
    voter = make_member(cell)
    first = _held(actor, cell, D(2024, 3, 5), voter)
    # as numbered before: its series' counter did not exist, the highest number was on the meetings
    Counter.objects.all().delete()
    Meeting.objects.filter(pk=first.pk).update(minutes_number=7, minutes_reference="07-BB/CB")
    assert _held(actor, cell, D(2024, 4, 5), voter).minutes_reference == "08-BB/CB"
    registered = document_issue(actor=actor, organization=cell, issuer="committee", kind="BB",
                                issued_on=D(2024, 4, 6), title="Biên bản kiểm phiếu", signer_name="Nguyễn Văn Ký",
                                signer_position="Bí thư")
    assert registered.symbol == "09-BB/CB"
    assert _held(actor, cell, D(2024, 5, 5), voter).minutes_reference == "10-BB/CB"
