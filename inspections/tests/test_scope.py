"""What the scope cases (inspections/tests/cases.py) cannot say: the case team and a seat on a committee open a
case file, and what a file holds never shows outside it.

Who of the demo roles opens each URL is declared in cases.py. Here, the Bloc's standing committee inspects gc_a;
the team is led by a member of cell_a2 who has a plain member account. The case file (steps, findings,
conclusion, remedies, discipline) opens for the authority (`khoi`, the administrator) and the team only: gc_a's
own staff (`coso`), a cell secretary (`chibo`), a member (`dangvien`) and the other committee (`other`) get 404 —
no hint that it exists. Committee staff hold no case files by their role (only a seat on the standing or
inspection committee, or the team, opens one). Once concluded, gc_a's staff see that the inspection took place
(type, their own organisation, authority, date), nothing more. The remedy, assigned at the conclusion to cell_a1,
opens for its secretary (who reports on it) and not for the other side; before the conclusion the subjects see
nothing at all. The step's document and the remedy's evidence are served only through these checks.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.testing.pages import text

pytestmark = pytest.mark.django_db
D = datetime.date
SECRET = "Bí mật: sai phạm trong quản lý quỹ"


@pytest.fixture
def case_world(actor, bloc, gc_a, cell_a1, cell_a2, make_member, make_user, user_khoi, user_admin, user_coso,
          user_chibo, user_dangvien, user_other):
    from accounts.models import Role
    from inspections import services
    from inspections.models import Authority, WorkflowState

    authority = services.authority_ensure(actor=actor, organization=bloc, kind=Authority.Kind.STANDING_COMMITTEE,
                                          symbol="ĐUK")
    programme = services.programme_create(actor=actor, authority=authority, year=2026)
    head = make_member(cell_a2, full_name="Đỗ Văn Trưởng", gender="male")
    team_user = make_user("truong_doan", Role.MEMBER)
    head.user = team_user
    head.save()
    case = services.case_create(actor=actor, programme=programme, type="signs_of_violation", title="Kiểm tra Đảng bộ "
                                "Sở Tài chính về quỹ", planned_from=D(2026, 3, 1), planned_to=D(2026, 4, 30),
                                subject_organizations=[gc_a], team_head=head)
    for i, code in enumerate(["decision", "notice", "self_report", "fieldwork", "draft_report"]):
        on = D(2026, 3, 2 + i)
        case = services.case_transition(actor=user_khoi, case=case, on=on,
                                        target=WorkflowState.objects.get(workflow__code="standard", code=code),
                                        self_report_due=on + datetime.timedelta(days=10) if code == "notice" else None,
                                        document=SimpleUploadedFile("quyet-dinh.pdf", SECRET.encode())
                                        if code == "decision" else None)
    services.finding_add(actor=user_khoi, case=case, kind="violation", text=SECRET, organization=gc_a)
    services.case_record_findings(actor=user_khoi, case=case, conclusion=SECRET, shortcomings=SECRET)
    decision = services.discipline_issue(actor=user_khoi, authority=authority, case=case, organization=cell_a2,
                                         form="reprimand", reason=SECRET, decided_on=D(2026, 3, 20))
    # Remedies are assigned with the conclusion: the responsible cell learns of the case only then.
    case = services.case_transition(actor=user_khoi, case=case, on=D(2026, 4, 20),
                                    target=WorkflowState.objects.get(workflow__code="standard", code="conclusion"))
    remedy = services.remedy_add(actor=user_khoi, case=case, text="Khắc phục quỹ chi bộ", organization=cell_a1,
                                 deadline=D(2026, 6, 30))
    report = services.remedy_report(actor=user_chibo, remedy=remedy, reported_on=D(2026, 5, 1), text="Đang làm",
                                    evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF bien ban chi bo"),
                                    evidence_title="Biên bản họp chi bộ")
    step = case.steps.get(state__code="decision")
    return dict(case=case, programme=programme, remedy=remedy, decision=decision, team=team_user, step=step,
                report=report,
                users=dict(khoi=user_khoi, admin=user_admin, coso=user_coso, chibo=user_chibo, dangvien=user_dangvien,
                           other=user_other, team=team_user))


def file_urls(w):
    c, p, d = w["case"].pk, w["programme"].pk, w["decision"].pk
    return {
        "case": f"/inspections/cases/{c}/", "edit": f"/inspections/cases/{c}/edit/", "step": f"/inspections/cases/{c}/step/",
        "assessment": f"/inspections/cases/{c}/assessment/", "finding": f"/inspections/cases/{c}/findings/new/",
        "remedy_add": f"/inspections/cases/{c}/remedies/new/", "discipline": f"/inspections/cases/{c}/discipline/new/",
        "decision": f"/inspections/decisions/{d}/", "programme": f"/inspections/programmes/{p}/",
        "item_new": f"/inspections/programmes/{p}/items/new/", "statistics": "/inspections/statistics/?period=year",
        "statistics_xlsx": "/inspections/statistics/?period=year&year=2026&export=xlsx",
        "remedy_check": f"/inspections/remedies/{w['remedy'].pk}/check/",
        "document": f"/inspections/cases/{c}/documents/{w['step'].pk}/",
    }


# url name -> users who open it (everyone else: 404). The demo roles are the scope cases' (cases.py): here the team,
# whose member account holds no role, against the authority.
OPENS = {
    "case": {"khoi", "admin", "team"}, "edit": {"khoi", "admin"},
    "step": {"khoi", "admin", "team"}, "assessment": {"khoi", "admin", "team"},
    "finding": {"khoi", "admin", "team"}, "remedy_add": {"khoi", "admin", "team"},
    "discipline": {"khoi", "admin"}, "decision": {"khoi", "admin", "team"}, "programme": {"khoi", "admin"},
    "item_new": {"khoi", "admin"}, "statistics": {"khoi", "admin"},
    "statistics_xlsx": {"khoi", "admin"}, "remedy_check": {"khoi", "admin", "team"},
    "document": {"khoi", "admin", "team"},
}
USERS = ["khoi", "team"]


@pytest.mark.parametrize("name", list(OPENS))
def test_case_file_urls_open_for_the_team_but_not_its_authoritys_pages(case_world, name):
    url = file_urls(case_world)[name]
    for who in USERS:
        client = Client()
        client.force_login(case_world["users"][who])
        response = client.get(url)
        expected = 200 if who in OPENS[name] else 404
        assert response.status_code == expected, (who, url, response.status_code)


def test_secrets_never_show_outside_the_file(case_world):
    for who in ("coso", "chibo", "dangvien", "other"):
        client = Client()
        client.force_login(case_world["users"][who])
        for url in ("/", "/inspections/", f"/inspections/remedies/{case_world['remedy'].pk}/", "/search/?q=quy"):
            response = client.get(url)
            if response.status_code == 200:
                assert SECRET not in text(response), (who, url)


def test_concluded_case_exists_for_the_subjects_staff_only(case_world, user_khoi, gc_a, gc_b):
    """Once concluded, gc_a's staff see that an inspection of *their* organisation took place: not its title (which
    names the subjects) nor the other subjects (gc_b, of another subtree)."""
    from core.testing.pages import doc

    case_world["case"].subject_organizations.add(gc_b)
    coso = Client()
    coso.force_login(case_world["users"]["coso"])
    response = coso.get("/inspections/")
    page = text(response)
    rows = doc(response).xpath(f'//*[@id="concerning"]//li[@data-case="{case_world["case"].pk}"]')
    assert len(rows) == 1 and gc_a.name in rows[0].text_content()
    assert gc_b.name not in page and case_world["case"].title not in page and SECRET not in page
    assert coso.get(f"/inspections/cases/{case_world['case'].pk}/").status_code == 404
    other = Client()
    other.force_login(case_world["users"]["other"])  # gc_b's staff see gc_b only
    response = other.get("/inspections/")
    assert gc_a.name not in text(response) and case_world["case"].title not in text(response)
    assert doc(response).xpath(f'//*[@id="concerning"]//li[@data-case="{case_world["case"].pk}"]')
    for who in ("chibo", "dangvien"):  # not their organisation (chibo's cell is below gc_a, not the subject itself)
        client = Client()
        client.force_login(case_world["users"][who])
        assert not doc(client.get("/inspections/")).xpath('//*[@id="concerning"]'), who


def test_a_secretary_sees_nothing_of_a_case_not_yet_concluded(case_world, actor, user_khoi, user_chibo, gc_a, cell_a1,
                                                            inspections_snapshot):
    """A case in progress: no remedy can be assigned yet (refused, nothing written), and a remedy row left from
    before this rule (older data) stays out of the responsible organisation's sight."""
    from django.core.exceptions import ValidationError

    from inspections import services
    from inspections.models import Remedy, WorkflowState

    case = services.case_create(actor=actor, programme=case_world["programme"], type="lower_organization",
                                title="Kiểm tra đang tiến hành", planned_from=D(2026, 5, 1), planned_to=D(2026, 6, 30),
                                subject_organizations=[cell_a1])
    for code in ("decision", "notice", "self_report", "fieldwork", "draft_report"):
        case = services.case_transition(actor=user_khoi, case=case, on=D(2026, 5, 4),
                                        target=WorkflowState.objects.get(workflow__code="standard", code=code),
                                        self_report_due=D(2026, 5, 20) if code == "notice" else None)
    before = inspections_snapshot()
    with pytest.raises(ValidationError):
        services.remedy_add(actor=user_khoi, case=case, text="Sớm quá", organization=cell_a1, deadline=D(2026, 6, 1))
    assert inspections_snapshot() == before
    khoi = Client()
    khoi.force_login(user_khoi)
    assert not khoi.get(f"/inspections/cases/{case.pk}/").content.count(b'id="add-remedy"')
    assert khoi.post(f"/inspections/cases/{case.pk}/remedies/new/", {
        "text": "Sớm quá", "organization": cell_a1.pk, "deadline": "01/06/2026"}).status_code == 302
    assert inspections_snapshot() == before
    early = Remedy.objects.create(case=case, text="Còn từ trước", organization=cell_a1, deadline=D(2026, 5, 10))
    for who in ("chibo", "coso"):
        client = Client()
        client.force_login(case_world["users"][who])
        home = text(client.get("/"))
        page = text(client.get("/inspections/"))
        for shown in (home, page):
            assert "Còn từ trước" not in shown and case.title not in shown, who
        assert client.get(f"/inspections/remedies/{early.pk}/").status_code == 404, who
        assert client.get(f"/inspections/remedies/{early.pk}/report/").status_code == 404, who


