"""The cell-meeting pages through the Django test client, on the real database: the cell page and its to-do, planning,
attendance, the record, the quality benchmark, closing, the .docx minutes, the compliance page (its parameters
refused when they are not valid) and every cell and meeting shown whatever their number (the query counts of these
pages are meetings/tests/cases.py's QUERY_CASES).

Built on the root `world` fixture (cell_a1: a full, a probationary, an exempt and a temporarily-away member plus
`dangvien`); here a2_full of cell_a2 is moreover temporarily transferred INTO cell_a1.
"""

import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from core.dates import add_months
from core.testing.pages import TODAY, content, dmy, doc, field_classes, form_errors, form_values, text
from meetings import selectors, services
from meetings.models import AgendaEntry, Attendance, Meeting, MeetingKind, ProcessTemplate
from members.services import member_transfer

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = add_months(THIS_MONTH, -1)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHECKS = ["attendance", "no_unexcused", "excused_streak", "duration", "documents"]


# ---- helpers ----------------------------------------------------------------------------------------------

def meeting_snapshot() -> dict:
    """The meeting tables and their history: equal before and after means nothing was written."""
    return {
        "meetings": list(Meeting.objects.order_by("pk").values_list(
            "pk", "organization_id", "kind", "status", "topic", "planned_on", "place", "held_on", "started_at",
            "ended_at", "chair_id", "minute_taker_id", "resolution", "votes_for", "votes_against", "votes_abstain")),
        "meeting_history": Meeting.history.count(),
        "entries": list(AgendaEntry.objects.order_by("pk").values_list("pk", "meeting_id", "order", "content")),
        "entry_history": AgendaEntry.history.count(),
        "attendance": list(Attendance.objects.order_by("pk").values_list("pk", "meeting_id", "member_id", "presence",
                                                                         "reason")),
        "attendance_history": Attendance.history.count(),
    }


def ids(response, xpath: str) -> list:
    return doc(response).xpath(xpath)


def attendance_names(response) -> list[str]:
    """Names of the attendance form's rows (the 'exempt' badge left out)."""
    rows = doc(response).xpath('//*[@id="attendance-form"]//*[contains(@class, "member-name")]')
    return [" ".join((td.text or "").split()) for td in rows]


def select_options(response, name: str) -> set[str]:
    return {o for o in doc(response).xpath(f"//select[@name='{name}']/option/@value") if o}


def check_icons(response) -> dict[str, str]:
    """data-check -> 'pass' / 'fail' / 'n/a' from the icon of each quality check on the meeting page."""
    result = {}
    for li in doc(response).xpath('//*[@id="quality"]//*[@data-check]'):
        icon = li.xpath(".//i/@class")[0]
        result[li.get("data-check")] = ("pass" if "check-circle" in icon else "fail" if "x-circle" in icon
                                        else "n/a")
    return result


def month_statuses(response) -> dict[int, list[str]]:
    """cell pk -> data-status of each month column of the compliance table."""
    result = {}
    for tr in doc(response).xpath('//table[@id="compliance"]/tbody/tr'):
        href = tr.xpath("./td[1]/a/@href")[0]
        pk = int(re.search(r"/meetings/cells/(\d+)/", href).group(1))
        result[pk] = tr.xpath("./td[@data-status]/@data-status")
    return result


# ---- fixtures ---------------------------------------------------------------------------------------------

@pytest.fixture
def cell(world, actor):
    """cell_a1, with a2_full of cell_a2 temporarily transferred in (a1_away is away outside the installation)."""
    member_transfer(actor=actor, member=world.members["a2_full"], kind="temporary", to_organization=world.cell_a1,
                    effective_on=add_months(THIS_MONTH, -2), until=add_months(THIS_MONTH, 3), reason="Biệt phái")
    world.members["a2_full"].refresh_from_db()
    return world.cell_a1


@pytest.fixture
def roster(world, cell):
    m = world.members
    return {"full": m["a1_full"], "prob": m["a1_prob"], "exempt": m["a1_exempt"], "dangvien": m["dangvien"],
            "guest": m["a2_full"]}


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


@pytest.fixture
def planned(actor, cell):
    return services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.REGULAR, planned_on=TODAY,
                                 planned_at=T(14, 0), place="Phòng họp tầng 2")


