"""The reviewer's findings on petitions, each proven on a real database through the real services and views:

1. identity checks without anyone seeing the sender (no address → the ground; repeats found on the server);
2. the filing window of every complaint against a disciplinary decision; feedback that denounces;
3. dates before 03/02/1930 refused on the field (never a 500 from missing rule data);
4. a register page that shows senders is logged;
5. one rule code for the complaint window;
6. deadlines past the last year of the calendar entered flagged, recomputed when the calendar changes (through
   core.services, which call the hook core.hooks.calendar_changed);
7. invalid filters refused by the API (400, JSON) and the register and its export (400, the filter named), never the
   whole register.
"""

import datetime
import importlib
import json

import pytest
from django.urls import reverse

from accounts.models import Role
from core.dates import add_months, add_working_days
from core.models import Holiday
from core.testing.pages import doc, text
from petitions import selectors, services
from petitions.models import Access, Ground, Kind, Petition, State
from rules.models import Rule

from .conftest import D, petitions_snapshot

pytestmark = pytest.mark.django_db

NAME, ADDRESS = "Nguyễn Văn Tố", "Số 5 phố Mê Linh, Vĩnh Yên"


@pytest.fixture
def colleague(make_user, gc_a):
    """Staff of gc_a who classify letters; never assigned, so never shown the sender."""
    return make_user("can_bo_phan_loai", Role.COMMITTEE_STAFF, gc_a)


# ---- 1. identity checks ------------------------------------------------------------------------------------------