def test_remedy_history_names_the_case_only_for_those_who_hold_the_file(case_world):
    url = f"/inspections/remedies/{case_world['remedy'].pk}/"
    for who, shows in [("chibo", False), ("coso", False), ("khoi", True), ("team", True)]:
        client = Client()
        client.force_login(case_world["users"][who])
        page = text(client.get(url))
        assert (case_world["case"].title in page) is shows, who
        assert "Inspection on signs of violation" in page or "Kiểm tra khi có dấu hiệu vi phạm" in page, who


def test_files_are_served_only_through_the_scope(case_world, make_user, cell_a2):
    from accounts.models import Role

    document = f"/inspections/cases/{case_world['case'].pk}/documents/{case_world['step'].pk}/"
    evidence = f"/inspections/remedies/{case_world['remedy'].pk}/evidence/{case_world['report'].pk}/"
    khoi = Client()
    khoi.force_login(case_world["users"]["khoi"])
    response = khoi.get(document)
    assert response.status_code == 200 and b"".join(response.streaming_content) == SECRET.encode()
    assert response["Content-Disposition"].startswith("attachment")
    page = text(khoi.get(f"/inspections/cases/{case_world['case'].pk}/"))
    assert "/media/" not in page
    users = dict(case_world["users"], chibo_a2=make_user("bi_thu_a2", Role.CELL_SECRETARY, cell_a2))
    for who, opens in [("chibo", True), ("coso", True), ("team", True), ("khoi", True), ("dangvien", False),
                       ("other", False), ("chibo_a2", False)]:
        client = Client()
        client.force_login(users[who])
        response = client.get(evidence)
        assert response.status_code == (200 if opens else 404), who
        if opens:
            assert b"".join(response.streaming_content) == b"%PDF bien ban chi bo"
    for who in ("chibo", "coso", "dangvien", "other", "chibo_a2"):
        client = Client()
        client.force_login(users[who])
        assert client.get(document).status_code == 404, who
    assert khoi.get(f"/inspections/cases/{case_world['case'].pk}/documents/{case_world['step'].pk + 999}/").status_code == 404