def attendance_post(roster, **overrides) -> dict:
    """POST data for the attendance form: present (exempt for the exempt member) unless overridden."""
    data = {}
    for key, member in roster.items():
        presence, reason = overrides.get(key, ("exempt" if key == "exempt" else "present", ""))
        data[f"presence_{member.pk}"], data[f"reason_{member.pk}"] = presence, reason
    return data


@pytest.fixture
def attended(khoi, planned, roster):
    """The planned meeting with attendance taken through the form: the probationary member absent."""
    response = khoi.post(reverse("meetings:attendance", args=[planned.pk]),
                         attendance_post(roster, prob=("absent", "")))
    assert response.status_code == 302, form_errors(response)
    return planned


def record_post(person, **changes) -> dict:
    """POST data for the record form, `person` chairing and taking the minutes, plus `changes`."""
    data = {"held_on": dmy(TODAY), "started_at": "14:00", "ended_at": "15:45", "chair": person.pk,
            "minute_taker": person.pk, "resolution": "Hoàn thành kế hoạch thu ngân sách quý IV.", "votes_for": "2",
            "votes_against": "0", "votes_abstain": "", "self_assessment": "Sinh hoạt nghiêm túc."}
    data.update(changes)
    return data


@pytest.fixture
def recorded(khoi, attended, roster):
    response = khoi.post(reverse("meetings:record", args=[attended.pk]), record_post(roster["full"]))
    assert response.status_code == 302, form_errors(response)
    attended.refresh_from_db()
    return attended


# ---- the cell page and planning -------------------------------------------------------------------------

def test_the_cell_page_shows_the_todo_until_the_regular_meeting_of_the_month_is_planned(khoi, actor, cell):
    url = reverse("meetings:cell", args=[cell.pk])
    page = khoi.get(url)
    assert page.status_code == 200 and ids(page, '//*[@id="todo-regular"]')
    assert ids(page, '//*[@id="plan-meeting"]')
    # Next month's regular meeting and this month's thematic one do not do it.
    services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.REGULAR, planned_on=add_months(THIS_MONTH, 1))
    services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.THEMATIC, planned_on=TODAY, topic="Chuyển đổi số")
    assert ids(khoi.get(url), '//*[@id="todo-regular"]')

    response = khoi.post(reverse("meetings:plan", args=[cell.pk]), {"kind": "regular", "planned_on": dmy(TODAY)})
    assert response.status_code == 302
    meeting = Meeting.objects.get(organization=cell, kind=MeetingKind.REGULAR, period=THIS_MONTH)
    page = khoi.get(url)
    assert not ids(page, '//*[@id="todo-regular"]')
    assert f'href="/meetings/{meeting.pk}/"' in text(page)
    # Cancelled, it is to be planned again.
    services.meeting_cancel(actor=actor, meeting=meeting, reason="Trùng lịch họp cơ quan")
    assert ids(khoi.get(url), '//*[@id="todo-regular"]')


def test_a_committee_has_no_cell_page(khoi, world):
    assert khoi.get(reverse("meetings:cell", args=[world.gc_a.pk])).status_code == 404
    assert khoi.get(reverse("meetings:plan", args=[world.gc_a.pk])).status_code in (200, 404)
    before = meeting_snapshot()
    response = khoi.post(reverse("meetings:plan", args=[world.gc_a.pk]), {"kind": "regular", "planned_on": dmy(TODAY)})
    assert response.status_code == 404 or form_errors(response)  # refused by the view or by the service
    assert meeting_snapshot() == before


def test_planning_through_the_form_redirects_to_the_meeting_with_the_agenda_of_the_template(khoi, cell):
    form = khoi.get(reverse("meetings:plan", args=[cell.pk]))
    assert form.status_code == 200 and form_values(form)["kind"] == "regular"
    assert form_values(khoi.get(reverse("meetings:plan", args=[cell.pk]) + "?kind=thematic"))["kind"] == "thematic"
    response = khoi.post(reverse("meetings:plan", args=[cell.pk]), {
        "kind": "regular", "planned_on": dmy(TODAY), "planned_at": "14:00", "place": "Phòng họp tầng 2",
        "topic": "", "reason": "Kế hoạch tháng"})
    meeting = Meeting.objects.get(organization=cell)
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    template = ProcessTemplate.objects.get(kind=MeetingKind.REGULAR, version=1)
    steps = list(template.steps.order_by("order").values_list("order", "code", "title"))
    assert meeting.template == template and len(steps) > 5
    assert list(meeting.entries.order_by("order").values_list("order", "code", "title")) == steps
    assert (meeting.planned_on, meeting.planned_at, meeting.place) == (TODAY, T(14, 0), "Phòng họp tầng 2")
    assert meeting.history.first().history_change_reason == "Kế hoạch tháng"
    page = khoi.get(response["Location"])
    titles = [" ".join(li.xpath("./strong")[0].text_content().split()) for li in ids(page, '//ol[@id="agenda"]/li')]
    assert titles == [title for _order, _code, title in steps]
    assert ids(page, '//*[@id="meeting-status"]') and not ids(page, '//*[@id="quality"]')
    assert not ids(page, '//*[@id="download-minutes"]')


