"""Helpers for the apparatus tests: terms, members and seats built through the real services.

    make_members(org, n, **overrides)   n members through member_register (full by default)
    open_term(org, congress_on=..., **) apparatus.services.term_open with the test actor
    assign(body, member, position, **)  apparatus.services.seat_assign with the test actor
    set_rule(code, value, since)        amend rule data: the row in force on `since` is closed that day and a
                                        new row with `value` covers the rest of its period
    refused(call, field=..., contains=) run `call` in English, expect a ValidationError on `field` (None: a
                                        non-field error) and no write at all (apparatus, organisations, members)
    apparatus_snapshot()                a comparable picture of the apparatus tables and their history
                                        (cases.snapshot, and the allowance tables' history)
    app                                 the apparatus of the shared `world` (cases.build): terms, bodies and seats
                                        by key, a2_extra, the allowance categories by code
    snapshot()                          db_snapshot() and apparatus_snapshot(): equal means nothing was written

Every date used is at or before TODAY (29/11/2026): the services refuse future dates.
"""

import datetime

import pytest

from core.testing.pages import assert_refused

D = datetime.date
TODAY = D(2026, 11, 29)
DEFAULT_CONGRESS = D(2020, 10, 1)


def main_body(term):
    from apparatus.services import main_body_kind

    return term.bodies.get(kind=main_body_kind(term.organization))


def reload(instance):
    return type(instance).objects.get(pk=instance.pk)


def last_history(instance):
    return instance.history.order_by("-history_date", "-history_id").first()


def apparatus_snapshot():
    """cases.snapshot (terms, bodies, seats and their history) and the history of the allowance tables."""
    from apparatus.models import AllowanceCategory, AllowanceRate

    from .cases import snapshot

    return {**snapshot(), "allowances": (AllowanceCategory.history.count(), AllowanceRate.history.count())}


@pytest.fixture
def app(world, actor):
    """The apparatus data of apparatus/tests/cases.py on the root `world` (see `build` there)."""
    from .cases import build

    world.actor = actor
    build(world)
    return world.apparatus


@pytest.fixture
def snapshot(db_snapshot):
    def _snapshot():
        return db_snapshot(), apparatus_snapshot()

    return _snapshot


@pytest.fixture
def refused(db_snapshot):
    return lambda call, *, field=None, contains=None: assert_refused(
        call, snapshot=lambda: (db_snapshot(), apparatus_snapshot()), field=field, contains=contains, alone=True)


@pytest.fixture
def make_members(make_member):
    def _make(organization, n, **overrides):
        return [make_member(organization, **overrides) for _ in range(n)]

    return _make


@pytest.fixture
def open_term(actor):
    from apparatus.services import term_open

    def _open(organization, congress_on=DEFAULT_CONGRESS, label=None, **kwargs):
        if label is None:
            start = congress_on or kwargs.get("started_on")
            label = f"{start.year}–{start.year + 5}"
        return term_open(actor=actor, organization=organization, label=label, congress_on=congress_on, **kwargs)

    return _open


@pytest.fixture
def assign(actor):
    from apparatus.services import seat_assign

    def _assign(body, member, position, started_on=None, **kwargs):
        return seat_assign(actor=actor, body=body, member=member, position=position,
                           started_on=started_on or body.started_on, **kwargs)

    return _assign


@pytest.fixture
def set_rule(db):
    from rules.selectors import rule_get

    def _set(code, value, since):
        current = rule_get(code, on=since)
        old_end = current.effective_to
        type(current).objects.filter(pk=current.pk).update(effective_to=since)
        return type(current).objects.create(
            code=code, label=current.label, value=value, unit=current.unit, regulation="Quy định sửa đổi (thử)",
            effective_from=since, effective_to=old_end)

    return _set


@pytest.fixture
def category():
    """AllowanceCategory by code (seeded by apparatus/0002)."""
    from apparatus.models import AllowanceCategory

    def _get(code):
        return AllowanceCategory.objects.get(code=code)

    return _get