def test_remedy_opens_for_the_responsible_secretary_not_the_other_side(case_world):
    url = f"/inspections/remedies/{case_world['remedy'].pk}/"
    for who, status in [("chibo", 200), ("coso", 200), ("khoi", 200), ("team", 200), ("other", 404),
                        ("dangvien", 404)]:
        client = Client()
        client.force_login(case_world["users"][who])
        assert client.get(url).status_code == status, who
        assert client.get(url + "report/").status_code == status, who


def test_team_member_finds_the_case_from_the_inspection_page(case_world):
    client = Client()
    client.force_login(case_world["team"])
    page = text(client.get("/inspections/"))
    assert f'/inspections/cases/{case_world["case"].pk}/' in page
    assert 'id="nav-inspections"' in page


def test_a_seat_on_the_inspection_committee_opens_the_file(case_world, actor, bloc, cell_b1, make_member, make_user):
    from accounts.models import Role
    from apparatus.models import Body
    from apparatus.services import body_create, seat_assign, term_open

    term = term_open(actor=actor, organization=bloc, label="2020–2025", congress_on=D(2020, 10, 1))
    body = body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE)
    member = make_member(cell_b1)
    user = make_user("uy_vien_ubkt", Role.MEMBER)
    member.user = user
    member.save()
    client = Client()
    client.force_login(user)
    url = f"/inspections/cases/{case_world['case'].pk}/"
    assert client.get(url).status_code == 404
    seat_assign(actor=actor, body=body, member=member, position="inspection_member", started_on=D(2020, 10, 1))
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200
    # the statistics over the files the seat holds, and their sheet, though the member holds no role (no EXPORT)
    statistics = client.get("/inspections/statistics/?period=year&year=2026")
    assert statistics.status_code == 200 and 'id="export-xlsx"' in text(statistics)
    sheet = client.get("/inspections/statistics/?period=year&year=2026&export=xlsx")
    assert sheet.status_code == 200 and "spreadsheetml" in sheet["Content-Type"]