class TestIdentityChecks:
    def test_a_named_sender_without_address_is_not_handled(self, receive, classify, gc_a):
        petition = classify(receive(gc_a, sender_address=""))
        assert petition.state == State.NOT_HANDLED and petition.not_handled_reason == Ground.FALSE_IDENTITY
        assert petition.due_on is None

    def test_a_sender_with_an_address_is_handled(self, receive, classify, gc_a):
        assert classify(receive(gc_a)).state == State.ACCEPTED

    def test_feedback_without_address_is_still_answered(self, receive, classify, gc_a):
        petition = classify(receive(gc_a, sender_address=""), kind=Kind.FEEDBACK)
        assert petition.state == State.ACCEPTED

    def test_repeats_are_found_on_the_server(self, receive, classify, gc_a, cell_a1, cell_a2):
        earlier = classify(receive(gc_a, received_on=D(2025, 1, 6), sender_name=NAME, sender_address=ADDRESS))
        classify(receive(gc_a, received_on=D(2025, 1, 7), sender_name="Trần Văn Khác", sender_address=ADDRESS))
        classify(receive(gc_a, received_on=D(2025, 1, 8), sender_name=NAME, sender_address="Phúc Yên"))
        elsewhere = classify(receive(gc_a, received_on=D(2025, 1, 9), sender_name=NAME, sender_address=ADDRESS),
                             subject_organization=cell_a2)
        # Typed differently: lower case, no diacritics, other punctuation and spacing — the same person.
        petition = receive(gc_a, sender_name="nguyen van  to", sender_address="so 5 pho Me Linh - Vinh Yen")
        assert [p.pk for p in selectors.same_sender_letters(petition)] == [elsewhere.pk, earlier.pk]
        assert [p.pk for p in selectors.repeat_candidates(petition, subject_organization=cell_a1)] == [earlier.pk]
        assert selectors.repeat_candidates(receive(gc_a, anonymous=True), subject_organization=cell_a1) == []

    def test_the_staff_confirm_a_repeat_the_system_matched(self, receive, classify, gc_a):
        earlier = classify(receive(gc_a, received_on=D(2025, 1, 6)))
        petition = classify(receive(gc_a, sender_name="NGUYEN VAN TO"), facts=[Ground.REPEATED], repeat_of=earlier)
        assert petition.not_handled_reason == Ground.REPEATED and petition.repeat_of == earlier

    @pytest.mark.parametrize("earlier_intake, earlier_subject", [
        ({"sender_name": "Trần Văn Khác"}, "cell_a1"),  # another sender
        ({"sender_address": "Phúc Yên"}, "cell_a1"),  # another address
        ({}, "cell_a2"),  # the same sender, about another organisation
    ])
    def test_a_repeat_the_system_did_not_match_is_refused(self, request, receive, classify, refused, gc_a,
                                                          earlier_intake, earlier_subject):
        earlier = classify(receive(gc_a, received_on=D(2025, 1, 6), **earlier_intake),
                           subject_organization=request.getfixturevalue(earlier_subject))
        petition = receive(gc_a)
        refused(lambda: classify(petition, facts=[Ground.REPEATED], repeat_of=earlier), field="repeat_of",
                contains="same sender")

    def test_a_later_letter_is_not_an_earlier_one(self, receive, classify, refused, gc_a):
        petition = receive(gc_a, received_on=D(2025, 1, 6))
        later = classify(receive(gc_a, received_on=D(2025, 2, 6)))
        refused(lambda: classify(petition, facts=[Ground.REPEATED], repeat_of=later), field="repeat_of")

    def test_the_classify_page_explains_the_checks_and_keeps_the_sender_masked(self, client_for, receive, classify,
                                                                                 gc_a, cell_a1, colleague):
        earlier = classify(receive(gc_a, received_on=D(2025, 1, 6), sender_address=""))
        petition = receive(gc_a, sender_address="", subject_organization=cell_a1, sender_contact="0912 345 678")
        response = client_for(colleague).get(reverse("petitions:classify", args=[petition.pk]))
        assert response.status_code == 200
        body, tree = text(response), doc(response)
        assert NAME not in body and "0912 345 678" not in body
        assert tree.xpath('//*[@id="identity-checks"]') and tree.xpath('//*[@id="identity-masked"]')
        assert tree.xpath('//tr[@data-check="address"]//*[@data-ground]')
        assert not tree.xpath('//tr[@data-check="name"]//*[@data-ground]')
        assert tree.xpath('//*[@id="repeat-candidates"]//li/@data-number') == [earlier.register_number]
        assert tree.xpath('//*[@id="repeat-candidates"]//li/@data-proposed') == ["yes"]
        # Only the matched letter is offered, and it is proposed.
        assert tree.xpath('//select[@id="id_repeat_of"]/option/@value') == ["", str(earlier.pk)]
        assert tree.xpath('//select[@id="id_repeat_of"]/option[@selected]/@value') == [str(earlier.pk)]

    def test_classified_through_the_page_the_missing_address_is_the_reason(self, client_for, receive, gc_a,
                                                                            cell_a1, colleague):
        petition = receive(gc_a, sender_address="")
        response = client_for(colleague).post(reverse("petitions:classify", args=[petition.pk]), {
            "kind": "denunciation", "subject_organization": cell_a1.pk, "concerns": "member",
            "classified_on": petition.received_on.strftime("%d/%m/%Y")})
        assert response.status_code == 302
        petition.refresh_from_db()
        assert petition.not_handled_reason == Ground.FALSE_IDENTITY


# ---- 2. the filing window; feedback that denounces --------------------------------------------------------------