def test_the_plan_form_states_the_lengths_of_hd42(khoi, cell):
    """Under the topic: 120 minutes for a regular meeting that takes a topic in the same session, 90 for any other
    (a thematic meeting held on its own included), from the rules in force today."""
    response = khoi.get(reverse("meetings:plan", args=[cell.pk]))
    topic = doc(response).xpath('//*[@id="id_topic"]/following-sibling::*[contains(@class, "form-text")]'
                                ' | //*[@id="id_topic"]/ancestor::div[1]//*[contains(@class, "form-text")]')
    help_text = " ".join(topic[0].text_content().split())
    assert "120" in help_text and "90" in help_text, help_text


@pytest.mark.parametrize("case,field", [("thematic_without_topic", "topic"), ("second_regular", "planned_on")])
def test_a_refused_plan_shows_the_error_on_the_field_and_keeps_what_was_typed(khoi, actor, cell, case, field):
    services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.REGULAR, planned_on=THIS_MONTH)
    day = TODAY if TODAY.day > 1 else TODAY + datetime.timedelta(days=1)
    data = {"kind": "thematic" if case == "thematic_without_topic" else "regular", "planned_on": dmy(day),
            "planned_at": "08:30", "place": "Hội trường tầng 3", "topic": "   " if case == "thematic_without_topic" else
            "", "reason": "Ghi chú riêng"}
    before = meeting_snapshot()
    response = khoi.post(reverse("meetings:plan", args=[cell.pk]), data)
    assert response.status_code == 200
    assert meeting_snapshot() == before
    assert "is-invalid" in field_classes(response, field)
    other = "planned_on" if field == "topic" else "topic"
    assert "is-invalid" not in field_classes(response, other)
    assert ids(response, f'//*[@id="id_{field}_error"]')
    values = form_values(response)
    assert (values["kind"], values["planned_on"], values["planned_at"], values["place"], values["reason"]) == (
        data["kind"], dmy(day), "08:30", "Hội trường tầng 3", "Ghi chú riêng")


# ---- attendance ---------------------------------------------------------------------------------------------

def test_the_attendance_form_lists_the_whole_roster(khoi, planned, roster, world):
    response = khoi.get(reverse("meetings:attendance", args=[planned.pk]))
    assert response.status_code == 200
    names = attendance_names(response)
    assert sorted(names) == sorted(m.full_name for m in roster.values())
    assert world.members["a1_away"].full_name not in text(response)  # temporarily away: attends elsewhere
    values = form_values(response)
    assert values[f"presence_{roster['exempt'].pk}"] == "exempt"
    assert values[f"presence_{roster['guest'].pk}"] == "present"
    assert set(values) == {f"{p}_{m.pk}" for m in roster.values() for p in ("presence", "reason")} | {"revision"}
    assert values["revision"] == str(Meeting.objects.get(pk=planned.pk).revision)  # core.versions


