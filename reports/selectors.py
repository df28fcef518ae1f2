"""The basic statistics forms (HD 11-HD/BTCTW of 2021), filled from the app's own data as of any day.

Who counts where on a day is read from the dated records, never from today's state: the members officially
registered then (their permanent membership periods: members.selectors.registered_on_q), in the organisations that
existed then under the parents they had then (organizations.selectors.tree_as_of), the seats held then. A member's
file fields (gender, ethnic group, religion, education, qualification, theory level) are the file's current values;
the age is the age on the day; probationary or full is judged on the day from the date of full membership.

Every figure is one of a few grouped queries over the whole scope (no query per organisation), and each member
figure links to the member list with the filters that list exactly its rows (`as_of` and the dimension), so the list
and the statistics count the same thing by construction; tests compare both with the dashboard's kept figures.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apparatus.models import MAIN_BODY_KINDS, Body, Seat
from core.scope import VIEW, scope_for
from members.choices import (
    AGE_BANDS,
    ETHNICITY_CHOICES,
    LOSS_STATUSES,
    Education,
    Gender,
    Qualification,
    Religion,
    Status,
    TheoryLevel,
)
from members.models import Member
from members.selectors import age_band_dates, counted_organizations, movement_periods, probationary_on_q, registered_on_q
from organizations.models import OrganizationKind
from organizations.selectors import is_subordinate_cell, tree_as_of
from rules.codes import STATISTICS_FORMS
from rules.selectors import rule_get
from rules.usage import applies

from .forms import FORM_NAMES


@dataclass
class Row:
    key: str
    label: str
    n: int
    url: str | None = None
    women: int | None = None


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]
    total: int | None = None  # the rows add up to it (a breakdown of the whole); None: rows that do not add up
    total_url: str | None = None
    with_women: bool = False


@dataclass
class StatisticsForm:
    """One form (one sheet of the workbook): its code from the rule data, said unconfirmed when it is."""

    key: str
    code: str
    name: str
    unconfirmed: bool
    regulation: str
    tables: list[Table] = field(default_factory=list)


@applies(STATISTICS_FORMS, where=gettext_lazy("The basic statistics: the code each form is printed with"),
         page="reports:statistics")
def form_codes(on: datetime.date):
    """({form key: code}, the rule) of STATISTICS_FORMS in force on the day."""
    rule = rule_get(STATISTICS_FORMS, on=on)
    return dict(rule.value), rule


def _members_url(organization, as_of: datetime.date, **filters) -> str:
    params = {"as_of": as_of.isoformat()}
    if organization is not None:
        params["organization"] = organization.pk
    params.update(filters)
    return f"{reverse('members:list')}?{urlencode(params)}"


def member_figure_links(organization, *, since: datetime.date, as_of: datetime.date) -> dict[str, str]:
    """{figure key: the member list of exactly its members} for the member figures of a periodic report
    (member_counts: `organization` with what was under it on `as_of`, movements over [since, as_of])."""
    def link(**filters):
        return _members_url(organization, as_of, **filters)

    moved = {key: link(movement=key, since=since.isoformat(), status="all") for key in ("admitted", "arrived", "left")}
    return {"total": link(), "probationary": link(status=Status.PROBATIONARY), **moved,
            "lost": link(movement="lost", since=since.isoformat(), status="all")}


def _choices_table(key, title, base, column, choices, link, *, keep_zero=True) -> Table:
    counts = dict(base.order_by().values_list(column).annotate(n=Count("id")).values_list(column, "n"))
    rows = [Row(code, str(label), counts.get(code, 0), link(**{column: code}))
            for code, label in choices if keep_zero or counts.get(code)]
    return Table(key, title, rows, total=sum(counts.values()))


def _member_tables(organization, ids, as_of) -> tuple[list[Table], int]:
    base = Member.objects.filter(registered_on_q(as_of, ids))

    def link(**filters):
        return _members_url(organization, as_of, **filters)

    women = Q(gender=Gender.FEMALE)
    aggregates = {"total": Count("id"), "women": Count("id", filter=women),
                  "probationary": Count("id", filter=probationary_on_q(as_of)),
                  "probationary_women": Count("id", filter=probationary_on_q(as_of) & women)}
    for code, _label, _lo, _hi in AGE_BANDS:
        born_after, born_by = age_band_dates(code, as_of)
        band = Q(date_of_birth__gt=born_after, date_of_birth__lte=born_by)
        aggregates[f"age:{code}"] = Count("id", filter=band)
        aggregates[f"age_women:{code}"] = Count("id", filter=band & women)
    figures = base.aggregate(**aggregates)
    total = figures["total"]
    full = total - figures["probationary"]
    overview = Table("overview", _("Members"), [
        Row("total", _("Party members"), total, link(), figures["women"]),
        Row("probationary", str(Status.PROBATIONARY.label), figures["probationary"], link(status=Status.PROBATIONARY),
            figures["probationary_women"]),
        Row("full", str(Status.FULL.label), full, link(status=Status.FULL),
            figures["women"] - figures["probationary_women"]),
    ], with_women=True)
    gender = Table("gender", _("Gender"), [Row(code, str(label), figures["women"] if code == Gender.FEMALE
                                               else total - figures["women"], link(gender=code))
                                           for code, label in Gender.choices], total=total)
    ages = Table("age", _("Age"), [Row(code, str(label), figures[f"age:{code}"], link(age_band=code),
                                       figures[f"age_women:{code}"])
                                   for code, label, _lo, _hi in AGE_BANDS], total=total, with_women=True)
    tables = [overview, gender, ages,
              _choices_table("ethnicity", _("Ethnic group"), base, "ethnicity", ETHNICITY_CHOICES, link,
                             keep_zero=False),
              _choices_table("religion", _("Religion"), base, "religion", Religion.choices, link),
              _choices_table("education", _("General education"), base, "education", Education.choices, link),
              _choices_table("qualification", _("Professional qualification"), base, "qualification",
                             Qualification.choices, link),
              _choices_table("theory_level", _("Political theory"), base, "theory_level", TheoryLevel.choices, link)]
    for table in tables[1:]:
        table.total_url = link()
    return tables, total


def _in(ids, column="organization_id") -> Q:
    return Q() if ids is None else Q(**{f"{column}__in": sorted(ids)})


def _movement_tables(organization, ids, since, until) -> list[Table]:
    """Over [since, until]: admissions, transfers in and out of the whole, losses by how the membership ended
    (members.selectors.movement_periods); each figure links to the member list of its members."""
    periods = movement_periods(ids, since, until)
    women = Q(member__gender=Gender.FEMALE)
    counts = {}
    for key in ("admitted", "arrived", "left"):
        counts[key] = periods[key].aggregate(n=Count("member", distinct=True),
                                             women=Count("member", distinct=True, filter=women))
    by_reason = {row["member__status"]: row for row in periods["lost"].order_by().values("member__status").annotate(
        n=Count("member", distinct=True), women=Count("member", distinct=True, filter=women))}

    def link(movement, status="all"):
        return _members_url(organization, until, movement=movement, since=since.isoformat(), status=status)

    movements = Table("movements", _("Movements"), [
        Row(key, label, counts[key]["n"], link(key), counts[key]["women"])
        for key, label in (("admitted", _("Admitted")), ("arrived", _("Transferred in")), ("left", _("Transferred out")))
    ], with_women=True)
    losses = Table("losses", _("Losses by reason"), [
        Row(str(code), str(Status(code).label), by_reason.get(code, {}).get("n", 0), link("lost", code),
            by_reason.get(code, {}).get("women", 0)) for code in LOSS_STATUSES], with_women=True)
    losses.total = sum(row.n for row in losses.rows)
    losses.total_url = link("lost")
    return [movements, losses]


def member_counts(ids, *, as_of: datetime.date, since: datetime.date) -> dict[str, int]:
    """The members of the organisations `ids` (None: all) counted as the statistics count them: registered there on
    `as_of` and the probationary among them (one query), the movements over [since, as_of] (those of the movements
    form: four queries). Whose organisations they are is the caller's to check (a periodic report: reports.figures)."""
    counts = Member.objects.filter(registered_on_q(as_of, ids)).aggregate(
        total=Count("id"), probationary=Count("id", filter=probationary_on_q(as_of)))
    movements, losses = _movement_tables(None, ids, since, as_of)
    moved = {row.key: row.n for row in movements.rows}
    return {"total": counts["total"], "probationary": counts["probationary"], "admitted": moved["admitted"],
            "arrived": moved["arrived"], "left": moved["left"], "lost": losses.total or 0}


