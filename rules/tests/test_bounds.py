"""The bounds of every date are rule data (rules/bounds.py): the seeded values, and a change of the rule changing
what a form and a service accept, at once in this process."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.forms import BootstrapMixin
from core.validation import EARLIEST_DATE, DateBounds, date_bounds
from rules import bounds
from rules.codes import Code
from rules.models import Rule

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def fresh_bounds():
    """Each test reads the bounds from its own database state, and leaves none of its changes kept behind."""
    bounds.forget()
    yield
    bounds.forget()


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Dates(BootstrapMixin, forms.Form):
    planned_on = forms.DateField()
    date_of_birth = forms.DateField()


def form_errors(**values) -> dict:
    form = Dates(data={name: value.isoformat() for name, value in values.items()})
    form.is_valid()
    return form.errors


def set_rule(code: Code, value) -> None:
    rule = Rule.objects.get(code=code, effective_to__isnull=True)
    rule.value = value
    rule.save()  # as the administration saves it: the post_save signal drops the bounds kept


def test_the_seeded_rules_are_the_bounds():
    assert date_bounds() == DateBounds(earliest=EARLIEST_DATE, birth_max_age=120, years_ahead=10)
    for code in (Code.DATES_EARLIEST, Code.DATES_BIRTH_MAX_AGE, Code.DATES_YEARS_AHEAD):
        rule = Rule.objects.get(code=code)
        assert rule.effective_from == D(1930, 2, 3) and rule.effective_to is None
    assert "1930" in Rule.objects.get(code=Code.DATES_EARLIEST).regulation
    # Only the founding day is a fact; the two others say that they are dangbo's own sanity bounds.
    for code in (Code.DATES_BIRTH_MAX_AGE, Code.DATES_YEARS_AHEAD):
        assert "không phải quy định" in Rule.objects.get(code=code).regulation


def test_the_bounds_are_read_once_then_kept(django_assert_num_queries):
    date_bounds()
    with django_assert_num_queries(0):
        for _ in range(50):
            date_bounds()


def test_years_ahead_changes_what_a_form_and_a_service_accept(user_admin):
    from core.services import holiday_add

    today = datetime.date.today()
    ahead = years_after(today, 5)
    while ahead.weekday() >= 5:
        ahead += datetime.timedelta(days=1)
    assert "planned_on" not in form_errors(planned_on=ahead)

    set_rule(Code.DATES_YEARS_AHEAD, 2)
    assert date_bounds().years_ahead == 2
    assert "planned_on" in form_errors(planned_on=ahead)
    with pytest.raises(ValidationError) as refused:
        holiday_add(actor=user_admin, date=ahead, name="Nghỉ thử", reason="Thử")
    assert "date" in refused.value.message_dict

    set_rule(Code.DATES_YEARS_AHEAD, 10)
    assert "planned_on" not in form_errors(planned_on=ahead)
    assert holiday_add(actor=user_admin, date=ahead, name="Nghỉ thử", reason="Thử").pk


class PickedDates(BootstrapMixin, forms.Form):
    """core.forms.DateField, defined (as every form's fields are) once, when the module loads."""
    from core.forms import DateField

    planned_on = DateField()
    held_on = DateField(future=False)
    date_of_birth = DateField(not_before=None, future=False)


def picker(form, name) -> tuple[str, str]:
    attrs = form.fields[name].widget.attrs
    return attrs["min"], attrs["max"]


def test_a_rule_change_reaches_the_pickers_and_checks_of_forms_defined_before_it():
    today = datetime.date.today()
    assert picker(PickedDates(), "planned_on") == (EARLIEST_DATE.isoformat(), years_after(today, 10).isoformat())
    assert picker(PickedDates(), "held_on") == (EARLIEST_DATE.isoformat(), today.isoformat())
    assert picker(PickedDates(), "date_of_birth") == (years_after(today, -120).isoformat(), today.isoformat())

    set_rule(Code.DATES_YEARS_AHEAD, 2)
    set_rule(Code.DATES_EARLIEST, "1945-09-02")
    set_rule(Code.DATES_BIRTH_MAX_AGE, 90)
    assert picker(PickedDates(), "planned_on") == ("1945-09-02", years_after(today, 2).isoformat())
    assert picker(PickedDates(), "held_on")[0] == "1945-09-02"
    assert picker(PickedDates(), "date_of_birth")[0] == years_after(today, -90).isoformat()
    form = PickedDates(data={"planned_on": years_after(today, 3).isoformat(), "held_on": "1940-05-06",
                             "date_of_birth": years_after(today, -95).isoformat()})
    assert not form.is_valid()
    assert set(form.errors) == {"planned_on", "held_on", "date_of_birth"}


def test_birth_max_age_changes_the_oldest_birth_date():
    born = years_after(datetime.date.today(), -100)
    assert "date_of_birth" not in form_errors(date_of_birth=born)
    set_rule(Code.DATES_BIRTH_MAX_AGE, 90)
    assert "date_of_birth" in form_errors(date_of_birth=born)


def test_earliest_changes_the_floor_of_every_date(user_admin):
    from core.services import holiday_add

    assert "planned_on" not in form_errors(planned_on=D(1940, 5, 6))
    set_rule(Code.DATES_EARLIEST, "1945-09-02")
    assert date_bounds().earliest == D(1945, 9, 2)
    assert "planned_on" in form_errors(planned_on=D(1940, 5, 6))
    with pytest.raises(ValidationError) as refused:
        holiday_add(actor=user_admin, date=D(1940, 5, 6), name="Nghỉ thử", reason="Thử")
    assert "date" in refused.value.message_dict


def test_a_value_of_the_wrong_kind_keeps_the_default_bound():
    set_rule(Code.DATES_YEARS_AHEAD, "mười")
    set_rule(Code.DATES_EARLIEST, "not a date")
    assert date_bounds() == DateBounds()


def test_a_rule_in_force_later_applies_from_its_day():
    current = Rule.objects.get(code=Code.DATES_YEARS_AHEAD)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    current.effective_to = tomorrow
    current.save()
    Rule.objects.create(code=Code.DATES_YEARS_AHEAD, label=current.label, value=3, unit="năm",
                        regulation=current.regulation, effective_from=tomorrow)
    assert date_bounds().years_ahead == 10
    assert bounds.bounds_from_rules(tomorrow).years_ahead == 3


def test_no_rules_yet_the_defaults_serve():
    Rule.objects.filter(code__in=bounds.CODES).delete()
    assert date_bounds() == DateBounds()


def test_the_rules_page_shows_the_bounds_with_where_they_apply(client_for, django_user_model):
    from core.testing.pages import doc

    response = client_for(django_user_model.objects.create_user("reader", password="x")).get("/rules/")
    section = doc(response).xpath('//section[@id="rules-dates"]')[0]
    cards = section.xpath('.//article[contains(@class, "rule")]/@id')
    assert cards == ["rule-dates_earliest", "rule-dates_birth_max_age", "rule-dates_years_ahead"]
    assert "03/02/1930" in section.text_content()


@pytest.mark.parametrize("field, value", [
    ("note", "a" * (1024 * 1024)),
    ("effective_from", "0001-01-01"),
    ("effective_from", "1930-02-02"),
    ("effective_to", "9999-12-31"),
    ("note", "a" * 20000),  # at the bound: saved
], ids=["note-1MiB", "from-0001", "from-1930", "to-9999", "note-at-bound"])
def test_the_administration_form_of_a_rule_is_bounded_on_its_field(client_for, django_user_model, field, value):
    """A rule typed in /admin/: its note and its dates bounded like every form's, refused on the field, nothing
    saved."""
    from core.testing.pages import doc

    client = client_for(django_user_model.objects.create_superuser("quan_tri_gh", password="x"))
    rule = Rule.objects.get(code=Code.DATES_YEARS_AHEAD)
    url = f"/admin/rules/rule/{rule.pk}/change/"
    data = {"code": rule.code, "label": rule.label, "value": "10", "unit": rule.unit, "regulation": rule.regulation,
            "effective_from": "1930-02-03", "effective_to": "", "note": rule.note, "read_revision": rule.revision}
    data[field] = value
    response = client.post(url, data)
    if value == "a" * 20000:
        assert response.status_code == 302 and Rule.objects.get(pk=rule.pk).note == value
        return
    assert response.status_code == 200
    assert doc(response).xpath(f'//*[contains(@class, "field-{field}")]//ul[contains(@class, "errorlist")]')
    after = Rule.objects.get(pk=rule.pk)
    assert (after.note, after.effective_from, after.effective_to, after.revision) == \
        (rule.note, rule.effective_from, rule.effective_to, rule.revision)
