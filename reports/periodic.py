"""Reads of the periodic reports, always through the user's scope.

- A report is kept (created, written, submitted) by whoever holds DOCUMENTS over its organisation: its committee's
  office and its superiors' (the report is an outgoing document of its register), and read by them alone.
- It is received or returned by the superior committee it is sent to, its organisation's parent: whoever holds
  DOCUMENTS over that parent where the parent is at the top of their scope (a committee above it reads the report,
  it does not receive what is addressed to the committee below it). Never by whoever submitted it (services). A
  report of the top organisation (the Bloc) goes to a committee outside the app: it stays submitted.
- Only grassroots organisations and superior committees report (a cell below a grassroots committee reports to its
  committee in its meetings, not by this report).
- The to-do, for the organisations at the top of the user's scope: for those that report, each period owed (rule
  data, reports.periods) due within REMIND_DAYS or overdue and not yet submitted, and every report returned to them
  to complete, whatever its period; the reports their direct reporting subordinates submitted, waiting to be
  received; and those subordinates' periods owed with no report submitted yet.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from core.scope import DOCUMENTS, scope_for
from organizations.models import Organization, OrganizationKind

from .models import PeriodicReport
from .periods import Period, periods_owed

REPORTING_TIERS = (OrganizationKind.Tier.SUPERIOR, OrganizationKind.Tier.GRASSROOTS)
SUBMITTED = (PeriodicReport.Status.SUBMITTED, PeriodicReport.Status.RECEIVED)  # sent: no longer owed


def reporting_q(field: str = "") -> Q:
    return Q(**{f"{field}kind__tier__in": REPORTING_TIERS})


def report_qs(user):
    scope = scope_for(user)
    if not scope.can(DOCUMENTS):
        return PeriodicReport.objects.none()
    return PeriodicReport.objects.filter(scope.org_q("organization_id", DOCUMENTS))


def report_list(user):
    return report_qs(user).select_related("organization", "document").order_by("-ends_on", "organization__name_sort",
                                                                                "kind", "id")


def report_get(user, pk, action: str = DOCUMENTS) -> PeriodicReport:
    report = (report_qs(user).select_related("organization__kind", "organization__parent", "document__issuer",
                                             "arrival", "submitted_by", "received_by").filter(pk=pk).first())
    if report is None:
        raise Http404
    return report


def previous_figures(report: PeriodicReport) -> dict | None:
    """The figures frozen at the report's previous submission (kept in its history), or None: a report returned
    and submitted again shows its superior what changed since. One query, none for a report never submitted."""
    if report.submitted_at is None:
        return None
    submissions = list(report.history.filter(status=PeriodicReport.Status.SUBMITTED)
                       .order_by("-history_date", "-history_id").values_list("figures", flat=True)[:2])
    if report.frozen:
        submissions = submissions[1:]  # the latest is the figures shown
    return submissions[0] if submissions and submissions[0] else None


def may_keep(user, organization: Organization) -> bool:
    return scope_for(user).covers(organization.pk, DOCUMENTS)


def may_receive(user, report: PeriodicReport) -> bool:
    """Whether the user holds DOCUMENTS over the report's superior committee (its organisation's parent), that
    committee being at the top of the user's scope: a grassroots report addressed to an intermediate committee is
    that committee's to receive, not its superiors' (nor an administrator's who sees everything)."""
    parent = report.organization.parent
    if parent is None:
        return False
    scope = scope_for(user)
    return scope.covers(parent.pk, DOCUMENTS) and (parent.parent_id is None
                                                    or not scope.covers(parent.parent_id, DOCUMENTS))


def reporting_organizations(user):
    """The organisations of the user's scope that report (the create page's choices)."""
    scope = scope_for(user)
    if not scope.can(DOCUMENTS):
        return Organization.objects.none()
    return (Organization.objects.filter(scope.org_q("id", DOCUMENTS), reporting_q(),
                                        status=Organization.Status.ACTIVE)
            .select_related("kind").order_by("name_sort"))


@dataclass
class Owed:
    organization: Organization
    period: Period
    report: PeriodicReport | None
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.period.due_on < self.today

    @property
    def days_left(self) -> int:
        return (self.period.due_on - self.today).days

    @property
    def returned(self) -> bool:
        return self.report is not None and self.report.status == PeriodicReport.Status.RETURNED


def _period(report: PeriodicReport) -> Period:
    months = (report.ends_on.year - report.starts_on.year) * 12 + report.ends_on.month - report.starts_on.month + 1
    return Period(report.kind, report.year, report.number, report.starts_on, report.ends_on, report.due_on, months)


def todo(user, *, today: datetime.date | None = None) -> dict:
    """{"owed": [Owed], "to_receive": [PeriodicReport], "owing": [Owed]} in four queries whatever the scope: the
    scope's top organisations, the rules, the reports of the periods owed, returned and waiting for the user
    together, and the direct reporting subordinates with whether each submitted each period's report (the periods
    owed are a handful: one EXISTS each). Where no top organisation reports (a cell's secretary), the reports
    waiting only (two queries)."""
    today = today or datetime.date.today()
    found, roots, periods = _own_todo(user, today)
    if periods:
        subordinates = list(_subordinates(roots).annotate(**{f"submitted_{i}": _submitted(period)
                                                             for i, period in enumerate(periods)})
                            .order_by("name_sort"))
        found["owing"] = [Owed(organization, period, None, today) for i, period in enumerate(periods)
                          for organization in subordinates if not getattr(organization, f"submitted_{i}")
                          and organization.established_on <= period.ends_on]
    return found


def todo_counts(user, *, today: datetime.date | None = None) -> dict:
    """The to-do as the home page shows it: {"owed", "overdue", "to_receive", "owing", "owing_overdue"}, numbers.
    The subordinates' reports owed are counted by the database (one query, a conditional count per period owed): at
    the top of a province they are a thousand organisations a period, not to be read as instances on every home
    page."""
    today = today or datetime.date.today()
    found, roots, periods = _own_todo(user, today)
    owed = found["owed"]
    counts = {"owed": len(owed), "overdue": sum(1 for o in owed if o.overdue), "to_receive": len(found["to_receive"]),
              "owing": 0, "owing_overdue": 0}
    if periods:
        owing = _subordinates(roots).aggregate(**{f"owing_{i}": Count("pk", filter=Q(
            established_on__lte=period.ends_on) & ~Q(_submitted(period))) for i, period in enumerate(periods)})
        for i, period in enumerate(periods):
            counts["owing"] += owing[f"owing_{i}"]
            counts["owing_overdue"] += owing[f"owing_{i}"] if period.due_on < today else 0
    return counts


def _submitted(period) -> Exists:
    """Whether the organisation of the outer query has sent its report of `period` (submitted or received)."""
    return Exists(PeriodicReport.objects.filter(organization=OuterRef("pk"), status__in=SUBMITTED, kind=period.kind,
                                                year=period.year, number=period.number))


def _subordinates(roots):
    """The active reporting organisations directly below the roots: the superior committee receives their reports."""
    return Organization.objects.filter(reporting_q(), parent_id__in=[root.pk for root in roots],
                                       status=Organization.Status.ACTIVE)


def _own_todo(user, today: datetime.date) -> tuple[dict, list, list]:
    """The to-do's part for the top organisations of the scope themselves: ({"owed", "to_receive", "owing": []},
    the top organisations that report, the periods owed); three queries (two where none reports)."""
    scope = scope_for(user)
    found = {"owed": [], "to_receive": [], "owing": []}
    if not scope.can(DOCUMENTS):
        return found, [], []
    ids = None if scope.sees_everything(DOCUMENTS) else sorted(scope.org_ids(DOCUMENTS))
    tops = Organization.objects.select_related("kind")
    if ids is None:
        tops = tops.filter(parent__isnull=True)
    else:
        tops = tops.filter(pk__in=ids).exclude(parent_id__in=ids)
    tops = list(tops.order_by("name_sort"))
    if not tops:
        return found, [], []
    # the user receives for the top organisations of the scope (may_receive); those that report owe theirs
    receiving = [top.pk for top in tops]
    roots = [top for top in tops if top.kind.tier in REPORTING_TIERS and top.status == Organization.Status.ACTIVE]
    periods = periods_owed(today) if roots else []
    keys = Q()
    for period in periods:
        keys |= Q(kind=period.kind, year=period.year, number=period.number)
    wanted = (Q(status=PeriodicReport.Status.SUBMITTED, organization__parent_id__in=receiving)
              | Q(status=PeriodicReport.Status.RETURNED, organization__in=roots))
    if periods:
        wanted |= keys & Q(organization__in=roots)
    rows = list(PeriodicReport.objects.filter(wanted).select_related("organization", "document")
                .order_by("submitted_at", "id"))
    found["to_receive"] = [r for r in rows if r.status == PeriodicReport.Status.SUBMITTED
                           and r.organization.parent_id in receiving and r.submitted_by_id != user.pk][:50]
    existing = {(r.organization_id, r.kind, r.year, r.number): r for r in rows}
    # a report returned to complete is owed again, whatever its period (those of the periods owed come below)
    root_ids = {root.pk for root in roots}
    in_periods = {period.key for period in periods}
    owed = [Owed(r.organization, _period(r), r, today) for r in rows if r.status == PeriodicReport.Status.RETURNED
            and r.organization_id in root_ids and (r.kind, r.year, r.number) not in in_periods]
    for organization in roots:
        for period in periods:
            report = existing.get((organization.pk, *period.key))
            if report is not None and report.frozen:
                continue
            if organization.established_on > period.ends_on:
                continue
            owed.append(Owed(organization, period, report, today))
    found["owed"] = owed
    return found, roots, periods