def _organization_tables(ids, tree, kinds, as_of, organization) -> list[Table]:
    counts: dict[int, int] = {}
    for pk, (_parent, kind_id) in tree.items():
        if ids is None or pk in ids:
            counts[kind_id] = counts.get(kind_id, 0) + 1
    linked = as_of == datetime.date.today() and organization is None  # the organisation list: today's, whole scope
    as_it_stood = f"{reverse('organizations:tree')}?{urlencode({'as_of': as_of.isoformat()})}"

    def listed(**filters):  # the organisation list with the dashboard's filters, or the tree as it stood
        return f"{reverse('organizations:list')}?{urlencode(filters)}" if linked else as_it_stood

    rows = [Row(kind.code, kind.label, counts.get(kind.pk, 0), listed(kind=kind.code))
            for kind in kinds if counts.get(kind.pk)]
    by_kind = Table("by_kind", _("Organisations by kind"), rows, total=sum(counts.values()),
                    total_url=reverse("organizations:list") if linked else as_it_stood)
    grassroots = sum(counts.get(k.pk, 0) for k in kinds if k.tier == OrganizationKind.Tier.GRASSROOTS)
    cells = sum(counts.get(k.pk, 0) for k in kinds if is_subordinate_cell(k.tier, k.holds_members))
    summary = Table("summary", _("Of which"), [
        Row("grassroots", _("Grassroots organisations"), grassroots, listed(tier=OrganizationKind.Tier.GRASSROOTS)),
        Row("cells", _("Subordinate cells"), cells,
            listed(tier=OrganizationKind.Tier.BELOW_GRASSROOTS, holds_members="true"))])
    return [by_kind, summary]