class TestComplainAndDenounce:
    def test_a_disciplinary_complaint_that_denounces_still_needs_the_decision(self, receive, classify, refused, gc_a):
        petition = receive(gc_a)
        refused(lambda: classify(petition, kind=Kind.COMPLAINT_DISCIPLINE, also_denounces=True),
                field="decision_number")
        refused(lambda: classify(petition, kind=Kind.COMPLAINT_DISCIPLINE, also_denounces=True,
                                 decision_number="12-QĐ/ĐU"), field="decision_received_on")

    def test_a_disciplinary_complaint_that_denounces_keeps_the_window(self, receive, classify, gc_a):
        received = D(2025, 3, 3)
        late = classify(receive(gc_a, received_on=received), kind=Kind.COMPLAINT_DISCIPLINE, also_denounces=True,
                        decision_number="12-QĐ/ĐU", decision_received_on=D(2025, 1, 2))
        assert late.not_handled_reason == Ground.OUT_OF_TIME
        in_time = classify(receive(gc_a, received_on=received), kind=Kind.COMPLAINT_DISCIPLINE,
                           also_denounces=True, decision_number="12-QĐ/ĐU", decision_received_on=D(2025, 2, 20))
        assert in_time.state == State.ACCEPTED and in_time.kind == Kind.COMPLAINT_DISCIPLINE
        assert in_time.also_denounces  # the sender is told how to denounce

    def test_feedback_that_denounces_is_handled_as_a_denunciation(self, receive, classify, gc_a):
        petition = classify(receive(gc_a, received_on=D(2025, 1, 2)), kind=Kind.FEEDBACK, also_denounces=True,
                            classified_on=D(2025, 1, 3))
        assert petition.kind == Kind.DENUNCIATION and not petition.also_denounces
        assert petition.due_on == D(2025, 1, 3) + datetime.timedelta(days=90)

    def test_feedback_that_denounces_meets_the_grounds(self, receive, classify, gc_a):
        petition = classify(receive(gc_a, signatory_count=3), kind=Kind.FEEDBACK, also_denounces=True)
        assert petition.state == State.NOT_HANDLED and petition.not_handled_reason == Ground.MULTIPLE_SIGNATORIES

    def test_its_notification_carries_no_complaint_guidance(self, receive, classify, settle, gc_a, user_coso, actor):
        petition = classify(receive(gc_a), kind=Kind.FEEDBACK, also_denounces=True)
        settle(petition, user_coso)
        services.petition_notify(actor=actor, petition=petition, notified_on=petition.concluded_on,
                                 notification="Trả lời.")
        petition.refresh_from_db()
        assert petition.notification == "Trả lời."


# ---- 3. dates before the rule data -------------------------------------------------------------------------------

