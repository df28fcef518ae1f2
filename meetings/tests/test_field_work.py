"""The cell secretary's field work (issue 12): a meeting's documents (attached, read by the members, withdrawn, judged
by the benchmark), attendance never ahead of the meeting, moving a planned meeting, the notice hook, the minutes'
confirmation; the home blocks of the secretary and of the member; the menu entries; the to-do counts opening exactly
their rows; the compliance page's failing-only view, sort, current month and kept month.

Built on the root `world` fixture (cell_a1: full, probationary, exempt and temporarily-away members and `dangvien`).
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.dates import add_months
from core.menu import menu
from core.testing.pages import content, dmy, doc, form_errors, text
from meetings import hooks, selectors, services
from meetings.models import Meeting, MeetingDocument, MeetingKind
from meetings.selectors import SUMMARY_ABOVE_CELLS, TODO_CODES
from meetings.tests.cases import pdf

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time
TODAY = timezone.localdate()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"  # a Windows program's first bytes
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = add_months(THIS_MONTH, -1)


def present(meeting) -> dict:
    return {m.pk: ("exempt" if m.exempted_since else "present", "") for m in selectors.meeting_roster(meeting)}


def plan(actor, cell, on, kind=MeetingKind.REGULAR, **kwargs):
    return services.meeting_plan(actor=actor, organization=cell, kind=kind, planned_on=on, **kwargs)


def hold(actor, cell, on, *, document_on=None, kind=MeetingKind.REGULAR, topic=""):
    meeting = plan(actor, cell, on, kind, topic=topic)
    if document_on:
        services.meeting_add_document(actor=actor, meeting=meeting, title="Chương trình", available_on=document_on)
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences=present(meeting))
    return services.meeting_record(actor=actor, meeting=meeting, held_on=on, started_at=T(8), ended_at=T(10),
                                   resolution="Nghị quyết", votes_for=1)


def meeting_rows() -> list:
    return list(Meeting.objects.order_by("pk").values_list("pk", "status", "planned_on", "notice_sent_on"))


def document_rows() -> list:
    return list(MeetingDocument.objects.order_by("pk").values_list("pk", "title", "withdrawn_on"))


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


@pytest.fixture
def chibo(client_for, user_chibo):
    return client_for(user_chibo)


@pytest.fixture
def dangvien(client_for, user_dangvien):
    return client_for(user_dangvien)


@pytest.fixture
def coming(actor, world):
    """cell_a1's regular meeting of this month, planned three days ahead (or today, late in the month)."""
    day = min(TODAY + datetime.timedelta(days=3), add_months(THIS_MONTH, 1) - datetime.timedelta(days=1))
    return plan(actor, world.cell_a1, day, planned_at=T(8, 30), place="Hội trường A")


# ---- documents: the service ----------------------------------------------------------------------------------

def test_a_document_is_a_file_a_link_or_a_paper_copy_with_the_day_it_reached_members(actor, coming):
    with_file = services.meeting_add_document(actor=actor, meeting=coming, file=pdf("chuong-trinh.pdf"),
                                              available_on=TODAY)
    assert with_file.title == "chuong-trinh" and with_file.file.name.endswith(".pdf")
    assert with_file.get_absolute_url() == reverse("meetings:document", args=[with_file.pk])
    link = services.meeting_add_document(actor=actor, meeting=coming, title="Nghị quyết số 12",
                                         link="https://sotay.dangbo.vn/nq-12", available_on=TODAY)
    assert link.get_absolute_url() == "https://sotay.dangbo.vn/nq-12"
    paper = services.meeting_add_document(actor=actor, meeting=coming, title="Dự thảo (bản giấy)", available_on=TODAY)
    assert not paper.file and not paper.link
    assert with_file.history.first().history_user == actor


@pytest.mark.parametrize("kwargs,field", [
    ({"file": SimpleUploadedFile("virus.exe", EXE), "title": "x"}, "file"),
    ({"file": SimpleUploadedFile("empty.pdf", b""), "title": "x"}, "file"),
    ({"title": ""}, "title"),
    ({"title": "x", "link": "not a link"}, "link"),
    ({"title": "x", "available_on": TODAY + datetime.timedelta(days=1)}, "available_on"),
    ({"title": "x", "available_on": D(1920, 1, 1)}, "available_on"),
])
def test_a_document_that_cannot_be_kept_is_refused_on_its_field(actor, coming, kwargs, field):
    before = document_rows()
    with pytest.raises(ValidationError) as error:
        services.meeting_add_document(actor=actor, meeting=coming, **{"available_on": TODAY, **kwargs})
    assert field in error.value.error_dict
    assert document_rows() == before