def _committee_tables(ids, tree, kinds, as_of, organization) -> list[Table]:
    held = (Seat.objects.filter(_in(ids, "body__organization_id"), started_on__lte=as_of,
                                body__started_on__lte=as_of)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
            .filter(Q(body__ended_on__isnull=True) | Q(body__ended_on__gt=as_of)))
    rows = (held.order_by().values("body__kind", "body__organization_id")
            .annotate(n=Count("id"), women=Count("id", filter=Q(member__gender=Gender.FEMALE)),
                      concurrent=Count("id", filter=Q(engagement=Seat.Engagement.CONCURRENT))))
    tier = {k.pk: k.tier for k in kinds}
    by_body: dict[str, dict[str, int]] = {}
    main = {"n": 0, "women": 0, "concurrent": 0}
    for row in rows:
        sums = by_body.setdefault(row["body__kind"], {"n": 0, "women": 0, "concurrent": 0})
        kind_id = tree.get(row["body__organization_id"], (None, None))[1]
        for key in sums:
            sums[key] += row[key]
            if row["body__kind"] in MAIN_BODY_KINDS and tier.get(kind_id) == OrganizationKind.Tier.GRASSROOTS:
                main[key] += row[key]
    today = datetime.date.today()

    def url(**filters):
        if as_of != today:
            return None  # the seat list shows the seats held today only
        if organization is not None:
            filters["organization"] = organization.pk
        return f"{reverse('apparatus:seats')}?{urlencode(filters)}"

    seats = Table("bodies", _("Seats held, by committee"), [
        Row(code, str(label), by_body.get(code, {}).get("n", 0), url(body_kind=code), by_body.get(code, {}).get("women", 0))
        for code, label in Body.Kind.choices], with_women=True)
    grassroots = Table("grassroots_committee", _("Grassroots committee members"), [
        Row("committee", _("Members of grassroots committees"), main["n"], url(level="grassroots"), main["women"]),
        Row("concurrent", _("Of whom concurrent"), main["concurrent"],
            url(level="grassroots", engagement=Seat.Engagement.CONCURRENT)),
    ], with_women=True)
    return [grassroots, seats]


def statistics(user, *, organization=None, as_of: datetime.date, since: datetime.date) -> dict:
    """The forms' figures for `organization` (with what was under it on `as_of`; None: the user's whole scope), as of
    `as_of`, movements over [since, as_of]. A fixed number of queries whatever the size of the scope."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return {"forms": [], "as_of": as_of, "since": since}
    tree = tree_as_of(as_of)
    ids = counted_organizations(user, organization, as_of, tree)
    kinds = list(OrganizationKind.objects.order_by("sort_order", "code"))
    codes, rule = form_codes(as_of)
    member_tables, total = _member_tables(organization, ids, as_of)
    parts = {
        "members": member_tables,
        "movements": _movement_tables(organization, ids, since, as_of),
        "organizations": _organization_tables(ids, tree, kinds, as_of, organization),
        "committees": _committee_tables(ids, tree, kinds, as_of, organization),
    }
    forms = [StatisticsForm(key, codes.get(key, ""), str(name), rule.unconfirmed, rule.regulation, parts[key])
             for key, name in FORM_NAMES.items()]
    return {"forms": forms, "as_of": as_of, "since": since, "members": total}


def issuer_name(user, organization) -> str:
    """The committee heading the sheets: the chosen organisation, or the highest the user works for."""
    if organization is not None:
        return organization.name
    from apparatus.selectors import report_issuer

    return report_issuer(user)
