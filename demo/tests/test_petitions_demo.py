"""The demo petitions: a few dozen letters a year since 2017 of every kind, anonymous and multi-signed ones kept
with their reason, most settled on time, exactly two overdue and on the handlers' to-do; the register shows every
letter with its state and deadline, identities masked for all but the handlers and the inspection chair; the same
seed gives the same letters."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from core.testing import deferred_checks_done
from demo.generator import SCALES, generate
from petitions.models import Kind, Petition, State
from petitions.selectors import can_see_identity, petition_todo

TODAY = datetime.date.today()


@pytest.mark.django_db
class TestBlocPetitions:
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def bloc_demo(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            cls.result = generate(**SCALES["bloc"])
            deferred_checks_done()
            cls.picture = sorted(Petition.objects.values_list("organization__code", "year", "number", "kind", "state",
                                                              "sender_name", "due_on", "concluded_on"))
            yield cls.result
            transaction.set_rollback(True)

    def test_a_few_dozen_a_year_of_every_kind(self):
        per_year = Counter(Petition.objects.values_list("year", flat=True))
        assert set(per_year) == set(range(2017, TODAY.year + 1))
        assert all(25 <= n <= 40 for year, n in per_year.items() if year < TODAY.year), per_year
        for year in range(2017, TODAY.year):
            kinds = set(Petition.objects.filter(year=year).values_list("kind", flat=True))
            assert kinds == set(Kind.values), (year, kinds)

    def test_anonymous_and_multi_signed_are_kept_not_handled(self):
        anonymous = Petition.objects.filter(anonymous=True)
        assert anonymous.count() >= 10 and set(anonymous.values_list("not_handled_reason", flat=True)) == {"anonymous"}
        multi = Petition.objects.filter(signatory_count__gt=1).exclude(kind=Kind.FEEDBACK)
        assert multi.count() >= 5
        assert set(multi.values_list("not_handled_reason", flat=True)) <= {"multiple_signatories", "out_of_jurisdiction"}
        assert Petition.objects.filter(not_handled_reason="out_of_jurisdiction").exclude(forwarded_to="").exists()

    def test_most_settled_on_time_exactly_two_overdue(self):
        settled = [p for p in Petition.objects.filter(concluded_on__isnull=False, due_on__isnull=False)]
        on_time = sum(1 for p in settled if p.on_time)
        assert on_time / len(settled) >= 0.9
        overdue = Petition.objects.filter(state__in=(State.ACCEPTED, State.IN_PROGRESS, State.VERIFIED),
                                          due_on__lt=TODAY)
        assert overdue.count() == 2 and self.result["petitions_overdue"] == 2

    def test_overdue_cases_are_on_the_handlers_todo(self):
        User = get_user_model()
        khoi, coso = User.objects.get(username="khoi"), User.objects.get(username="coso")
        for user in (khoi, coso):
            todo = petition_todo(user)
            assert [t for t in todo["items"] if t["days_left"] < 0], user
        assert petition_todo(khoi)["overdue"] == 2

    def test_register_shows_every_letter_with_state_and_deadline(self):
        client = Client()
        client.force_login(get_user_model().objects.get(username="khoi"))
        response = client.get("/petitions/?per_page=50")
        assert response.status_code == 200
        from core.testing.pages import doc

        rows = doc(response).xpath('//table[@id="petition-table"]/tbody/tr')
        assert len(rows) == 50 and all(r.get("data-state") for r in rows)
        assert int(doc(response).xpath('//*[@id="result-count"]')[0].text_content()) == Petition.objects.count()

    def test_identities_masked_but_for_handlers_and_the_chair(self):
        User = get_user_model()
        khoi, coso, admin, chair = (User.objects.get(username=u) for u in ("khoi", "coso", "admin", "ubkt"))
        named = Petition.objects.exclude(sender_name="").select_related("organization")
        bloc_handled = named.filter(handlers__user=khoi).first()
        assert can_see_identity(khoi, bloc_handled) and can_see_identity(chair, bloc_handled)
        assert not can_see_identity(coso, bloc_handled) and not can_see_identity(admin, bloc_handled)
        coso_handled = named.filter(handlers__user=coso).first()
        assert can_see_identity(coso, coso_handled) and not can_see_identity(khoi, coso_handled)

    def test_same_seed_same_letters(self):
        with transaction.atomic():
            sid = transaction.savepoint()
            Petition.history.model.objects.all().delete()
            from petitions.models import Handler

            Handler.history.model.objects.all().delete()
            Handler.objects.all().delete()
            Petition.objects.all().delete()
            from demo.petitions_data import load_petitions

            User = get_user_model()
            users = {u.username: u for u in User.objects.all()}
            from accounts.models import RoleAssignment

            coso_org = RoleAssignment.objects.get(user=users["coso"], role="committee_staff").organization_id
            load_petitions(seed=2018, today=TODAY, admin=users["admin"], khoi=users["khoi"], coso_user=users["coso"],
                           coso_org=coso_org, change_reason="x")
            again = sorted(Petition.objects.values_list("organization__code", "year", "number", "kind", "state",
                                                        "sender_name", "due_on", "concluded_on"))
            transaction.savepoint_rollback(sid)
        assert again == self.picture
