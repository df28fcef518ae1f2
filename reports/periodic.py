"""Reads of the periodic reports, always through the user's scope.

- A report is kept (created, written, submitted) by whoever holds DOCUMENTS over its organisation: its committee's
  office and its superiors' (the report is an outgoing document of its register), and read by them alone.
- It is received or returned by whoever holds DOCUMENTS over the organisation's parent: the superior committee it
  is sent to. A report of the top organisation (the Bloc) goes to a committee outside the app: it stays submitted.
- Only grassroots organisations and superior committees report (a cell below a grassroots committee reports to its
  committee in its meetings, not by this report).
- The to-do: for the organisations at the top of the user's scope that report, each period owed (rule data,
  reports.periods) due within REMIND_DAYS or overdue and not yet submitted; and the reports submitted to them that
  wait to be received.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from core.scope import DOCUMENTS, scope_for
from organizations.models import Organization, OrganizationKind

from .models import PeriodicReport
from .periods import Period, periods_owed

REPORTING_TIERS = (OrganizationKind.Tier.SUPERIOR, OrganizationKind.Tier.GRASSROOTS)


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
                                             "submitted_by", "received_by").filter(pk=pk).first())
    if report is None:
        raise Http404
    return report


def may_keep(user, organization: Organization) -> bool:
    return scope_for(user).covers(organization.pk, DOCUMENTS)


def may_receive(user, report: PeriodicReport) -> bool:
    parent_id = report.organization.parent_id
    return parent_id is not None and scope_for(user).covers(parent_id, DOCUMENTS)


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


def todo(user, *, today: datetime.date | None = None) -> dict:
    """{"owed": [Owed], "to_receive": [PeriodicReport]} in three queries whatever the scope (it is on the home
    page): the scope's top organisations that report, the rules, the reports of the periods owed and those waiting
    for the user together."""
    today = today or datetime.date.today()
    scope = scope_for(user)
    if not scope.can(DOCUMENTS):
        return {"owed": [], "to_receive": []}
    ids = None if scope.sees_everything(DOCUMENTS) else sorted(scope.org_ids(DOCUMENTS))
    tops = Organization.objects.filter(reporting_q(), status=Organization.Status.ACTIVE)
    if ids is None:
        tops = tops.filter(parent__isnull=True)
    else:
        tops = tops.filter(pk__in=ids).exclude(parent_id__in=ids)
    roots = list(tops.order_by("name_sort"))
    periods = periods_owed(today) if roots else []
    waiting = Q(status=PeriodicReport.Status.SUBMITTED, organization__parent__isnull=False)
    if ids is not None:
        waiting &= Q(organization__parent_id__in=ids)
    wanted = waiting
    if periods:
        keys = Q()
        for period in periods:
            keys |= Q(kind=period.kind, year=period.year, number=period.number)
        wanted |= keys & Q(organization__in=roots)
    rows = list(PeriodicReport.objects.filter(wanted).select_related("organization", "document")
                .order_by("submitted_at", "id"))
    parents = None if ids is None else set(ids)
    to_receive = [r for r in rows if r.status == PeriodicReport.Status.SUBMITTED and r.organization.parent_id
                  and (parents is None or r.organization.parent_id in parents)]
    existing = {(r.organization_id, r.kind, r.year, r.number): r for r in rows}
    owed = []
    for organization in roots:
        for period in periods:
            report = existing.get((organization.pk, *period.key))
            if report is not None and report.frozen:
                continue
            if organization.established_on > period.ends_on:
                continue
            owed.append(Owed(organization, period, report, today))
    return {"owed": owed, "to_receive": to_receive[:50]}
