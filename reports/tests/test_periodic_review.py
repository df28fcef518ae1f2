"""The periodic reports after review: a report returned and submitted again corrects its registered document and keeps
each submission's figures; every section counts the same organisations, whoever submits; bad rule data is refused
when saved and never breaks the to-do; the draft prints the register's issuing body; the workbooks never carry a
formula; the to-do keeps a returned report, lists the subordinates owing one, and the receiving is the direct
superior's, never the submitter's."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from docx import Document as Docx
from openpyxl import load_workbook

from core.testing.pages import content, doc

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.date.today()
YEAR = TODAY.year


def _create(actor, organization, kind="half_year", year=YEAR, number=1, text="Tình hình chung ổn định."):
    from reports import services

    report = services.periodic_report_create(actor=actor, organization=organization, kind=kind, year=year,
                                             number=number)
    return services.periodic_report_update_text(actor=actor, report=report, situation=text,
                                                results="Lãnh đạo hoàn thành nhiệm vụ chính trị.")


def _submit(client, report, **extra):
    report.refresh_from_db()
    data = {"signer_position": "Bí thư", "signer_name": "Nguyễn Văn Ký", "place": "Vĩnh Phúc", "recipients": "",
            "revision": report.revision, **extra}
    return client.post(f"/reports/periodic/{report.pk}/submit/", data)


def _return(client, report, reason="Bổ sung số liệu kiểm tra."):
    report.refresh_from_db()
    return client.post(f"/reports/periodic/{report.pk}/return/", {"reason": reason, "revision": report.revision})


def _rewrite(client, report, situation):
    report.refresh_from_db()
    return client.post(f"/reports/periodic/{report.pk}/text/", {
        "situation": situation, "results": "Kiểm tra 2 chi bộ.", "shortcomings": "", "tasks": "",
        "revision": report.revision})


def shown(client, report) -> dict[str, str]:
    response = client.get(f"/reports/periodic/{report.pk}/")
    assert response.status_code == 200
    return {el.get("data-figure"): el.text_content().strip() for el in doc(response).xpath("//*[@data-figure]")}


def docx_cells(response) -> list[str]:
    docx = Docx(io.BytesIO(content(response)))
    return [p.text for table in docx.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]


def test_a_report_submitted_again_corrects_its_registered_document(client, world, actor, user_coso, user_khoi):
    from documents.models import Document
    from documents.services import document_cancel

    report = _create(actor, world.gc_a)
    client.force_login(user_coso)
    assert _submit(client, report, signer_name="Nguyễn Văn Ký", place="Vĩnh Yên",
                   recipients="Ban Thường vụ Đảng ủy Khối").status_code == 302
    report.refresh_from_db()
    document, symbol, issued_on = report.document, report.document.symbol, report.document.issued_on
    client.force_login(user_khoi)
    assert _return(client, report).status_code == 302
    client.force_login(user_coso)
    assert _rewrite(client, report, "Đã bổ sung tình hình.").status_code == 302
    assert _submit(client, report, signer_position="Phó Bí thư", signer_name="Trần Thị Hà", place="Phúc Yên",
                   recipients="Ban Tổ chức Đảng ủy Khối").status_code == 302
    report.refresh_from_db()
    document.refresh_from_db()
    # the same document, its number and date kept, corrected to what was submitted now, with the reason
    assert report.document_id == document.pk and document.symbol == symbol and document.issued_on == issued_on
    assert (document.signer_position, document.signer_name, document.place) == ("Phó Bí thư", "Trần Thị Hà",
                                                                                 "Phúc Yên")
    assert document.recipient_lines() == ["Ban Tổ chức Đảng ủy Khối"]
    assert "Đã bổ sung tình hình." in document.body
    assert document.history.count() == 2 and document.history.first().history_change_reason
    cells = docx_cells(client.get(f"/reports/periodic/{report.pk}/docx/"))
    assert "Trần Thị Hà" in cells and "PHÓ BÍ THƯ" in cells and "- Ban Tổ chức Đảng ủy Khối," in cells
    assert "Nguyễn Văn Ký" not in cells and "- Ban Thường vụ Đảng ủy Khối," not in cells
    # the register's document cancelled meanwhile: submitted again, the report is registered under a new number
    client.force_login(user_khoi)
    assert _return(client, report).status_code == 302
    document_cancel(actor=actor, document=document, reason="Hủy để cấp số mới")
    client.force_login(user_coso)
    assert _submit(client, report).status_code == 302
    report.refresh_from_db()
    assert report.document_id != document.pk and not report.document.is_cancelled
    assert re.fullmatch(r"02-BC/\S+", report.document.symbol)
    assert Document.objects.filter(organization=world.gc_a, kind="BC").count() == 2


def test_each_submission_keeps_its_figures(client, world, actor, user_coso, user_khoi):
    from members import services as ms
    from reports.figures import FIGURES

    report = _create(actor, world.gc_a, kind="year")
    client.force_login(user_coso)
    assert _submit(client, report).status_code == 302
    client.force_login(user_khoi)
    assert _return(client, report).status_code == 302
    ms.member_admit(actor=actor, organization=world.cell_a2, admitted_on=TODAY, decision_number="11-QĐ/ĐU",
                    full_name="Đoàn Văn Bổ", gender="male", date_of_birth=D(1996, 4, 2), citizen_id="001096012347",
                    hometown="Vĩnh Phúc")
    client.force_login(user_coso)
    assert _submit(client, report).status_code == 302
    report.refresh_from_db()
    submitted = [record.figures["members"]["total"]
                 for record in report.history.filter(status="submitted").order_by("history_date", "history_id")]
    assert submitted == [6, 7]
    # the superior sees what the previous submission said where it differs, and the history says it too
    client.force_login(user_khoi)
    page = doc(client.get(f"/reports/periodic/{report.pk}/"))
    assert page.xpath('//*[@data-figure="members:total"]')[0].text_content().strip() == "7"
    assert [el.text_content().strip() for el in page.xpath('//*[@data-before="members:total"]')] == ["6"]
    assert not page.xpath('//*[@data-before="members:left"]')
    label = str(dict((key, label) for key, label, _printed in FIGURES[0][2])["total"])  # as the page words it
    changes = page.xpath('//*[@id="history"]//td[del]')
    assert any(f"{label}: 6;" in td.xpath("del")[0].text_content() + ";"
               and f"{label}: 7;" in td.text_content() + ";" for td in changes)


def test_every_section_counts_the_subtree_as_it_stood_whoever_counts(client, world, actor, user_coso, user_khoi):
    from organizations.services import organization_move

    report = _create(actor, world.gc_a, kind="year", year=YEAR - 1)
    client.force_login(user_coso)
    before = shown(client, report)
    assert before["meetings:cells"] == "3"
    # cell_a2 moves to gc_b today: last year's report of gc_a still counts it, for gc_a's office as for the Bloc's
    world.cell_a2.refresh_from_db()
    organization_move(actor=actor, organization=world.cell_a2, new_parent=world.gc_b, effective_on=TODAY,
                      decision_number="15-QĐ/ĐUK")
    assert shown(client, report) == before
    client.force_login(user_khoi)
    assert shown(client, report) == before
    client.force_login(user_coso)
    assert _submit(client, report).status_code == 302
    report.refresh_from_db()
    assert report.figures["members"]["total"] == int(before["members:total"])
    assert report.figures["meetings"]["cells"] == 3


def test_a_badge_counts_where_its_holder_was_when_it_was_presented(client, world, actor, make_member, user_coso,
                                                                  user_other):
    from badges import services as badges
    from badges.reckoning import Calendar
    from members import services as ms
    from rules.selectors import RuleBook

    day = Calendar(RuleBook()).before(TODAY)  # the last presentation date
    veteran = make_member(world.cell_a1, admitted_on=day.replace(year=day.year - 30), joined_on=D(2016, 1, 1),
                          date_of_birth=D(1960, 1, 1))
    badges.badges_award(actor=actor, members=[veteran], presentation_date=day, decision_number="125-QĐ/TU",
                        decided_on=day - datetime.timedelta(days=30))
    veteran.refresh_from_db()
    ms.member_transfer(actor=actor, member=veteran, kind="permanent", effective_on=TODAY, reason="Chuyển công tác",
                       to_organization=world.cell_b1)
    here = _create(actor, world.gc_a, kind="year", year=day.year)
    there = _create(actor, world.gc_b, kind="year", year=day.year)
    client.force_login(user_coso)
    assert shown(client, here)["badges:awarded"] == "1"
    client.force_login(user_other)
    assert shown(client, there)["badges:awarded"] == "0"


def test_the_periods_rule_is_checked_when_saved(world):
    from rules.codes import PERIODIC_REPORT_PERIODS
    from rules.models import Rule
    from rules.selectors import rule_get

    current = rule_get(PERIODIC_REPORT_PERIODS, on=TODAY)
    good = dict(current.value)
    Rule(code=PERIODIC_REPORT_PERIODS, label=current.label, value=good, regulation="HD mới",
         effective_from=D(2030, 1, 1)).full_clean()
    for bad in ({**good, "half_year": {**good["half_year"], "required": [2]}},  # a half year has one period
                {**good, "quarter": {k: v for k, v in good["quarter"].items() if k != "months"}},
                {**good, "quarter": {**good["quarter"], "months": 4}},  # 4 quarters of 4 months
                {**good, "fortnight": good["month"]},
                [1, 2]):
        rule = Rule(code=PERIODIC_REPORT_PERIODS, label=current.label, value=bad, regulation="HD mới",
                    effective_from=D(2030, 1, 1))
        with pytest.raises(ValidationError) as info:
            rule.full_clean()
        assert "value" in info.value.message_dict, bad


def test_bad_rule_data_saved_earlier_leaves_the_todo_standing(client, world, user_coso):
    from reports.periods import periods_owed
    from rules.codes import PERIODIC_REPORT_PERIODS
    from rules.models import Rule
    from rules.selectors import rule_get

    good = rule_get(PERIODIC_REPORT_PERIODS, on=TODAY).value
    expected = [p for p in periods_owed(TODAY) if p.kind in ("year", "nine_months")]
    # saved around Rule.clean (an older value, a bulk load): a number a kind does not have, a spec without months
    Rule.objects.filter(code=PERIODIC_REPORT_PERIODS).update(value={
        **good, "half_year": {**good["half_year"], "required": [2]},
        "quarter": {k: v for k, v in good["quarter"].items() if k != "months"}})
    assert periods_owed(TODAY) == expected
    client.force_login(user_coso)
    assert client.get("/").status_code == 200
    assert client.get("/reports/periodic/").status_code == 200


def test_a_period_before_any_rule_is_refused_on_the_form(client, world, user_coso):
    client.force_login(user_coso)
    response = client.post("/reports/periodic/new/", {"organization": world.gc_a.pk, "kind": "month",
                                                      "year": 1930, "number": 1})
    assert response.status_code == 200
    assert doc(response).xpath('//*[@id="id_year" and contains(@class, "is-invalid")]')


def test_the_draft_prints_the_issuing_body_as_recorded(client, world, actor, user_coso):
    from core.history import save_with_history
    from documents.models import Issuer
    from documents.numbering import issuer_ensure

    issuer = issuer_ensure(actor=actor, organization=world.gc_a, issuer_kind=Issuer.Kind.COMMITTEE)
    issuer.name = "ĐẢNG ỦY SỞ TÀI CHÍNH TỈNH VĨNH PHÚC"
    issuer.symbol = "ĐUSTC"
    save_with_history(issuer, actor=actor, reason="Sửa tên in")
    report = _create(actor, world.gc_a)
    client.force_login(user_coso)
    cells = docx_cells(client.get(f"/reports/periodic/{report.pk}/docx/"))
    assert "ĐẢNG ỦY SỞ TÀI CHÍNH TỈNH VĨNH PHÚC" in cells and any("-BC/ĐUSTC" in c for c in cells)
    rows = list(load_workbook(io.BytesIO(content(client.get(f"/reports/periodic/{report.pk}/xlsx/"))))
                .active.iter_rows(values_only=True))
    assert rows[0][0] == "ĐẢNG ỦY SỞ TÀI CHÍNH TỈNH VĨNH PHÚC"


def test_the_workbooks_never_hold_a_formula(client, world, actor, make_org, user_coso, user_khoi):
    from core.history import save_with_history
    from documents.models import Issuer
    from documents.numbering import issuer_ensure

    issuer = issuer_ensure(actor=actor, organization=world.gc_a, issuer_kind=Issuer.Kind.COMMITTEE)
    issuer.name = '=HYPERLINK("http://x.example","Mở")'
    save_with_history(issuer, actor=actor, reason="Thử")
    report = _create(actor, world.gc_a)
    client.force_login(user_coso)
    sheet = load_workbook(io.BytesIO(content(client.get(f"/reports/periodic/{report.pk}/xlsx/")))).active
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("'=")
    odd = make_org("grassroots_committee", world.bloc, name="=1+2 Đảng bộ thử")
    client.force_login(user_khoi)
    response = client.get(f"/reports/statistics/?organization={odd.pk}&export=xlsx")
    assert response.status_code == 200
    for sheet in load_workbook(io.BytesIO(content(response))).worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert sheet["A1"].value.startswith("'=")


def test_the_home_page_counts_are_the_todo_lists_lengths(client, world, actor, user_coso, user_khoi):
    """todo_counts counts the subordinates owing in SQL: held to todo's lists over a year of days, so that periods
    due soon beside periods overdue, only overdue and none at all are each met, one subordinate's report submitted."""
    from reports import periodic
    from reports.periods import periods_owed

    period = periods_owed(TODAY)[0]
    client.force_login(user_coso)
    assert _submit(client, _create(actor, world.gc_a, kind=period.kind, year=period.year,
                                   number=period.number)).status_code == 302
    seen = set()
    for day in (datetime.date(YEAR, 1, 1) + datetime.timedelta(days=n) for n in range(0, 365, 2)):
        for user in (user_khoi, user_coso):
            found, counts = periodic.todo(user, today=day), periodic.todo_counts(user, today=day)
            assert counts == {"owed": len(found["owed"]), "overdue": sum(o.overdue for o in found["owed"]),
                              "to_receive": len(found["to_receive"]), "owing": len(found["owing"]),
                              "owing_overdue": sum(o.overdue for o in found["owing"])}, (day, user)
            seen.add((counts["owing"] > counts["owing_overdue"], counts["owing_overdue"] > 0))
    assert {(True, True), (False, True), (False, False)} <= seen  # days of both, of overdue only, of none