def test_a_file_too_large_is_refused(actor, coming, settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.meeting_add_document(actor=actor, meeting=coming, file=pdf(), available_on=TODAY)
    assert "file" in error.value.error_dict


def test_a_withdrawn_document_stays_with_its_reason_and_no_longer_counts(actor, world):
    day = TODAY - datetime.timedelta(days=10)
    meeting = hold(actor, world.cell_a1, day, document_on=day - datetime.timedelta(days=2))
    assert selectors.meeting_quality(meeting).good
    document = meeting.documents.get()
    with pytest.raises(ValidationError) as error:
        services.meeting_withdraw_document(actor=actor, document=document, reason=" ")
    assert "reason" in error.value.error_dict
    services.meeting_withdraw_document(actor=actor, document=document, reason="Gửi nhầm bản cũ")
    document.refresh_from_db()
    assert (document.withdrawn_on, document.withdrawn_reason) == (TODAY, "Gửi nhầm bản cũ")
    assert MeetingDocument.objects.filter(pk=document.pk).exists()  # never deleted
    quality = selectors.meeting_quality(meeting)
    assert not quality.good and [c.code for c in quality.failed()] == ["documents"]
    with pytest.raises(ValidationError):
        services.meeting_withdraw_document(actor=actor, document=document, reason="Lần nữa")


def test_the_compliance_page_judges_the_documents_reached_members_date(actor, world, user_khoi):
    day = LAST_MONTH + datetime.timedelta(days=14)
    in_time = hold(actor, world.cell_a1, day, document_on=day - datetime.timedelta(days=2))
    late = hold(actor, world.cell_a2, day, document_on=day)  # the same day: not "at least one day before"
    result = selectors.compliance(user_khoi, start=LAST_MONTH, today=TODAY)
    judged = {row.organization.pk: (row.good, row.judged) for row in result["cells"] if row.judged}
    assert judged == {world.cell_a1.pk: (1, 1), world.cell_a2.pk: (0, 1)}
    services.meeting_withdraw_document(actor=actor, document=in_time.documents.get(), reason="Nhầm")
    result = selectors.compliance(user_khoi, start=LAST_MONTH, today=TODAY)
    assert {row.organization.pk: row.good for row in result["cells"] if row.judged}[world.cell_a1.pk] == 0
    assert late.pk


# ---- documents: the pages ------------------------------------------------------------------------------------

def test_the_secretary_attaches_a_file_on_a_phone_form_and_members_download_it(chibo, dangvien, client_for,
                                                                              user_other, coming):
    url = reverse("meetings:document_add", args=[coming.pk])
    page = chibo.get(url)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in text(page)
    yesterday = TODAY - datetime.timedelta(days=1)
    response = chibo.post(url, {"title": "Chương trình sinh hoạt", "file": pdf(), "available_on": dmy(yesterday)})
    assert response.status_code == 302, form_errors(response)
    document = coming.documents.get()
    assert (document.title, document.available_on) == ("Chương trình sinh hoạt", yesterday)
    detail = chibo.get(coming.get_absolute_url())
    assert doc(detail).xpath(f'//*[@id="documents"]//*[@data-document="{document.pk}"]//a[@href="'
                             f'{reverse("meetings:document", args=[document.pk])}"]')
    # the member of the cell reads it; someone outside the cell's scope does not even learn it exists
    download = dangvien.get(reverse("meetings:document", args=[document.pk]))
    assert download.status_code == 200 and content(download).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    assert client_for(user_other).get(reverse("meetings:document", args=[document.pk])).status_code == 404
    # a refused upload keeps what was typed
    before = document_rows()
    response = chibo.post(url, {"title": "Tệp lạ", "file": SimpleUploadedFile("x.exe", EXE),
                                "available_on": dmy(TODAY)})
    assert response.status_code == 200 and document_rows() == before
    assert doc(response).xpath('//*[@id="id_file_error"]')


def test_a_withdrawn_document_is_struck_through_for_the_secretary_and_gone_for_members(actor, chibo, dangvien,
                                                                                      coming):
    document = services.meeting_add_document(actor=actor, meeting=coming, title="Bản cũ", file=pdf(),
                                             available_on=TODAY)
    response = chibo.post(reverse("meetings:document_withdraw", args=[document.pk]), {"reason": ""})
    assert response.status_code == 200 and document_rows()[-1][2] is None  # the reason is required
    response = chibo.post(reverse("meetings:document_withdraw", args=[document.pk]), {"reason": "Gửi nhầm"})
    assert response.status_code == 302 and response["Location"] == coming.get_absolute_url()
    detail = chibo.get(coming.get_absolute_url())
    assert doc(detail).xpath(f'//*[@data-document="{document.pk}" and @data-withdrawn="1"]//s')
    assert "Gửi nhầm" in text(detail)
    assert dangvien.get(reverse("meetings:document", args=[document.pk])).status_code == 404
    assert f'data-document="{document.pk}"' not in text(dangvien.get("/"))
    # withdrawn once: the page sends back to the meeting
    assert chibo.get(reverse("meetings:document_withdraw", args=[document.pk])).status_code == 302


# ---- attendance never ahead of the meeting -------------------------------------------------------------------

def test_attendance_is_refused_ahead_of_the_meeting_day_and_nothing_is_written(actor, chibo, world):
    ahead = plan(actor, world.cell_a1, TODAY + datetime.timedelta(days=6), kind=MeetingKind.EXTRAORDINARY)
    with pytest.raises(ValidationError, match="điểm danh vào ngày đó, không điểm danh trước"):
        services.meeting_take_attendance(actor=actor, meeting=ahead, presences=present(ahead))
    url = reverse("meetings:attendance", args=[ahead.pk])
    page = chibo.get(url)
    assert page.status_code == 200 and doc(page).xpath('//*[@id="attendance-not-yet"]')
    assert dmy(ahead.planned_on) in text(page) and not doc(page).xpath('//*[@id="attendance-form"]')
    data = {f"presence_{pk}": p for pk, (p, _r) in present(ahead).items()}
    response = chibo.post(url, data)
    assert response.status_code == 200 and doc(response).xpath('//*[@id="attendance-not-yet"]')
    assert not ahead.attendance.exists()
    detail = chibo.get(ahead.get_absolute_url())
    assert not doc(detail).xpath('//*[@id="take-attendance"]') and doc(detail).xpath('//*[@id="not-yet"]')
    # today (in Vietnam) is allowed
    today = plan(actor, world.cell_a1, TODAY, kind=MeetingKind.EXTRAORDINARY)
    response = chibo.post(reverse("meetings:attendance", args=[today.pk]),
                          {f"presence_{pk}": p for pk, (p, _r) in present(today).items()})
    assert response.status_code == 302 and today.attendance.exists()


def test_a_planned_meeting_moves_and_its_notice_must_be_given_again(actor, chibo, coming, world):
    services.meeting_notify(actor=actor, meeting=coming)
    response = chibo.post(reverse("meetings:reschedule", args=[coming.pk]),
                          {"planned_on": dmy(TODAY), "planned_at": "07:30", "place": "Phòng họp B"})
    assert response.status_code == 302, form_errors(response)
    coming.refresh_from_db()
    assert (coming.planned_on, coming.planned_at, coming.place, coming.notice_sent_on) == (
        TODAY, T(7, 30), "Phòng họp B", None)
    # next month already has its regular meeting: moving there is refused on the day
    plan(actor, world.cell_a1, add_months(THIS_MONTH, 1))
    with pytest.raises(ValidationError) as error:
        services.meeting_reschedule(actor=actor, meeting=coming, planned_on=add_months(THIS_MONTH, 1))
    assert "planned_on" in error.value.error_dict
    services.meeting_take_attendance(actor=actor, meeting=coming, presences=present(coming))
    with pytest.raises(ValidationError):  # attendance taken: not to a later day
        services.meeting_reschedule(actor=actor, meeting=coming, planned_on=TODAY + datetime.timedelta(days=1))


# ---- notice: the hook ----------------------------------------------------------------------------------------

def test_notice_given_calls_the_hook_inside_the_transaction_with_the_roster(actor, coming):
    calls = []

    def handler(**kwargs):
        calls.append((kwargs, transaction.get_connection().in_atomic_block))

    hooks.notice_given.register(handler)
    try:
        services.meeting_notify(actor=actor, meeting=coming)
    finally:
        hooks.notice_given.handlers.remove(handler)
    (kwargs, atomic), = calls
    assert atomic and set(kwargs) == {"meeting", "members", "actor"}
    assert kwargs["meeting"].pk == coming.pk and kwargs["meeting"].notice_sent_on == TODAY
    assert kwargs["actor"] == actor
    assert {m.pk for m in kwargs["members"]} == {m.pk for m in selectors.meeting_roster(coming)}


def test_a_handler_that_refuses_refuses_the_notice(actor, coming):
    def refuse(**kwargs):
        raise ValidationError("Máy chủ thư từ chối")

    hooks.notice_given.register(refuse)
    try:
        with pytest.raises(ValidationError):
            services.meeting_notify(actor=actor, meeting=coming)
    finally:
        hooks.notice_given.handlers.remove(refuse)
    coming.refresh_from_db()
    assert coming.notice_sent_on is None


# ---- closing asks first --------------------------------------------------------------------------------------

def test_approving_the_minutes_asks_for_confirmation(actor, chibo, world):
    held = hold(actor, world.cell_a1, TODAY)
    page = doc(chibo.get(held.get_absolute_url()))
    form = page.xpath('//form[.//*[@id="close-meeting"]]')[0]
    assert form.get("data-confirm") and form.get("action") == reverse("meetings:close", args=[held.pk])
    closed = services.meeting_close(actor=actor, meeting=held)
    assert re.fullmatch(r"\d{2}-BB/CB", closed.minutes_reference)
    assert doc(chibo.get(held.get_absolute_url())).xpath('//*[@id="minutes-number"]')


# ---- home blocks and menu ------------------------------------------------------------------------------------

def test_the_secretary_home_puts_the_cell_and_its_next_meeting_first(actor, chibo, coming, world):
    services.meeting_add_document(actor=actor, meeting=coming, title="Chương trình", available_on=TODAY)
    page = doc(chibo.get("/"))
    block = page.xpath(f'//*[@id="my-cell-{world.cell_a1.pk}"]')[0]
    first = page.xpath('//main//div[contains(@class, "card")]')[0]
    assert first is block  # before anything else of the home page
    assert block.xpath(f'.//a[@data-meeting="{coming.pk}"]')
    actions = {a.get("data-action") for a in block.xpath(".//*[@data-action]")}
    expected = {"notify", "document"} | ({"attendance", "record"} if coming.planned_on <= TODAY else set())
    assert actions == expected
    assert block.xpath(f'.//form[@action="{reverse("meetings:notify", args=[coming.pk])}"]')
    links = {a.get("data-link"): a.get("href") for a in block.xpath(".//a[@data-link]")}
    assert links == {"cell-meetings": reverse("meetings:cell", args=[world.cell_a1.pk]),
                     "cell-members": f"{reverse('members:list')}?organization={world.cell_a1.pk}"}
    for href in links.values():
        assert chibo.get(href).status_code == 200
    # what is due is in the block (notice for the coming meeting), not in a second to-do card
    assert "notice_due" in {li.get("data-code") for li in block.xpath('.//*[@data-list="due"]/li')}
    assert not page.xpath('//*[@id="todo"]')


def test_a_secretary_without_a_planned_meeting_is_offered_to_plan_one(chibo, world):
    block = doc(chibo.get("/")).xpath(f'//*[@id="my-cell-{world.cell_a1.pk}"]')[0]
    assert block.xpath(f'.//a[@data-action="plan"][@href="{reverse("meetings:plan", args=[world.cell_a1.pk])}"]')


def test_the_member_home_shows_the_next_meeting_its_documents_notice_and_attendance(actor, dangvien, coming, world):
    earlier = hold(actor, world.cell_a1, TODAY - datetime.timedelta(days=40))
    document = services.meeting_add_document(actor=actor, meeting=coming, title="Dự thảo nghị quyết", file=pdf(),
                                             available_on=TODAY)
    services.meeting_notify(actor=actor, meeting=coming)
    page = doc(dangvien.get("/"))
    block = page.xpath('//*[@id="my-next-meeting"]')[0]
    assert page.xpath('//main//div[contains(@class, "card")]')[0] is block
    assert dmy(coming.planned_on) in block.text_content() and "08:30" in block.text_content()
    assert "Hội trường A" in block.text_content()
    assert block.xpath(f'.//*[@data-document="{document.pk}"]/a/@href') == [
        reverse("meetings:document", args=[document.pk])]
    assert block.xpath(f'.//*[@data-notice="{coming.pk}"]')
    assert block.xpath('.//*[@id="next-meeting-agenda"]//li')
    dates = [td.text_content().strip() for td in block.xpath('.//table[@id="my-attendance"]//tr/td[1]')]
    assert dates == [dmy(earlier.held_on)]
    # and the member page's attendance has its date too
    record = doc(dangvien.get(reverse("members:detail", args=[world.members["dangvien"].pk])))
    assert [td.text_content().strip() for td in record.xpath('//table[@id="own-attendance"]//tr/td[1]')] == [
        dmy(earlier.held_on)]


def _menu_urls(user) -> dict[str, str]:
    return {row["key"]: row["url"] for group in menu.for_user(user) for row in group["entries"]}


def test_the_menu_gives_the_secretary_their_cell_and_the_member_their_meetings(chibo, dangvien, user_chibo,
                                                                             user_dangvien, user_khoi, world):
    urls = _menu_urls(user_chibo)
    assert urls["my-cell-meetings"] == reverse("meetings:mine") and "my-meetings" not in urls
    response = chibo.get(urls["my-cell-meetings"])
    assert response.status_code == 302 and response["Location"] == reverse("meetings:cell", args=[world.cell_a1.pk])
    urls = _menu_urls(user_dangvien)
    assert set(urls) & {"my-meetings", "my-cell-meetings", "compliance"} == {"my-meetings"}
    assert dangvien.get(urls["my-meetings"]).status_code == 200
    assert "my-cell-meetings" not in _menu_urls(user_khoi)  # the Bloc runs many cells: compliance instead
    for key, url in _menu_urls(user_dangvien).items():
        if url.startswith("/meetings/"):
            assert dangvien.get(url).status_code == 200, key


def test_a_secretary_of_two_cells_picks_one(make_user, client_for, world):
    from accounts.models import Role, RoleAssignment

    user = make_user("bithu_hai_chi_bo", role=Role.CELL_SECRETARY, organization=world.cell_a1)
    RoleAssignment.objects.create(user=user, role=Role.CELL_SECRETARY, organization=world.cell_a2)
    page = client_for(user).get(reverse("meetings:mine"))
    assert page.status_code == 200
    assert {int(c) for c in doc(page).xpath("//*[@data-cell]/@data-cell")} == {world.cell_a1.pk, world.cell_a2.pk}
    assert len(doc(client_for(user).get("/")).xpath('//*[contains(@class, "my-cell")]')) == 2


# ---- the to-do counts open exactly their rows ----------------------------------------------------------------

@pytest.fixture
def many_cells(actor, world, make_org):
    """More cells than the to-do lists one by one, each code owed somewhere: cell_a1 a meeting planned last week and
    not recorded, cell_a2 last month's held and not approved, cell_b1 a meeting in two days without notice; every
    other cell its regular meeting of this month not planned."""
    for i in range(SUMMARY_ABOVE_CELLS):
        make_org("cell", world.gc_b, name=f"Chi bộ Phòng số {i}")
    plan(actor, world.cell_a1, TODAY - datetime.timedelta(days=7), kind=MeetingKind.EXTRAORDINARY)
    hold(actor, world.cell_a2, LAST_MONTH + datetime.timedelta(days=3))
    plan(actor, world.cell_b1, TODAY + datetime.timedelta(days=2), kind=MeetingKind.EXTRAORDINARY)
    return world


@pytest.mark.parametrize("code", TODO_CODES)
def test_each_todo_count_opens_a_page_with_exactly_its_rows(khoi, many_cells, code):
    summary = doc(khoi.get("/")).xpath('//*[@id="todo-summary"]')[0]
    link = summary.xpath(f'.//a[@data-code="{code}"]')[0]
    count = int(link.xpath("./strong")[0].text_content())
    assert count >= 1
    page = khoi.get(link.get("href"))
    assert page.status_code == 200
    rows = doc(page).xpath('//ul[@id="todo-rows"]/li[@data-code]')
    assert len(rows) == count and {r.get("data-code") for r in rows} == {code}


def test_the_todo_list_refuses_a_code_it_does_not_know_and_stays_in_scope(khoi, chibo, dangvien, many_cells):
    assert khoi.get(reverse("meetings:compliance_todo") + "?code=bogus").status_code == 400
    assert dangvien.get(reverse("meetings:compliance_todo")).status_code == 403
    rows = doc(chibo.get(reverse("meetings:compliance_todo"))).xpath('//ul[@id="todo-rows"]/li[@data-code]')
    assert rows and all(many_cells.cell_a1.name in r.text_content() for r in rows)


# ---- compliance: failing only, sort, current month, the month kept -------------------------------------------

@pytest.fixture
def last_month(actor, world):
    """Last month: cell_a1 held its meeting well (documents two days before), cell_a2 held it without documents
    (below the benchmark), cell_a3 missed it."""
    day = LAST_MONTH + datetime.timedelta(days=10)
    hold(actor, world.cell_a1, day, document_on=day - datetime.timedelta(days=2))
    hold(actor, world.cell_a2, day)
    return world


def _cells(response) -> list[int]:
    return [int(re.search(r"/meetings/cells/(\d+)/", h).group(1))
            for h in doc(response).xpath('//table[@id="compliance"]/tbody/tr/td[1]/a/@href')]


def test_failing_only_lists_the_cells_that_missed_or_fell_short(client_for, user_coso, last_month):
    client, w = client_for(user_coso), last_month
    url = reverse("meetings:compliance") + f"?month={LAST_MONTH:%Y-%m}"
    assert set(_cells(client.get(url))) == {w.cell_a1.pk, w.cell_a2.pk, w.cell_a3.pk}
    failing = client.get(url + "&failing=1")
    assert set(_cells(failing)) == {w.cell_a2.pk, w.cell_a3.pk}
    assert doc(failing).xpath('//*[@id="failing-note"]')
    body = content(client.get(url + "&failing=1&export=csv")).decode()
    assert w.cell_a2.name in body and w.cell_a1.name not in body
    worst = _cells(client.get(url + "&sort=result"))
    assert worst.index(w.cell_a3.pk) < worst.index(w.cell_a2.pk) < worst.index(w.cell_a1.pk)


@pytest.mark.parametrize("query", ["failing=2", "sort=bogus", "failing=yes"])
def test_a_bad_failing_or_sort_value_is_refused_and_named(khoi, world, query):
    response = khoi.get(reverse("meetings:compliance") + "?" + query)
    assert response.status_code == 400
    assert doc(response).xpath(f'//*[@id="filter-errors"]//*[@data-field="{query.split("=")[0]}"]')


def test_compliance_opens_on_this_month_and_keeps_the_chosen_month_across_periods(khoi, world):
    page = doc(khoi.get(reverse("meetings:compliance")))
    assert page.xpath('//input[@id="id_month"]/@value') == [f"{THIS_MONTH:%Y-%m}"]
    chosen = D(2025, 8, 1)  # the second month of a quarter
    quarter = doc(khoi.get(reverse("meetings:compliance") + "?month=2025-08&period=quarter&failing=1&sort=result"))
    assert quarter.xpath('//input[@id="id_month"]/@value') == ["2025-08"]  # not the quarter's first month
    assert quarter.xpath('//select[@id="id_failing"]/option[@selected]/@value') == ["1"]
    following = quarter.xpath('//a[@id="next-period"]/@href')[0]
    assert following.startswith(f"?month={add_months(chosen, 3):%Y-%m}&period=quarter")
    assert "failing=1" in following and "sort=result" in following
    month = doc(khoi.get(reverse("meetings:compliance") + "?month=2025-08&period=month"))
    assert [th.text_content().strip() for th in month.xpath('//table[@id="compliance"]/thead/tr/th')][2] == "08/2025"
