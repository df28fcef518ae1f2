"""The periodic reports (issue 18): the figures equal counts made independently, are frozen when the report is
submitted, the report is numbered as a "BC" of its committee's register, received or returned only by the superior,
printed as .docx in the Party's format and as .xlsx; its periods and due dates are rule data; the to-do lists what
is owed."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from docx import Document as Docx
from openpyxl import load_workbook

from core.testing.pages import content, csv_rows, doc

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.date.today()
YEAR = TODAY.year


def shown(client, report) -> dict[str, str]:
    response = client.get(f"/reports/periodic/{report.pk}/")
    assert response.status_code == 200
    return {el.get("data-figure"): el.text_content().strip() for el in doc(response).xpath("//*[@data-figure]")}


def _create(actor, organization, kind="half_year", year=YEAR, number=1, text="Tình hình chung ổn định."):
    from reports import services

    report = services.periodic_report_create(actor=actor, organization=organization, kind=kind, year=year,
                                             number=number)
    return services.periodic_report_update_text(actor=actor, report=report, situation=text,
                                                results="Lãnh đạo hoàn thành nhiệm vụ chính trị.",
                                                shortcomings="Sinh hoạt chuyên đề chưa đều.",
                                                tasks="Tiếp tục nâng cao chất lượng sinh hoạt.")


def _submit(client, report, **extra):
    data = {"signer_position": "Bí thư", "signer_name": "Nguyễn Văn Ký", "place": "Vĩnh Phúc", "recipients": "",
            "revision": report.revision, **extra}
    return client.post(f"/reports/periodic/{report.pk}/submit/", data)


def test_the_figures_equal_counts_made_independently(client, world, actor, user_coso):
    from members import services as ms
    from members.models import Member
    from organizations.selectors import subtree_ids

    day = TODAY.replace(month=1, day=15) if TODAY.month > 1 or TODAY.day > 15 else TODAY
    admitted = ms.member_admit(actor=actor, organization=world.cell_a2, admitted_on=day, decision_number="9-QĐ/ĐU",
                               full_name="Đoàn Thị Mới", gender="female", date_of_birth=D(1998, 5, 12),
                               citizen_id="001198012345", hometown="Vĩnh Phúc")
    report = _create(actor, world.gc_a, kind="year")
    client.force_login(user_coso)
    figures = shown(client, report)
    ids = subtree_ids(world.gc_a.pk)
    members = Member.objects.filter(organization_id__in=ids, status__in=("full", "probationary"))
    assert int(figures["members:total"]) == members.count() == 7
    assert int(figures["members:probationary"]) == members.filter(status="probationary").count() == 2
    assert int(figures["members:admitted"]) == 1 and admitted.organization_id == world.cell_a2.pk
    assert int(figures["members:left"]) == 0 and int(figures["members:lost"]) == 0
    # the cells under gc_a (cell_a3 established with the world: counted too)
    cells = [world.cell_a1.pk, world.cell_a2.pk, world.cell_a3.pk]
    assert int(figures["meetings:cells"]) == len(cells)
    assert int(figures["meetings:regular_held"]) == 0
    for key in ("inspections:inspections_opened", "inspections:discipline_members", "petitions:received",
                "dues:collected", "badges:awarded"):
        assert figures[key] == "0", key
    # every section of the report is there
    page = doc(client.get(f"/reports/periodic/{report.pk}/"))
    assert {s.get("data-section") for s in page.xpath("//*[@data-section]")} == {
        "members", "meetings", "inspections", "petitions", "dues", "reviews", "badges"}
    # each member figure opens the member list of exactly the members it counts
    for key in ("members:total", "members:probationary", "members:admitted"):
        (href,) = page.xpath(f'//a[@data-figure="{key}"]/@href')
        names = [row[0] for row in csv_rows(client.get(f"{href}&export=csv"))[1:]]
        assert len(names) == int(figures[key]), key
    assert names == [admitted.full_name]
    assert not page.xpath('//a[@data-figure="members:left"]')  # nothing to open


def test_submission_freezes_the_figures_and_numbers_the_report(client, world, actor, user_coso):
    from documents.models import Document
    from members import services as ms
    from reports.models import PeriodicReport

    report = _create(actor, world.gc_a, kind="year")
    client.force_login(user_coso)
    response = _submit(client, report)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.SUBMITTED and report.submitted_by == user_coso
    assert report.figures["members"]["total"] == 6
    document = report.document
    assert document.kind == "BC" and document.direction == "outgoing" and document.organization == world.gc_a
    assert re.fullmatch(r"01-BC/\S+", document.symbol)
    # a later admission changes the live figures, not the submitted report's
    ms.member_admit(actor=actor, organization=world.cell_a2, admitted_on=TODAY, decision_number="10-QĐ/ĐU",
                    full_name="Đoàn Văn Sau", gender="male", date_of_birth=D(1997, 3, 2), citizen_id="001097012346",
                    hometown="Vĩnh Phúc")
    assert shown(client, report)["members:total"] == "6"
    other = _create(actor, world.gc_a, kind="month", number=TODAY.month)  # a period that holds today
    assert shown(client, other)["members:total"] == "7"
    # the next report of the committee takes the next number of the series
    assert _submit(client, other).status_code == 302
    other.refresh_from_db()
    assert other.document.symbol.startswith("02-BC/")
    assert Document.objects.filter(organization=world.gc_a, kind="BC").count() == 2
    # a submitted report is no longer written
    before = report.revision
    client.post(f"/reports/periodic/{report.pk}/text/", {"situation": "Sửa", "revision": report.revision})
    report.refresh_from_db()
    assert report.revision == before and report.situation != "Sửa"


def test_only_the_superior_receives_or_returns(client, world, actor, user_coso, user_khoi, user_other):
    from reports.models import PeriodicReport

    report = _create(actor, world.gc_a)
    client.force_login(user_coso)
    assert _submit(client, report).status_code == 302
    report.refresh_from_db()
    symbol = report.document.symbol
    receive = f"/reports/periodic/{report.pk}/receive/"
    back = f"/reports/periodic/{report.pk}/return/"
    # the committee itself does not receive its own report; another committee does not even see it
    assert client.post(receive).status_code == 403
    assert client.get(back).status_code == 403
    client.force_login(user_other)
    assert client.post(receive).status_code == 404
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.SUBMITTED
    # the Bloc returns it with the reason: the committee completes and submits it again, the number kept
    client.force_login(user_khoi)
    assert doc(client.get(f"/reports/periodic/{report.pk}/")).xpath('//*[@id="periodic-receive"]')
    assert client.post(back, {"reason": "Bổ sung kết quả kiểm tra.", "revision": report.revision}).status_code == 302
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.RETURNED and report.return_reason == "Bổ sung kết quả kiểm tra."
    client.force_login(user_coso)
    assert client.post(f"/reports/periodic/{report.pk}/text/", {
        "situation": "Đã bổ sung.", "results": "Kiểm tra 2 chi bộ.", "shortcomings": "", "tasks": "",
        "revision": report.revision}).status_code == 302
    report.refresh_from_db()
    assert _submit(client, report).status_code == 302
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.SUBMITTED and report.document.symbol == symbol
    client.force_login(user_khoi)
    assert client.post(receive).status_code == 302
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.RECEIVED and report.received_by == user_khoi
    assert report.history.count() >= 6  # created, written, submitted, returned, written, submitted, received
    # entered in the Bloc's register of incoming documents as the BC it is, with the year's arrival number
    arrival = report.arrival
    assert arrival.organization == world.bloc and arrival.direction == "incoming" and arrival.symbol == symbol
    assert arrival.issued_on == report.document.issued_on and arrival.arrival_number >= 1
    assert doc(client.get(f"/reports/periodic/{report.pk}/")).xpath('//*[@id="periodic-arrival"]')
    assert doc(client.get(f"/documents/{arrival.pk}/")).xpath(f'//*[contains(text(), "{symbol}")]')


def test_the_bloc_report_is_not_received_in_the_app(client, world, actor, user_khoi):
    report = _create(actor, world.bloc)
    client.force_login(user_khoi)
    assert _submit(client, report).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert client.post(f"/reports/periodic/{report.pk}/receive/").status_code == 403


def test_a_cell_below_a_committee_makes_no_such_report(client, world, user_coso):
    client.force_login(user_coso)
    response = client.post("/reports/periodic/new/", {"organization": world.cell_a1.pk, "kind": "year",
                                                      "year": YEAR, "number": 1})
    assert response.status_code == 200
    assert doc(response).xpath('//*[@id="id_organization" and contains(@class, "is-invalid")]')


def test_the_docx_has_the_party_format(client, world, actor, user_coso):
    report = _create(actor, world.gc_a)
    client.force_login(user_coso)
    draft = client.get(f"/reports/periodic/{report.pk}/docx/")
    assert draft.status_code == 200 and "wordprocessingml" in draft["Content-Type"]
    assert _submit(client, report, recipients="Ban Thường vụ Đảng ủy Khối\nCác chi bộ trực thuộc").status_code == 302
    report.refresh_from_db()
    response = client.get(f"/reports/periodic/{report.pk}/docx/")
    assert response.status_code == 200
    docx = Docx(io.BytesIO(content(response)))
    texts = [p.text for p in docx.paragraphs]
    cells = [p.text for table in docx.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    everything = texts + cells
    issuer = report.document.issuer
    assert issuer.name.upper() in cells  # the issuing body
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells  # the national Party line
    assert f"Số {report.document.symbol}" in cells  # number and symbol
    day = report.document.issued_on
    assert f"Vĩnh Phúc, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}" in cells  # place and date
    assert "BÁO CÁO" in texts and f"Kết quả công tác xây dựng Đảng 6 tháng đầu năm {YEAR}" in texts  # title
    assert "Nơi nhận:" in cells and "- Ban Thường vụ Đảng ủy Khối," in cells  # recipients
    assert "T/M ĐẢNG ỦY" in cells and "BÍ THƯ" in cells and "Nguyễn Văn Ký" in cells  # signature
    assert "I. TÌNH HÌNH CHUNG" in texts and "Tình hình chung ổn định." in texts  # the text written
    assert "Tổng số đảng viên cuối kỳ" in everything and "6" in cells  # the figures


def test_printed_figures_separate_thousands_but_not_years():
    from reports.printed import _value

    assert _value(503581930, "due") == "503.581.930" and _value(94.4, "attendance_percent") == "94,4"
    assert _value(2025, "campaign_year") == "2025" and _value(None) == "—"


def test_the_workbook_holds_the_figures(client, world, actor, user_coso):
    report = _create(actor, world.gc_a)
    client.force_login(user_coso)
    response = client.get(f"/reports/periodic/{report.pk}/xlsx/")
    assert response.status_code == 200
    rows = [row for row in load_workbook(io.BytesIO(content(response))).active.iter_rows(values_only=True)]
    assert rows[0][0] == world.gc_a.name.upper().replace("ĐẢNG BỘ", "ĐẢNG ỦY", 1)
    values = {row[0]: row[1] for row in rows if row and row[0]}
    assert values["Tổng số đảng viên cuối kỳ"] == 6 and values["Số chi bộ"] == 3


def test_periods_and_due_dates_are_rule_data(world, actor):
    from reports import periods, services
    from rules.codes import PERIODIC_REPORT_PERIODS
    from rules.models import Rule
    from rules.selectors import rule_get

    rule = rule_get(PERIODIC_REPORT_PERIODS, on=TODAY)
    assert rule.unconfirmed and rule.note
    half = periods.period_of("half_year", 2026, 1)
    assert (half.starts_on, half.ends_on, half.due_on) == (D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 10))
    q3 = periods.period_of("quarter", 2026, 3)
    assert (q3.starts_on, q3.ends_on) == (D(2026, 7, 1), D(2026, 9, 30))
    assert periods.period_of("year", 2025, 1).due_on == D(2026, 1, 15)
    # a new version of the rule from a day on changes the periods ending from then
    value = dict(rule.value)
    value["half_year"] = {**value["half_year"], "due_days": 20}
    rule.effective_to = D(2030, 1, 1)
    rule.save()
    Rule.objects.create(code=PERIODIC_REPORT_PERIODS, label=rule.label, value=value, regulation="HD mới",
                        effective_from=D(2030, 1, 1))
    assert periods.period_of("half_year", 2030, 1).due_on == D(2030, 7, 20)
    assert periods.period_of("half_year", 2029, 1).due_on == D(2029, 7, 10)
    with pytest.raises(ValidationError):
        periods.period_of("quarter", 2026, 5)
    report = services.periodic_report_create(actor=actor, organization=world.gc_a, kind="quarter", year=YEAR,
                                             number=1)
    assert report.due_on == D(YEAR, 4, 10)


def test_the_todo_lists_what_is_owed_until_it_is_submitted(client, world, actor, user_coso, user_khoi):
    from reports.periods import periods_owed

    owed = periods_owed(TODAY)
    assert owed and all(p.due_on - TODAY <= datetime.timedelta(days=20) for p in owed)
    period = owed[0]
    key = f"{world.gc_a.pk}-{period.kind}-{period.year}-{period.number}"
    client.force_login(user_coso)
    page = doc(client.get("/reports/periodic/"))
    assert page.xpath(f'//*[@data-owed="{key}"]')
    assert doc(client.get("/")).xpath('//*[@id="home-periodic"]')
    # the create link of the to-do opens the form filled for that period
    link = page.xpath(f'//*[@data-owed="{key}"]//a[@data-create]')[0].get("href")
    form = doc(client.get(link))
    assert form.xpath(f'//select[@id="id_kind"]/option[@selected and @value="{period.kind}"]')
    report = _create(actor, world.gc_a, kind=period.kind, year=period.year, number=period.number)
    assert doc(client.get("/reports/periodic/")).xpath(f'//*[@data-owed="{key}"]')  # a draft is still owed
    assert _submit(client, report).status_code == 302
    assert not doc(client.get("/reports/periodic/")).xpath(f'//*[@data-owed="{key}"]')
    # the Bloc's office: the report waits to be received; the Bloc's own reports are owed
    client.force_login(user_khoi)
    page = doc(client.get("/reports/periodic/"))
    assert page.xpath(f'//*[@data-to-receive="{report.pk}"]')
    assert page.xpath(f'//*[@data-owed="{world.bloc.pk}-{period.kind}-{period.year}-{period.number}"]')
    assert not page.xpath(f'//*[@data-owed="{key}"]')  # gc_a's own to-do is gc_a's office's