def test_a_returned_report_stays_on_its_committees_todo(client, world, actor, user_coso, user_khoi):
    report = _create(actor, world.gc_a, kind="month", number=1)  # monthly reports are not owed (rule data)
    key = f"{world.gc_a.pk}-month-{YEAR}-1"
    client.force_login(user_coso)
    assert not doc(client.get("/reports/periodic/")).xpath(f'//*[@data-owed="{key}"]')
    assert _submit(client, report).status_code == 302
    client.force_login(user_khoi)
    assert _return(client, report).status_code == 302
    client.force_login(user_coso)
    page = doc(client.get("/reports/periodic/"))
    assert page.xpath(f'//*[@data-owed="{key}"]//*[@data-returned]')
    assert doc(client.get("/")).xpath('//*[@data-periodic-owed]')
    client.force_login(user_khoi)  # the superior's to-do does not hold it: gc_a's office completes it
    assert not doc(client.get("/reports/periodic/")).xpath(f'//*[@data-owed="{key}"]')


def test_the_superior_sees_the_subordinates_owing_a_report(client, world, actor, user_coso, user_khoi):
    from reports.periods import periods_owed

    period = periods_owed(TODAY)[0]
    keys = {place: f"{world.orgs[place].pk}-{period.kind}-{period.year}-{period.number}"
            for place in ("gc_a", "gc_b", "gcell")}
    client.force_login(user_khoi)
    page = doc(client.get("/reports/periodic/"))
    for key in keys.values():
        row = page.xpath(f'//*[@data-owing="{key}"]')  # listed under its period, which says whether it is late
        group = page.xpath(f'//*[@data-owing-period="{period.kind}-{period.year}-{period.number}"]')
        assert row and group and (group[0].get("data-overdue") is not None) == (period.due_on < TODAY)
    assert not page.xpath(f'//*[@data-owing="{world.bloc.pk}-{period.kind}-{period.year}-{period.number}"]')
    assert not page.xpath(f'//*[starts-with(@data-owing, "{world.cell_a1.pk}-")]')
    owing = int(doc(client.get("/")).xpath('//*[@data-periodic-owing]')[0].get("data-periodic-owing"))
    assert owing == len(page.xpath('//*[@data-owing]'))
    # gc_a submits it: no longer owing; gc_a's office sees no subordinate's (its cells do not make this report)
    report = _create(actor, world.gc_a, kind=period.kind, year=period.year, number=period.number)
    client.force_login(user_coso)
    assert _submit(client, report).status_code == 302
    assert not doc(client.get("/reports/periodic/")).xpath('//*[@data-owing]')
    client.force_login(user_khoi)
    page = doc(client.get("/reports/periodic/"))
    assert not page.xpath(f'//*[@data-owing="{keys["gc_a"]}"]') and page.xpath(f'//*[@data-owing="{keys["gc_b"]}"]')
    assert int(doc(client.get("/")).xpath('//*[@data-periodic-owing]')[0].get("data-periodic-owing")) == owing - 1


