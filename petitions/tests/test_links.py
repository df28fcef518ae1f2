"""Links between petitions and the inspections module, through the real services and pages.

A complaint against a disciplinary decision links to the decision (picked among those the user may see, or typed
when issued elsewhere); its filing window is computed from the linked decision. A denunciation can open an
inspection on signs of violation, by those who run the competent organisation's case files; the petition page
shows the case only to those who may open it, the case and decision pages never show the sender.
"""

import datetime

import pytest
from django.urls import reverse

from core.testing.pages import doc, text
from petitions import services
from petitions.models import Ground, Kind, Petition, State

from .conftest import SENDER, D, petitions_snapshot

pytestmark = pytest.mark.django_db

DECIDED = D(2026, 3, 2)
RECEIVED = D(2026, 3, 5)  # the decision reached the disciplined member; the complaint window ends 05/04/2026


def links_snapshot():
    return {**petitions_snapshot(), "links": list(Petition.objects.order_by("pk").values_list(
        "pk", "discipline_decision_id", "decision_number", "decision_date", "decision_received_on",
        "inspection_case_id"))}


@pytest.fixture
def disciplined(make_member, cell_a1):
    return make_member(cell_a1, full_name="Phạm Văn Kỷ", gender="male")


@pytest.fixture
def gc_a_decision(actor, gc_a, disciplined):
    """A reprimand issued by gc_a's standing committee: seen by gc_a's staff and the Bloc, not by gc_b's."""
    from inspections.models import Authority
    from inspections.services import authority_ensure, discipline_issue

    authority = authority_ensure(actor=actor, organization=gc_a, kind=Authority.Kind.STANDING_COMMITTEE, symbol="ĐU")
    return discipline_issue(actor=actor, authority=authority, member=disciplined, form="reprimand",
                            reason="Vi phạm quy chế làm việc", decided_on=DECIDED, received_on=RECEIVED)


@pytest.fixture
def bloc_decision(actor, bloc, make_member, cell_a2):
    """A reprimand issued by the Bloc's standing committee: gc_a's staff may not see it."""
    from inspections.models import Authority
    from inspections.services import authority_ensure, discipline_issue

    authority = authority_ensure(actor=actor, organization=bloc, kind=Authority.Kind.STANDING_COMMITTEE, symbol="ĐUK")
    member = make_member(cell_a2, full_name="Lê Thị Khối", gender="female")
    return discipline_issue(actor=actor, authority=authority, member=member, form="reprimand",
                            reason="Vi phạm", decided_on=DECIDED, received_on=RECEIVED)


COMPLAINED_ON = D(2026, 3, 20)


def complaint(receive, gc_a, received_on=COMPLAINED_ON):
    return receive(gc_a, received_on=received_on, summary="Khiếu nại quyết định kỷ luật")


@pytest.fixture
def coso_on_gc_a_inspection_committee(actor, gc_a, cell_a1, user_coso, make_member):
    """Committee staff do not open case files or decisions by their role: here `user_coso` also sits on gc_a's
    inspection committee, which is what lets them pick gc_a's decisions and open an inspection."""
    from apparatus.models import Body
    from apparatus.services import body_create, seat_assign, term_open

    term = (gc_a.terms.filter(ended_on__isnull=True).first()
            or term_open(actor=actor, organization=gc_a, label="2020–2025", congress_on=D(2020, 10, 1)))
    body = (term.bodies.filter(kind=Body.Kind.INSPECTION_COMMITTEE).first()
            or body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE))
    member = make_member(cell_a1, full_name="Lê Thị Thường", gender="female")
    member.user = user_coso
    member.save()
    seat_assign(actor=actor, body=body, member=member, position="inspection_member", started_on=D(2020, 10, 1))


# ---- complaint → discipline decision ------------------------------------------------------------------------------