def test_an_excused_absence_without_reason_is_refused_on_its_row(khoi, planned, roster):
    data = attendance_post(roster, full=("excused", ""), prob=("absent", ""), guest=("excused", "Đi công tác"))
    before = meeting_snapshot()
    response = khoi.post(reverse("meetings:attendance", args=[planned.pk]), data)
    assert response.status_code == 200
    assert meeting_snapshot() == before
    full, guest = roster["full"].pk, roster["guest"].pk
    assert "is-invalid" in field_classes(response, f"reason_{full}")
    assert "is-invalid" not in field_classes(response, f"reason_{guest}")
    row = ids(response, f'//*[@name="reason_{full}"]/ancestor::*[@data-member]')[0]
    assert row.xpath('.//*[contains(@class, "invalid-feedback")]'), "no error on the row"
    assert len(ids(response, '//*[contains(@class, "invalid-feedback")]')) == 1
    values = form_values(response)
    values.pop("revision")  # the meeting's revision (core.versions): not posted here
    assert values == {k: v for k, v in data.items()}  # every choice and reason kept

    data[f"reason_{full}"] = "Ốm"
    response = khoi.post(reverse("meetings:attendance", args=[planned.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[planned.pk])
    rows = {a.member_id: a for a in planned.attendance.all()}
    assert {pk: (a.presence, a.reason) for pk, a in rows.items()} == {
        m.pk: (data[f"presence_{m.pk}"], data[f"reason_{m.pk}"]) for m in roster.values()}
    assert rows[guest].temporary and not rows[full].temporary
    page = khoi.get(response["Location"])
    assert sorted(ids(page, '//table[@id="attendance"]//tr/@data-presence')) == sorted(
        data[f"presence_{m.pk}"] for m in roster.values())


# ---- record, quality, close ---------------------------------------------------------------------------------

def test_the_record_form_offers_only_present_members_and_records_the_vote(khoi, attended, roster):
    url = reverse("meetings:record", args=[attended.pk])
    form = khoi.get(url)
    assert form.status_code == 200
    present = {str(roster[k].pk) for k in ("full", "dangvien", "guest")}
    assert select_options(form, "chair") == present == select_options(form, "minute_taker")
    assert form_values(form)["held_on"] in (dmy(TODAY), TODAY.isoformat())  # the date picker's value: ISO
    assert form_values(form)["started_at"] == "14:00"
    entries = {e.order: e for e in attended.entries.all()}
    assert {f"entry_{order}" for order in entries} <= set(form_values(form))

    before = meeting_snapshot()
    for changes, field in (({"chair": roster["prob"].pk}, "chair"),  # absent: not a choice
                           ({"votes_for": "3", "votes_against": "1"}, "votes_for"),  # 3 full members present
                           ({"ended_at": "13:00"}, "ended_at"),
                           ({"held_on": dmy(TODAY + datetime.timedelta(days=1))}, "held_on")):
        response = khoi.post(url, record_post(roster["full"], **changes))
        assert response.status_code == 200, changes
        assert "is-invalid" in field_classes(response, field), (changes, form_errors(response))
        assert form_values(response)["resolution"] == "Hoàn thành kế hoạch thu ngân sách quý IV."
    assert meeting_snapshot() == before

    first = min(entries)
    response = khoi.post(url, record_post(roster["full"], minute_taker=roster["guest"].pk,
                                          **{f"entry_{first}": "Giới thiệu đại biểu dự họp."}))
    assert response.status_code == 302, form_errors(response)
    attended.refresh_from_db()
    assert (attended.status, attended.held_on, attended.started_at, attended.ended_at) == (
        Meeting.Status.HELD, TODAY, T(14, 0), T(15, 45))
    assert (attended.chair, attended.minute_taker) == (roster["full"], roster["guest"])
    assert (attended.votes_for, attended.votes_against, attended.votes_abstain) == (2, 0, None)
    assert attended.entries.get(order=first).content == "Giới thiệu đại biểu dự họp."
    page = khoi.get(reverse("meetings:detail", args=[attended.pk]))
    resolution = ids(page, '//*[@id="resolution"]')[0].text_content()
    assert "Hoàn thành kế hoạch thu ngân sách quý IV." in resolution
    assert [b.text_content() for b in ids(page, '//*[@id="resolution"]//strong')] == ["2", "0", "…"]


def test_the_meeting_page_shows_the_quality_checks(khoi, actor, recorded):
    response = khoi.get(reverse("meetings:detail", args=[recorded.pk]))
    assert [li.get("data-check") for li in ids(response, '//*[@id="quality"]//*[@data-check]')] == CHECKS
    # 3 of 4 expected present (75 %, the exempt member is not expected), one absent without reason,
    # 105 minutes (at least 90), no document sent.
    assert check_icons(response) == {"attendance": "fail", "no_unexcused": "fail", "excused_streak": "pass",
                                     "duration": "pass", "documents": "fail"}
    services.meeting_add_document(actor=actor, meeting=recorded, title="Dự thảo nghị quyết",
                                  available_on=TODAY - datetime.timedelta(days=3))
    assert check_icons(khoi.get(reverse("meetings:detail", args=[recorded.pk])))["documents"] == "pass"


def test_closing_through_post(khoi, attended, roster):
    close = reverse("meetings:close", args=[attended.pk])
    detail = reverse("meetings:detail", args=[attended.pk])
    assert khoi.get(close).status_code == 405
    before = meeting_snapshot()
    response = khoi.post(close, follow=True)  # not recorded yet: refused, with the reason
    assert response.redirect_chain == [(detail, 302)]
    assert ids(response, '//main//*[contains(@class, "alert-danger")]')
    assert meeting_snapshot() == before
    assert not ids(response, '//*[@id="close-meeting"]')  # only a held meeting offers it

    assert khoi.post(reverse("meetings:record", args=[attended.pk]), record_post(roster["full"])).status_code == 302
    page = khoi.get(detail)
    assert ids(page, '//*[@id="close-meeting"]')
    response = khoi.post(close)
    assert response.status_code == 302 and response["Location"] == detail
    attended.refresh_from_db()
    assert attended.status == Meeting.Status.CLOSED
    page = khoi.get(detail)
    assert not ids(page, '//*[@id="close-meeting"] | //*[@id="take-attendance"] | //*[@id="record-meeting"]')
    assert ids(page, '//*[@id="download-minutes"]') and ids(page, '//*[@id="quality"]')


def test_after_closing_nothing_is_writable(khoi, recorded, roster):
    assert khoi.post(reverse("meetings:close", args=[recorded.pk])).status_code == 302
    before = meeting_snapshot()
    # The forms of a closed meeting send the user back to it (GET and POST) and write nothing. Closing again is
    # refused too.
    detail = reverse("meetings:detail", args=[recorded.pk])
    for url, data in ((reverse("meetings:attendance", args=[recorded.pk]), attendance_post(roster)),
                      (reverse("meetings:record", args=[recorded.pk]),
                       record_post(roster["full"], resolution="Sửa sau khi đóng", votes_for="1"))):
        assert khoi.get(url)["Location"] == detail, url
        response = khoi.post(url, data)
        assert response.status_code == 302 and response["Location"] == detail, url
    response = khoi.post(reverse("meetings:close", args=[recorded.pk]), follow=True)
    assert ids(response, '//main//*[contains(@class, "alert-danger")]')
    assert meeting_snapshot() == before


# ---- minutes --------------------------------------------------------------------------------------------

def test_the_minutes_download(khoi, recorded, roster, cell):
    response = khoi.get(reverse("meetings:minutes", args=[recorded.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        f'attachment; filename="bien-ban-{recorded.period:%Y-%m}-{recorded.pk}.docx"')
    document = Document(io.BytesIO(content(response)))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [p.text for table in document.tables for row in table.rows for c in row.cells for p in c.paragraphs]
    assert "BIÊN BẢN" in paragraphs
    assert cell.name.upper() in cells
    assert any("Hoàn thành kế hoạch thu ngân sách quý IV." in p for p in paragraphs)
    assert any(roster["full"].full_name in p for p in paragraphs + cells)


def test_no_minutes_for_a_planned_meeting(khoi, planned):
    assert khoi.get(reverse("meetings:minutes", args=[planned.pk])).status_code == 404


# ---- compliance ---------------------------------------------------------------------------------------------

@pytest.fixture
def quarter(actor, world):
    """Three months ending with this one: cell_a1 held / planned only (missed) / planned; cell_a2 nothing /
    held / nothing; cell_a3 only a thematic meeting in the first month (it does not replace the regular one)."""
    first, second = add_months(THIS_MONTH, -2), LAST_MONTH

    def plan(cell, on, kind=MeetingKind.REGULAR, topic=""):
        return services.meeting_plan(actor=actor, organization=cell, kind=kind, planned_on=on, topic=topic)

    def hold(cell, on, kind=MeetingKind.REGULAR, topic=""):
        meeting = plan(cell, on, kind, topic)
        presences = {m.pk: ("exempt" if m.exempted_since else "present", "") for m in selectors.meeting_roster(meeting)}
        services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences)
        return services.meeting_record(actor=actor, meeting=meeting, held_on=on, started_at=T(14, 0),
                                       ended_at=T(16, 30), resolution="Nghị quyết", votes_for=1)

    hold(world.cell_a1, first + datetime.timedelta(days=9))
    plan(world.cell_a1, second + datetime.timedelta(days=9))
    plan(world.cell_a1, TODAY)
    hold(world.cell_a2, second + datetime.timedelta(days=5))
    hold(world.cell_a2, first + datetime.timedelta(days=12), kind=MeetingKind.THEMATIC, topic="Chuyển đổi số")
    plan(world.cell_a3, first + datetime.timedelta(days=12), kind=MeetingKind.THEMATIC, topic="Văn hóa công sở")
    return first


def _headers(response) -> list[str]:
    return [th.text_content().strip() for th in ids(response, '//table[@id="compliance"]/thead/tr/th')][2:-4]


def test_compliance_shows_each_cells_months(client_for, user_coso, world, quarter):
    client = client_for(user_coso)
    statuses, missed = {}, 0
    for i in range(3):
        month = add_months(quarter, i)
        response = client.get(reverse("meetings:compliance") + f"?month={month:%Y-%m}")
        assert response.status_code == 200
        assert _headers(response) == [f"{month:%m/%Y}"]
        for pk, row in month_statuses(response).items():
            statuses.setdefault(pk, []).extend(row)
        missed += int(ids(response, '//*[@id="missed-regular"]')[0].text_content())
    assert statuses == {
        world.cell_a1.pk: ["held", "missing", "planned"],
        world.cell_a2.pk: ["missing", "held", "not_due"],
        world.cell_a3.pk: ["missing", "missing", "not_due"],
    }
    assert missed == 4
    # A calendar quarter or year: its months as columns, whichever month of it was chosen.
    first_of_quarter = quarter.replace(month=(quarter.month - 1) // 3 * 3 + 1)
    response = client.get(reverse("meetings:compliance") + f"?month={quarter:%Y-%m}&period=quarter")
    assert _headers(response) == [f"{add_months(first_of_quarter, i):%m/%Y}" for i in range(3)]
    assert month_statuses(response)[world.cell_a1.pk][quarter.month - first_of_quarter.month] == "held"
    response = client.get(reverse("meetings:compliance") + f"?month={quarter:%Y-%m}&period=year")
    assert _headers(response) == [f"{m:02d}/{quarter.year}" for m in range(1, 13)]
    assert month_statuses(response)[world.cell_a1.pk][quarter.month - 1] == "held"
    # One month: the current month by default (planned for cell_a1, nothing yet for the others: not due).
    default = client.get(reverse("meetings:compliance"))
    assert month_statuses(default) == {world.cell_a1.pk: ["planned"], world.cell_a2.pk: ["not_due"],
                                       world.cell_a3.pk: ["not_due"]}


@pytest.mark.parametrize("query,named", [("?month=2026-13", "month"), ("?month=abc", "month"), ("?months=7", "months"),
                                         ("?month=2026-10&months=x", "months"), ("?month=<script>&months=3", "month")])
def test_a_bad_month_value_is_refused_and_named(client_for, user_khoi, world, query, named):
    response = client_for(user_khoi).get(reverse("meetings:compliance") + query)
    assert response.status_code == 400
    assert doc(response).xpath(f'//*[@id="filter-errors"]//*[@data-field="{named}"]')
    assert month_statuses(response) == {}  # nothing listed, never every cell for another month


@pytest.mark.parametrize("query", ["?month=", "?foo=bar"])
def test_no_month_or_an_unknown_parameter_is_the_default_month(client_for, user_khoi, world, query):
    response = client_for(user_khoi).get(reverse("meetings:compliance") + query)
    assert response.status_code == 200
    assert len(month_statuses(response)) == 7  # every cell, for the default month


@pytest.mark.parametrize("query", [
    "?month=1900-01",
    "?month=9999-12&months=3",
])
def test_a_month_out_of_range_does_not_crash(user_khoi, world, query):
    client = Client(raise_request_exception=False)
    client.force_login(user_khoi)
    response = client.get(reverse("meetings:compliance") + query)
    assert response.status_code == 400  # refused with the month named, never a server error
    assert doc(response).xpath('//*[@id="filter-errors"]//*[@data-field="month"]')


# ---- every cell and meeting shown, whatever their number (query counts: cases.py) ---------------------------

@pytest.fixture
def grow(actor, tree, make_org, make_member):
    """grow(): one more slice of data: a cell of gc_a with two members, its regular meeting of last month held
    (one member excused, a document) and this month's planned; and two more thematic meetings of cell_a1
    (one held, one planned), with their attendance."""
    state = {"n": 0}
    anchor = make_member(tree.cell_a1, full_name="Nguyễn Văn Neo")

    def hold(cell, kind, on, topic, members, excused=()):
        meeting = services.meeting_plan(actor=actor, organization=cell, kind=kind, planned_on=on, topic=topic)
        services.meeting_take_attendance(actor=actor, meeting=meeting, presences={
            m.pk: ("excused", "Đi công tác") if m in excused else ("present", "") for m in members})
        services.meeting_add_document(actor=actor, meeting=meeting, title="Tài liệu",
                                      available_on=on - datetime.timedelta(days=2))
        return services.meeting_record(actor=actor, meeting=meeting, held_on=on, started_at=T(14, 0),
                                       ended_at=T(16, 30), resolution="Nghị quyết", votes_for=1)

    def _grow():
        state["n"] += 1
        n = state["n"]
        cell = make_org("cell", tree.gc_a, code=f"QC-{n}", name=f"Chi bộ Phòng Số {n}")
        members = [make_member(cell), make_member(cell)]
        hold(cell, MeetingKind.REGULAR, LAST_MONTH + datetime.timedelta(days=n), "", members, excused=members[:1])
        services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.REGULAR, planned_on=TODAY)
        hold(tree.cell_a1, MeetingKind.THEMATIC, LAST_MONTH + datetime.timedelta(days=n), f"Chuyên đề {n}", [anchor])
        services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.THEMATIC, planned_on=TODAY,
                              topic=f"Chuyên đề sắp tới {n}")

    return _grow


def test_compliance_and_cell_pages_show_every_cell_and_meeting(client_for, user_coso, tree, grow):
    pages = {"compliance": reverse("meetings:compliance") + f"?month={LAST_MONTH:%Y-%m}&months=3",
             "cell": reverse("meetings:cell", args=[tree.cell_a1.pk])}
    client = client_for(user_coso)
    grow()
    rows_small = len(doc(client.get(pages["compliance"])).xpath('//table[@id="compliance"]/tbody/tr'))
    grow()
    grow()
    rows_large = len(doc(client.get(pages["compliance"])).xpath('//table[@id="compliance"]/tbody/tr'))
    meetings_large = len(doc(client.get(pages["cell"])).xpath('//table[@id="meetings"]/tbody/tr'))
    assert (rows_small, rows_large, meetings_large) == (3, 5, 6)


def test_a_wide_scope_opens_rolled_up_and_draws_its_rows_page_by_page(client_for, user_khoi, world, quarter,
                                                                       monkeypatch):
    """Issue 16: more cells than ROLL_UP_ABOVE_CELLS open per grassroots organisation; the cells or groups drawn
    are cut in pages of COMPLIANCE_PER_PAGE, each choice kept in the page links; the export has every row."""
    from meetings import views

    client = client_for(user_khoi)
    url = reverse("meetings:compliance") + f"?month={quarter:%Y-%m}"
    every = month_statuses(client.get(url + "&by=cell"))
    assert len(every) > 3
    monkeypatch.setattr(views, "ROLL_UP_ABOVE_CELLS", 3)
    monkeypatch.setattr(views, "COMPLIANCE_PER_PAGE", 2)
    monkeypatch.setattr(views, "GROUPS_PER_PAGE", 1)
    rolled = client.get(url)
    assert ids(rolled, '//table[@id="compliance-groups"]') and not ids(rolled, '//table[@id="compliance"]')
    assert ids(rolled, '//select[@name="by"]/option[@selected]/@value') == ["grassroots"]
    assert len(ids(rolled, '//table[@id="compliance-groups"]/tbody/tr')) == 1 and ids(rolled, '//a[@rel="next"]')
    shown, page, seen = {}, url + "&by=cell&period=quarter", []
    while page:
        response = client.get(page)
        rows = month_statuses(response)
        assert 1 <= len(rows) <= 2
        seen.append(list(rows))
        shown.update(rows)
        following = ids(response, '//a[@rel="next"]/@href')
        page = reverse("meetings:compliance") + following[0] if following else None
        if page:
            assert "by=cell" in page and "period=quarter" in page
    assert set(shown) == set(every) and sum(len(s) for s in seen) == len(every)  # each cell once, every cell
    assert client.get(url + "&by=cell&page=999").status_code == 200  # past the end: the last page
    export = client.get(url + "&by=cell&export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert len(body.strip().splitlines()) - 1 >= len(every)