class TestEarliestDate:
    def test_intake_refuses_a_date_before_1930(self, receive, refused, gc_a):
        refused(lambda: receive(gc_a, received_on=D(1900, 1, 1)), field="received_on", contains="03/02/1930")
        refused(lambda: receive(gc_a, received_on=D(1930, 2, 2)), field="received_on")
        assert receive(gc_a, received_on=D(1930, 2, 3)).received_on == D(1930, 2, 3)

    def test_the_intake_page_puts_it_on_the_field(self, client_for, user_coso, gc_a):
        before = petitions_snapshot()
        response = client_for(user_coso).post(reverse("petitions:receive"), {
            "organization": gc_a.pk, "received_on": "01/01/1900", "channel": "post", "sender_name": "Lê Văn Gửi",
            "sender_address": "Vĩnh Yên", "signatory_count": "1", "concerns": "member", "summary": "x",
            "content": "y"})
        assert response.status_code == 200 and petitions_snapshot() == before
        tree = doc(response)
        assert tree.xpath('//*[@id="id_received_on_error"]')
        assert tree.xpath('//input[@id="id_received_on"]/@value') == ["01/01/1900"]

    @pytest.mark.parametrize("field", ["decision_received_on", "decision_date"])
    def test_decision_dates_before_1930_are_refused(self, receive, classify, refused, gc_a, field):
        petition = receive(gc_a)
        data = dict(kind=Kind.COMPLAINT_DISCIPLINE, decision_number="1-QĐ", decision_received_on=D(2025, 2, 20))
        data[field] = D(1920, 1, 1)
        refused(lambda: classify(petition, **data), field=field, contains="03/02/1930")

    def test_a_letter_dated_before_the_rule_data_is_refused_not_a_crash(self, receive, classify, refused, gc_a):
        petition = receive(gc_a)
        Petition.objects.filter(pk=petition.pk).update(received_on=D(1900, 1, 1))  # an old row, typed before the fix
        petition.refresh_from_db()
        refused(lambda: classify(petition, classified_on=D(2025, 3, 3)), field="received_on")

    def test_the_classify_page_answers_with_the_error(self, client_for, receive, gc_a, cell_a1, colleague):
        petition = receive(gc_a)
        Petition.objects.filter(pk=petition.pk).update(received_on=D(1900, 1, 1))
        before = petitions_snapshot()
        c = client_for(colleague)
        response = c.post(reverse("petitions:classify", args=[petition.pk]), {
            "kind": "denunciation", "subject_organization": cell_a1.pk, "concerns": "member",
            "classified_on": "03/03/2025"})
        assert response.status_code == 200 and petitions_snapshot() == before
        assert doc(response).xpath('//*[contains(@class, "alert-danger")]') or "1900" in text(response)
        assert c.get(reverse("petitions:detail", args=[petition.pk])).status_code == 200

    @pytest.mark.parametrize("field", ["assigned_on", "classified_on"])
    def test_every_typed_date_has_the_bound(self, client_for, receive, classify, gc_a, cell_a1, user_coso, field):
        petition = receive(gc_a) if field == "classified_on" else classify(receive(gc_a))
        before = petitions_snapshot()
        data = {"classified_on": {"kind": "denunciation", "subject_organization": cell_a1.pk, "concerns": "member",
                                  "classified_on": "01/01/1901"},
                "assigned_on": {"users": [user_coso.pk], "assigned_on": "01/01/1901"}}[field]
        action = "classify" if field == "classified_on" else "assign"
        response = client_for(user_coso).post(reverse(f"petitions:{action}", args=[petition.pk]), data,
                                               HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200 and petitions_snapshot() == before
        error = doc(response).xpath(f'string(//*[@id="id_{field}_error"])')
        assert "03/02/1930" in error, error


# ---- 4. the register logs the senders it shows -----------------------------------------------------------------

class TestRegisterLogsSenders:
    def test_one_access_per_sender_shown(self, client_for, receive, classify, actor, gc_a, user_coso, colleague):
        shown = classify(receive(gc_a, summary="Được giao"))
        services.petition_assign(actor=actor, petition=shown, users=[user_coso], assigned_on=shown.classified_on)
        anonymous = classify(receive(gc_a, anonymous=True, summary="Nặc danh"))
        not_mine = classify(receive(gc_a, summary="Chưa giao"))
        response = client_for(user_coso).get(reverse("petitions:register"))
        assert response.status_code == 200 and NAME in text(response)
        rows = list(Access.objects.values_list("petition_id", "user__username", "via", "identity_shown"))
        assert rows == [(shown.pk, "can_bo_co_so", "register", True)]
        assert not Access.objects.filter(petition__in=[anonymous, not_mine]).exists()

    def test_a_register_showing_no_sender_logs_nothing(self, client_for, receive, classify, gc_a, colleague):
        classify(receive(gc_a))
        assert client_for(colleague).get(reverse("petitions:register")).status_code == 200
        assert not Access.objects.exists()


# ---- 5. one rule code for the complaint window --------------------------------------------------------------------

MIGRATION = "petitions.migrations.0005_one_complaint_window_rule"


class TestOneComplaintWindowRule:
    def test_the_petitions_copy_is_gone(self):
        assert not Rule.objects.filter(code="discipline_complaint_window_months").exists()
        assert Rule.objects.filter(code="discipline_complaint_months").exists()

    def test_a_typed_decision_is_judged_by_the_discipline_rule(self, receive, classify, gc_a):
        # A (hypothetical) amended window of 2 months, in the discipline rule only.
        Rule.objects.filter(code="discipline_complaint_months").update(value=2)
        received = D(2025, 3, 3)
        petition = classify(receive(gc_a, received_on=received), kind=Kind.COMPLAINT_DISCIPLINE,
                            decision_number="12-QĐ/ĐU",
                            decision_received_on=add_months(received, -1) - datetime.timedelta(days=10))
        assert petition.state == State.ACCEPTED
        assert selectors.complaint_window(petition)[1].code == "discipline_complaint_months"

    def test_the_migration_reverses(self):
        from django.apps import apps

        migration = importlib.import_module(MIGRATION)
        migration.unmerge(apps, None)
        rows = list(Rule.objects.filter(code="discipline_complaint_window_months").order_by("effective_from")
                    .values_list("effective_from", "effective_to", "value"))
        assert rows[0][0] == D(1930, 2, 3) and rows[-1][1] is None
        assert all(a[1] == b[0] for a, b in zip(rows, rows[1:], strict=False)) and {r[2] for r in rows} == {1}
        migration.merge(apps, None)
        assert not Rule.objects.filter(code="discipline_complaint_window_months").exists()


# ---- 6. the holiday calendar's edge ----------------------------------------------------------------------------

@pytest.fixture
def calendar_to_2026():
    """The calendar as if 2027 had not been entered yet: it ends on 31/12/2026."""
    Holiday.objects.filter(date__year__gte=2027).delete()
    return D(2026, 12, 31)


class TestProvisionalDeadline:
    def test_a_complaint_past_the_calendar_is_flagged(self, client_for, receive, classify, gc_a, user_coso,
                                                      calendar_to_2026):
        complaint = classify(receive(gc_a, received_on=D(2026, 10, 1)), kind=Kind.COMPLAINT,
                             classified_on=D(2026, 10, 1))
        denunciation = classify(receive(gc_a, received_on=D(2026, 11, 2)), classified_on=D(2026, 11, 2))
        assert complaint.due_on > calendar_to_2026 and denunciation.due_on > calendar_to_2026
        c = client_for(user_coso)
        page = doc(c.get(reverse("petitions:detail", args=[complaint.pk]), HTTP_ACCEPT_LANGUAGE="en"))
        assert "31/12/2026" in page.xpath('string(//*[@id="deadline-provisional"])')
        # A denunciation runs in calendar days: not provisional.
        assert not doc(c.get(reverse("petitions:detail", args=[denunciation.pk]))).xpath(
            '//*[@id="deadline-provisional"]')
        rows = {tr.get("data-number"): tr.xpath('.//*[@data-provisional]')
                for tr in doc(c.get(reverse("petitions:register"))).xpath('//table[@id="petition-table"]/tbody/tr')}
        assert rows[complaint.register_number] and not rows[denunciation.register_number]
        api = {r["number"]: r["due_on_provisional"] for r in c.get("/api/v1/petitions").json()["results"]}
        assert api == {complaint.register_number: True, denunciation.register_number: False}

    def test_within_the_calendar_nothing_is_flagged(self, client_for, receive, classify, gc_a, user_coso):
        complaint = classify(receive(gc_a, received_on=D(2025, 3, 3)), kind=Kind.COMPLAINT)
        page = doc(client_for(user_coso).get(reverse("petitions:detail", args=[complaint.pk])))
        assert not page.xpath('//*[@id="deadline-provisional"]')

    def test_open_deadlines_follow_the_calendar(self, receive, classify, settle, gc_a, user_coso, actor,
                                                calendar_to_2026):
        from core.services import holiday_add, holiday_change, holiday_remove

        open_ = classify(receive(gc_a, received_on=D(2026, 10, 1)), kind=Kind.COMPLAINT, classified_on=D(2026, 10, 1))
        settled = classify(receive(gc_a, received_on=D(2026, 10, 1)), kind=Kind.COMPLAINT,
                           classified_on=D(2026, 10, 1))
        settle(settled, user_coso)
        before = open_.due_on
        assert before == settled.due_on == add_working_days(D(2026, 10, 1), 90)
        history = open_.history.count()
        # 2027's days off are entered: a weekday before the deadline now moves it one working day later.
        day = D(2027, 1, 4)
        assert day.weekday() < 5 and day < before
        holiday = holiday_add(actor=actor, date=day, name="Nghỉ bù Tết Dương lịch")
        open_.refresh_from_db()
        settled.refresh_from_db()
        assert open_.due_on == add_working_days(before, 1) and settled.due_on == before
        assert open_.history.count() == history + 1
        assert "04/01/2027" in open_.history.first().history_change_reason
        # moved after the deadline: back where it was
        holiday_change(actor=actor, holiday=holiday, date=D(2027, 6, 1), kind="off", name=holiday.name)
        open_.refresh_from_db()
        assert open_.due_on == before
        holiday_change(actor=actor, holiday=holiday, date=day, kind="off", name=holiday.name)
        holiday_remove(actor=actor, holiday=holiday)
        open_.refresh_from_db()
        assert open_.due_on == before

    def test_through_the_admin_the_actor_is_recorded(self, client, receive, classify, gc_a, user_admin,
                                                     calendar_to_2026):
        open_ = classify(receive(gc_a, received_on=D(2026, 10, 1)), kind=Kind.COMPLAINT, classified_on=D(2026, 10, 1))
        before = open_.due_on
        type(user_admin).objects.filter(pk=user_admin.pk).update(is_staff=True, is_superuser=True)
        client.force_login(user_admin)
        holiday = Holiday.objects.create(date=D(2027, 6, 2), name="Thử")  # after the deadline: nothing moves
        response = client.post(reverse("admin:core_holiday_change", args=[holiday.pk]), {
            "date": "2027-01-04", "kind": "off", "name": "Nghỉ bù Tết Dương lịch", "note": ""})
        assert response.status_code == 302, text(response)[:2000]
        holiday.refresh_from_db()
        assert holiday.date == D(2027, 1, 4), response["Location"]
        open_.refresh_from_db()
        assert open_.due_on == add_working_days(before, 1) and open_.due_on != before
        assert open_.history.first().history_user == user_admin


# ---- 7. invalid filters ----------------------------------------------------------------------------------------

BAD_FILTERS = ["kind=nonsense", "received_from=31/31/2025", "state=bogus&kind=denunciation",
               "received_from=01/01/1900"]


class TestInvalidFilters:
    @pytest.mark.parametrize("query", BAD_FILTERS)
    def test_the_api_answers_400(self, client_for, receive, classify, gc_a, user_coso, query):
        classify(receive(gc_a))
        before = petitions_snapshot()
        response = client_for(user_coso).get("/api/v1/petitions?" + query)
        assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
        body = json.loads(response.content)
        fields = {e["field"] for e in body["errors"]}
        assert fields and fields <= {"kind", "received_from", "state"} and "results" not in body
        assert petitions_snapshot() == before  # nothing returned, nothing logged

    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_the_export_answers_the_register_with_the_errors(self, client_for, receive, classify, gc_a, user_coso,
                                                              fmt):
        """The shared policy of the lists (core.views.ListPage): no file, the register page (400) naming the filter
        and listing nothing."""
        classify(receive(gc_a))
        before = petitions_snapshot()
        c = client_for(user_coso)
        response = c.get(reverse("petitions:register") + f"?kind=nonsense&export={fmt}")
        assert response.status_code == 400 and "html" in response["Content-Type"]
        assert petitions_snapshot() == before
        tree = doc(response)
        assert tree.xpath('//*[@id="filter-errors"]//li/@data-field') == ["kind"]
        assert tree.xpath('//table[@id="petition-table"]/tbody/tr[@data-number]') == []

    def test_valid_filters_still_export(self, client_for, receive, classify, gc_a, user_coso):
        classify(receive(gc_a))
        response = client_for(user_coso).get(reverse("petitions:register") + "?kind=denunciation&export=csv")
        assert response.status_code == 200

    def test_the_register_page_lists_nothing_under_an_invalid_filter(self, client_for, receive, classify, gc_a,
                                                                      user_coso):
        classify(receive(gc_a))
        tree = doc(client_for(user_coso).get(reverse("petitions:register") + "?state=bogus"))
        assert tree.xpath('//*[@id="filter-errors"]') and not tree.xpath('//tr[@data-number]')