def test_a_report_is_received_by_its_direct_superior_only(client, world, actor, make_org, make_user, user_khoi,
                                                          user_admin):
    from accounts.models import Role

    district = make_org("superior", world.bloc, code="DUH", name="Đảng bộ Khối Doanh nghiệp")
    below = make_org("grassroots_committee", district, code="CTY", name="Đảng bộ Công ty Điện lực")
    office = make_user("van_phong_khoi_dn", Role.COMMITTEE_STAFF, district)
    staff = make_user("van_phong_cong_ty", Role.COMMITTEE_STAFF, below)
    report = _create(actor, below)
    client.force_login(staff)
    assert _submit(client, report).status_code == 302
    receive = f"/reports/periodic/{report.pk}/receive/"
    # the Bloc above the intermediate committee reads the report, it does not receive it (nor an administrator)
    for user in (user_khoi, user_admin):
        client.force_login(user)
        assert client.get(f"/reports/periodic/{report.pk}/").status_code == 200
        assert not doc(client.get("/reports/periodic/")).xpath(f'//*[@data-to-receive="{report.pk}"]')
        assert client.post(receive).status_code == 403
    client.force_login(office)
    assert doc(client.get("/reports/periodic/")).xpath(f'//*[@data-to-receive="{report.pk}"]')
    assert client.post(receive).status_code == 302
    report.refresh_from_db()
    assert report.status == "received" and report.received_by == office


