"""Bounds on everything typed into the member pages: every date of every form at and beyond its bounds (a birth date
of 01/01/0001, tomorrow or 121 years ago; any other date before 03/02/1930, on 31/12/9999 or more than ten years
ahead) is refused on its field with nothing written, never a 500; the list's parameters are refused (400) naming
the parameter; a reason over the limit is refused on its field, and a long reason never breaks a period's note."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.testing.pages import TODAY, dmy, doc, form_errors, form_values
from core.validation import date_bounds
from members.models import Member, Membership

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + datetime.timedelta(days=1)
LATEST = date_bounds().latest()
BIRTH_EARLIEST = date_bounds().birth_earliest()

# Each value is refused on any date field; the last ones are allowed where the other side's bound applies.
OUT_OF_BOUNDS = ["01/01/0001", "31/12/9999", dmy(LATEST + datetime.timedelta(days=1))]
FLOOR = {"other": ["02/02/1930", "01/01/1900"], "birth": [dmy(BIRTH_EARLIEST - datetime.timedelta(days=1)),
                                                          dmy(TOMORROW)]}


def snapshot():
    return (list(Member.objects.order_by("pk").values()), list(Membership.objects.order_by("pk").values()),
            Member.history.count())


@pytest.fixture
def transferred(world, actor):
    from members.services import member_transfer

    member = world.members["a2_full"]
    member_transfer(actor=actor, member=member, kind="permanent", to_organization=world.cell_a1,
                    effective_on=TODAY - datetime.timedelta(days=10), reason="Điều động công tác")
    sending = Membership.objects.get(member=member, ended_by_transfer=True)
    return sending, Membership.objects.get(transferred_from=sending)


def _member(name):
    return lambda w, periods: reverse(f"members:{name}", args=[w.members["a1_full"].pk])


# (page, its URL, the date fields of its form)
PAGES = [
    ("edit", _member("edit"), ["date_of_birth"]),
    ("admit", lambda w, p: reverse("members:admit"),
     ["date_of_birth", "admitted_on", "inducted_on", "over_age_approved_on"]),
    ("register", lambda w, p: reverse("members:register"), ["date_of_birth", "admitted_on", "full_on"]),
    ("transfer_in", lambda w, p: reverse("members:transfer_in"),
     ["date_of_birth", "effective_on", "until", "admitted_on", "full_on", "letter_issued_on"]),
    ("transfer", _member("transfer"), ["effective_on", "until"]),
    ("recognise", lambda w, p: reverse("members:recognise", args=[w.members["a1_prob"].pk]), ["decided_on"]),
    ("induction", lambda w, p: reverse("members:induction", args=[w.members["a1_prob"].pk]), ["inducted_on"]),
    ("exempt", _member("exempt"), ["effective_on"]),
    ("exemption_end", lambda w, p: reverse("members:exemption_end", args=[w.members["a1_exempt"].pk]),
     ["effective_on"]),
    ("temporary_end", lambda w, p: reverse("members:temporary_end", args=[w.members["a1_away"].pk]),
     ["effective_on"]),
    ("end", _member("end"), ["effective_on"]),
    ("papers", lambda w, p: reverse("members:papers", args=[p[0].pk]), ["issued_on"]),
    ("letter", lambda w, p: reverse("members:letter", args=[p[1].pk]), ["presented_on", "letter_issued_on"]),
]


@pytest.mark.parametrize("page, url, fields", PAGES, ids=[p[0] for p in PAGES])
def test_every_date_of_every_form_is_refused_beyond_its_bounds(client_for, world, user_khoi, transferred, page, url,
                                                               fields):
    client = client_for(user_khoi)
    url = url(world, transferred)
    drawn = form_values(client.get(url))
    before = snapshot()
    for field in fields:
        assert field in drawn, f"{page}: no field {field}"
        for value in OUT_OF_BOUNDS + FLOOR["birth" if "birth" in field else "other"]:
            response = client.post(url, {**drawn, "reason": "Kiểm tra giới hạn", field: value})
            assert response.status_code == 200, f"{page}.{field}={value}: {response.status_code}"
            errors = doc(response).xpath(f'//*[@id="id_{field}_error"]')
            assert errors, f"{page}.{field}={value} not refused on the field: {form_errors(response)}"
            assert form_values(response)[field] == value, "what was typed is kept"
    assert snapshot() == before


def test_the_date_pickers_offer_only_the_days_within_bounds(client_for, world, user_khoi):
    client = client_for(user_khoi)
    page = doc(client.get(reverse("members:admit")))
    birth = page.xpath('//input[@name="date_of_birth"]')[0]
    assert (birth.get("min"), birth.get("max")) == (BIRTH_EARLIEST.isoformat(), TODAY.isoformat())
    admitted = page.xpath('//input[@name="admitted_on"]')[0]
    assert (admitted.get("min"), admitted.get("max")) == ("1930-02-03", LATEST.isoformat())


@pytest.mark.parametrize("service, field, value", [
    ("update", "date_of_birth", datetime.date(1, 1, 1)),
    ("update", "date_of_birth", TOMORROW),
    ("exempt", "effective_on", datetime.date(9999, 12, 31)),
    ("exempt", "effective_on", datetime.date(1930, 2, 2)),
    ("transfer", "effective_on", datetime.date(9999, 12, 31)),
    ("end", "effective_on", LATEST + datetime.timedelta(days=1)),
])
def test_the_services_refuse_dates_beyond_the_bounds_on_their_field(world, actor, service, field, value):
    from members import services

    member = world.members["a1_full"]
    calls = {
        "update": lambda: services.member_update(actor=actor, member=member, reason="Sửa", date_of_birth=value),
        "exempt": lambda: services.member_exempt(actor=actor, member=member, effective_on=value, reason="Ốm"),
        "transfer": lambda: services.member_transfer(actor=actor, member=member, kind="permanent",
                                                     to_organization=world.cell_a2, effective_on=value,
                                                     reason="Điều động"),
        "end": lambda: services.member_end(actor=actor, member=member, status="left", effective_on=value,
                                           reason="Xin ra"),
    }
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        calls[service]()
    assert field in refused.value.message_dict, refused.value
    assert snapshot() == before


def test_a_one_mebibyte_reason_is_refused_on_the_reason_field(client_for, world, user_khoi, actor):
    from members.services import member_exempt

    member = world.members["a1_full"]
    client = client_for(user_khoi)
    url = reverse("members:edit", args=[member.pk])
    before = snapshot()
    response = client.post(url, {**form_values(client.get(url)), "position": "Trưởng phòng",
                                 "reason": "x" * 1_048_576})
    assert response.status_code == 200
    assert doc(response).xpath('//*[@id="id_reason_error"]')
    assert snapshot() == before
    with pytest.raises(ValidationError) as refused:
        member_exempt(actor=actor, member=member, effective_on=TODAY, reason="x" * 1_048_576)
    assert "reason" in refused.value.message_dict
    assert snapshot() == before


def test_a_reason_longer_than_a_period_note_is_kept_whole_in_the_history(world, actor):
    """A period's "how it ended" holds 255 characters: a longer reason (up to the limit of 1,000) is shortened there,
    kept whole in the member's history (PostgreSQL would refuse the row otherwise)."""
    from members.services import member_temporary_end

    member = world.members["a1_away"]
    reason = "Kết thúc sinh hoạt tạm thời theo đề nghị của đơn vị. " * 15
    assert 255 < len(reason) <= 1000
    member_temporary_end(actor=actor, member=member, effective_on=TODAY, reason=reason)
    period = member.memberships.filter(kind="temporary").latest("started_on")
    assert len(period.end_reason) == 255 and reason.startswith(period.end_reason[:-1])
    assert member.history.latest("history_date").history_change_reason == reason


@pytest.mark.parametrize("query", [
    "organization=abc", "organization=99999999999999999999", "status=nonsense", "age_band=200_300",
    "gender=x", "export=pdf",
])
def test_a_list_parameter_that_is_not_valid_is_refused_naming_it(client_for, world, user_khoi, query):
    response = client_for(user_khoi).get(f"/members/?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert doc(response).xpath(f'//*[@id="filter-errors"]//li[@data-field="{name}"]')


@pytest.mark.parametrize("query", ["page=99999", "page=abc", "page=-1", "sort=nonsense", "sort=-" + "x" * 5000])
def test_paging_and_sorting_beyond_the_list_never_fail(client_for, world, user_khoi, query):
    assert client_for(user_khoi).get(f"/members/?{query}").status_code in (200, 404)