@pytest.mark.usefixtures("coso_on_gc_a_inspection_committee")
class TestComplaintLinksToTheDecision:
    def test_linked_decision_fills_number_and_date(self, receive, gc_a, cell_a1, user_coso, gc_a_decision):
        petition = complaint(receive, gc_a)
        petition = services.petition_classify(
            actor=user_coso, petition=petition, kind=Kind.COMPLAINT_DISCIPLINE, classified_on=petition.received_on,
            subject_organization=cell_a1, discipline_decision=gc_a_decision, decision_number="gõ nhầm",
            decision_received_on=D(2026, 3, 10))
        petition.refresh_from_db()
        assert petition.discipline_decision == gc_a_decision
        assert petition.decision_number == gc_a_decision.number == "01-QĐ/ĐU"
        assert petition.decision_date == DECIDED and petition.decision_received_on == D(2026, 3, 10)
        assert petition.state == State.ACCEPTED
        assert list(gc_a_decision.complaints.all()) == [petition]
        assert petition.history.first().history_user == user_coso

    def test_typed_decision_still_works(self, receive, classify, gc_a):
        petition = classify(complaint(receive, gc_a), kind=Kind.COMPLAINT_DISCIPLINE, decision_number="7-QĐ/ĐUTW",
                            decision_date=D(2026, 2, 1), decision_received_on=D(2026, 3, 1))
        assert petition.discipline_decision is None and petition.decision_number == "7-QĐ/ĐUTW"
        assert petition.state == State.ACCEPTED

    def test_a_decision_the_user_may_not_see_is_refused(self, refused, receive, gc_a, cell_a1, user_coso,
                                                         bloc_decision):
        petition = complaint(receive, gc_a)
        before = links_snapshot()
        messages = refused(lambda: services.petition_classify(
            actor=user_coso, petition=petition, kind=Kind.COMPLAINT_DISCIPLINE, classified_on=petition.received_on,
            subject_organization=cell_a1, discipline_decision=bloc_decision, decision_received_on=D(2026, 3, 10)),
            field="discipline_decision")
        assert "not among those you may see" in messages[0]
        assert links_snapshot() == before

    def test_only_a_complaint_against_discipline_links(self, refused, receive, gc_a, cell_a1, user_coso,
                                                        gc_a_decision):
        petition = complaint(receive, gc_a)
        refused(lambda: services.petition_classify(
            actor=user_coso, petition=petition, kind=Kind.COMPLAINT, classified_on=petition.received_on,
            subject_organization=cell_a1, discipline_decision=gc_a_decision), field="discipline_decision")

    def test_filing_window_from_the_linked_decision(self, receive, gc_a, cell_a1, user_coso, gc_a_decision):
        """Without a typed receipt, the receipt recorded on the decision is used: 05/03 + 1 month = 05/04/2026."""
        from inspections.selectors import complaint_deadline

        assert complaint_deadline(gc_a_decision) == D(2026, 4, 5)

        def classify_on(received_on):
            petition = complaint(receive, gc_a, received_on=received_on)
            return services.petition_classify(
                actor=user_coso, petition=petition, kind=Kind.COMPLAINT_DISCIPLINE, classified_on=received_on,
                subject_organization=cell_a1, discipline_decision=gc_a_decision)

        last_day = classify_on(D(2026, 4, 5))
        assert last_day.state == State.ACCEPTED and last_day.decision_received_on == RECEIVED
        late = classify_on(D(2026, 4, 6))
        assert late.state == State.NOT_HANDLED and late.not_handled_reason == Ground.OUT_OF_TIME
        # the complainant's own receipt, when typed, moves the window
        petition = complaint(receive, gc_a, received_on=D(2026, 4, 6))
        petition = services.petition_classify(
            actor=user_coso, petition=petition, kind=Kind.COMPLAINT_DISCIPLINE, classified_on=petition.received_on,
            subject_organization=cell_a1, discipline_decision=gc_a_decision, decision_received_on=D(2026, 3, 20))
        assert petition.state == State.ACCEPTED

    def test_the_classify_page_offers_only_visible_decisions(self, client_for, receive, gc_a, cell_a1, user_coso,
                                                             gc_a_decision, bloc_decision):
        petition = complaint(receive, gc_a)
        c = client_for(user_coso)
        url = reverse("petitions:classify", args=[petition.pk])
        options = doc(c.get(url)).xpath('//select[@name="discipline_decision"]/option/@value')
        assert str(gc_a_decision.pk) in options and str(bloc_decision.pk) not in options
        before = links_snapshot()
        response = c.post(url, {
            "kind": "complaint_discipline", "subject_organization": cell_a1.pk, "concerns": "member",
            "classified_on": "20/03/2026", "discipline_decision": bloc_decision.pk,
            "decision_received_on": "10/03/2026", "note": "Ghi chú giữ lại"}, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200 and links_snapshot() == before
        tree = doc(response)
        error = " ".join(tree.xpath('//*[@id="id_discipline_decision_error"]//text()'))
        assert "không nằm trong số quyết định" in error, error
        assert "Ghi chú giữ lại" in text(response)
        ok = c.post(url, {
            "kind": "complaint_discipline", "subject_organization": cell_a1.pk, "concerns": "member",
            "classified_on": "20/03/2026", "discipline_decision": gc_a_decision.pk,
            "decision_received_on": "10/03/2026"})
        assert ok.status_code == 302
        page = doc(c.get(reverse("petitions:detail", args=[petition.pk])))
        assert page.xpath('//*[@id="decision-link"]/@href') == [f"/inspections/decisions/{gc_a_decision.pk}/"]

    def test_decision_page_lists_the_complaints_without_the_sender(self, client_for, receive, gc_a, cell_a1,
                                                                   user_coso, user_khoi, user_other, gc_a_decision):
        petition = receive(gc_a, received_on=D(2026, 3, 20), sender_name=SENDER[0], sender_address=SENDER[1],
                           sender_contact=SENDER[2], signatories=SENDER[3])
        services.petition_classify(actor=user_coso, petition=petition, kind=Kind.COMPLAINT_DISCIPLINE,
                                   classified_on=petition.received_on, subject_organization=cell_a1,
                                   discipline_decision=gc_a_decision, decision_received_on=D(2026, 3, 10))
        services.petition_assign(actor=user_coso, petition=petition, users=[user_coso], assigned_on=D(2026, 3, 20))
        url = reverse("inspections:decision", args=[gc_a_decision.pk])
        for user in (user_coso, user_khoi):  # even a handler, who sees the sender in the register
            response = client_for(user).get(url)
            assert response.status_code == 200, user
            rows = doc(response).xpath('//ul[@id="complaints"]/li')
            assert [li.get("data-number") for li in rows] == [petition.register_number]
            assert rows[0].xpath('.//@data-state') == [State.IN_PROGRESS]
            page = text(response)
            assert not any(part in page for part in SENDER), user
        assert client_for(user_other).get(url).status_code == 404


@pytest.fixture
def linked_complaint(receive, gc_a, cell_a1, user_khoi, bloc_decision):
    petition = complaint(receive, gc_a)
    return services.petition_classify(
        actor=user_khoi, petition=petition, kind=Kind.COMPLAINT_DISCIPLINE, classified_on=petition.received_on,
        subject_organization=cell_a1, discipline_decision=bloc_decision, decision_received_on=D(2026, 3, 10))


def test_the_decision_link_shows_only_to_those_who_see_the_decision(client_for, linked_complaint, user_khoi,
                                                                     user_coso, user_chibo, user_dangvien, user_other,
                                                                     bloc_decision):
    url = reverse("petitions:detail", args=[linked_complaint.pk])
    assert doc(client_for(user_khoi).get(url)).xpath('//*[@id="decision-link"]')
    coso = doc(client_for(user_coso).get(url))  # the register's staff: the number, no link to the Bloc's decision
    assert not coso.xpath('//*[@id="decision-link"]')
    assert bloc_decision.number in coso.xpath('string(//*[@id="decision"])')
    for user in (user_chibo, user_dangvien, user_other):
        assert client_for(user).get(url).status_code == 404


# ---- denunciation → inspection on signs of violation -------------------------------------------------------------

@pytest.fixture
def denunciation(receive, classify, gc_a, user_coso, actor):
    """A denunciation in gc_a's register about a member of cell_a1, being verified by user_coso."""
    petition = receive(gc_a, received_on=D(2026, 5, 4), sender_name=SENDER[0], sender_address=SENDER[1],
                       sender_contact=SENDER[2], subject_persons="Đồng chí Phạm Văn Kỷ")
    petition = classify(petition)
    services.petition_assign(actor=actor, petition=petition, users=[user_coso], assigned_on=petition.classified_on)
    return petition


def open_form(**overrides):
    data = {"authority_kind": "inspection_committee", "planned_from": "01/06/2026", "planned_to": "31/07/2026",
            "reason": "Có dấu hiệu vi phạm về quản lý tài chính"}
    data.update(overrides)
    return data


@pytest.mark.usefixtures("coso_on_gc_a_inspection_committee")
class TestOpenInspection:
    def test_opened_from_the_petition_page(self, client_for, denunciation, user_coso, gc_a, cell_a1, disciplined):
        from inspections.models import Case, CaseType, Programme

        c = client_for(user_coso)
        detail = reverse("petitions:detail", args=[denunciation.pk])
        assert doc(c.get(detail)).xpath('//*[@id="do-open-inspection"]')
        url = reverse("petitions:open_inspection", args=[denunciation.pk])
        assert c.get(url).status_code == 200
        response = c.post(url, open_form(subject_members=[disciplined.pk]))
        case = Case.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/inspections/cases/{case.pk}/"
        assert case.type == CaseType.SIGNS_OF_VIOLATION
        assert case.programme == Programme.objects.get(authority__organization=gc_a, year=2026)
        assert list(case.subject_organizations.all()) == [cell_a1]
        assert list(case.subject_members.all()) == [disciplined]
        denunciation.refresh_from_db()
        assert denunciation.inspection_case == case and denunciation.inspection_proposed
        assert denunciation.history.first().history_user == user_coso
        page = doc(c.get(detail))
        assert page.xpath('//*[@id="inspection-case-link"]/@href') == [f"/inspections/cases/{case.pk}/"]
        assert not page.xpath('//*[@id="do-open-inspection"]')
        case_page = c.get(f"/inspections/cases/{case.pk}/")
        assert case_page.status_code == 200
        assert doc(case_page).xpath('//*[@id="origin-petitions"]/div/@data-number') == [denunciation.register_number]
        assert not any(part in text(case_page) for part in SENDER)

    def test_bad_input_is_kept_and_nothing_written(self, client_for, denunciation, user_coso, inspections_tables):
        before = (links_snapshot(), inspections_tables())
        response = client_for(user_coso).post(reverse("petitions:open_inspection", args=[denunciation.pk]),
                                              open_form(reason="", title="Kiểm tra khi có dấu hiệu vi phạm"),
                                              HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200 and (links_snapshot(), inspections_tables()) == before
        tree = doc(response)
        assert tree.xpath('//*[@id="id_reason_error"]')
        assert tree.xpath('//input[@name="title"]/@value') == ["Kiểm tra khi có dấu hiệu vi phạm"]

    def test_who_may_open_it(self, client_for, denunciation, user_chibo, user_dangvien, user_other, chair_a,
                             user_khoi):
        url = reverse("petitions:open_inspection", args=[denunciation.pk])
        for user in (user_chibo, user_dangvien, user_other):
            c = client_for(user)
            assert c.get(url).status_code == 404, user
            assert c.post(url, open_form()).status_code == 404, user
        # the inspection committee chair of gc_a runs its case files, without working on the petition
        assert client_for(chair_a).get(url).status_code == 200
        assert client_for(user_khoi).get(url).status_code == 200

    def test_a_handler_without_inspection_rights_sees_only_that_it_was_opened(
            self, client_for, denunciation, actor, user_coso, make_user, gc_a):
        from accounts.models import Role, RoleAssignment
        from petitions.services import petition_open_inspection

        handler = make_user("can_bo_xac_minh", Role.COMMITTEE_STAFF, gc_a)
        services.petition_assign(actor=actor, petition=denunciation, users=[handler],
                                 assigned_on=denunciation.classified_on)
        RoleAssignment.objects.filter(user=handler).update(ended_on=datetime.date.today())
        case = petition_open_inspection(actor=user_coso, petition=denunciation, authority_kind="standing_committee",
                                        planned_from=D(2026, 6, 1), planned_to=D(2026, 7, 31),
                                        title="Mật: vụ việc X", reason="Dấu hiệu vi phạm")
        c = client_for(handler)
        response = c.get(reverse("petitions:detail", args=[denunciation.pk]))
        assert response.status_code == 200
        tree = doc(response)
        assert tree.xpath('//*[@id="inspection-case"]') and not tree.xpath('//*[@id="inspection-case-link"]')
        assert "Mật: vụ việc X" not in text(response)
        assert not tree.xpath('//*[@id="do-open-inspection"]')
        assert c.get(f"/inspections/cases/{case.pk}/").status_code == 404
        assert c.get(reverse("petitions:open_inspection", args=[denunciation.pk])).status_code == 404

    def test_not_for_a_complaint(self, client_for, receive, classify, gc_a, user_coso):
        petition = classify(receive(gc_a, received_on=D(2026, 5, 4)), kind=Kind.COMPLAINT)
        c = client_for(user_coso)
        assert not doc(c.get(reverse("petitions:detail", args=[petition.pk]))).xpath('//*[@id="do-open-inspection"]')
        assert c.get(reverse("petitions:open_inspection", args=[petition.pk])).status_code == 404


@pytest.fixture
def inspections_tables(db):
    from inspections import models as m

    def _snapshot():
        return {model.__name__: list(model.objects.order_by("pk").values_list("pk", flat=True))
                for model in (m.Authority, m.Programme, m.Case, m.CaseStep)}

    return _snapshot


def test_register_and_petition_pages_with_links_render(client_for, linked_complaint, denunciation, user_khoi,
                                                       user_coso):
    services.petition_open_inspection(actor=user_khoi, petition=denunciation, authority_kind="standing_committee",
                                      planned_from=D(2026, 6, 1), planned_to=D(2026, 7, 31), reason="Dấu hiệu vi phạm")
    for user in (user_khoi, user_coso):
        c = client_for(user)
        assert c.get(reverse("petitions:register")).status_code == 200
        for petition in (linked_complaint, denunciation):
            assert c.get(reverse("petitions:detail", args=[petition.pk])).status_code == 200