def test_whoever_submitted_does_not_receive_or_return(client, world, actor, user_khoi):
    report = _create(actor, world.gc_a)
    client.force_login(user_khoi)  # the Bloc's office keeps gc_a's register too
    assert _submit(client, report).status_code == 302
    page = doc(client.get(f"/reports/periodic/{report.pk}/"))
    assert page.xpath('//*[@id="periodic-own-submission"]') and not page.xpath('//*[@id="periodic-receive"]')
    assert not doc(client.get("/reports/periodic/")).xpath(f'//*[@data-to-receive="{report.pk}"]')
    response = client.post(f"/reports/periodic/{report.pk}/receive/", follow=True)
    assert doc(response).xpath('//*[contains(@class, "alert-danger")]')
    response = _return(client, report)
    assert response.status_code == 200 and doc(response).xpath('//*[contains(@class, "alert-danger")]')
    report.refresh_from_db()
    assert report.status == "submitted" and report.received_by is None


def test_the_page_shows_dates_and_refuses_a_long_reason(client, world, actor, user_coso, user_khoi):
    report = _create(actor, world.gc_a)
    client.force_login(user_coso)
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", doc(client.get(f"/reports/periodic/{report.pk}/")).xpath(
        '//*[@id="periodic-as-of"]')[0].text_content().strip())
    assert _submit(client, report).status_code == 302
    client.force_login(user_khoi)
    response = _return(client, report, reason="Bổ sung. " * 70)
    assert response.status_code == 200
    assert doc(response).xpath('//*[@id="id_reason" and contains(@class, "is-invalid")]')
    report.refresh_from_db()
    assert report.status == "submitted" and not report.return_reason


def test_the_same_report_created_at_once_is_refused_on_its_field(world, actor):
    """Two users create the same period's report at once: the other request saves its report after this one's
    checks and before its save (a pre_save receiver stands for it); this save meets the unique constraint and is
    refused on the field as the check would have, not a server error."""
    from django.db.models.signals import pre_save

    from reports import services
    from reports.models import PeriodicReport

    def other_request(sender, instance, **kwargs):
        if instance.pk is None:
            pre_save.disconnect(other_request, sender=PeriodicReport)
            PeriodicReport.objects.bulk_create([PeriodicReport(
                organization=instance.organization, kind=instance.kind, year=instance.year, number=instance.number,
                starts_on=instance.starts_on, ends_on=instance.ends_on, due_on=instance.due_on)])

    pre_save.connect(other_request, sender=PeriodicReport)
    try:
        with pytest.raises(ValidationError) as info:
            services.periodic_report_create(actor=actor, organization=world.gc_a, kind="year", year=YEAR - 1)
    finally:
        pre_save.disconnect(other_request, sender=PeriodicReport)
    assert list(info.value.message_dict) == ["kind"]
