"""/api/v1/compliance: the cells' meeting compliance over a month, a calendar quarter or year, or a range of months,
per cell of the user's scope: the figures of the compliance page (meetings:compliance), read by the same selector
(meetings.selectors.compliance, from the months kept per cell: meetings.figures / CellMonth), with the same question
refused in the same words (the page's form, meetings.forms.ComplianceForm)."""

import datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from meetings import selectors as meeting_selectors
from meetings.forms import compliance_window

from .base import READ_ERRORS, ApiError, paginate, user_of
from .forms import ComplianceQueryForm
from .schemas import PageOut, Paging, Ref

compliance = Router(tags=["compliance"])


class LongRunOut(Schema):
    member: Ref
    run: int = Field(description="Meetings in a row the member was excused from, above the rule's limit.")


class MonthOut(Schema):
    month: datetime.date = Field(description="The month's first day.")
    status: Literal["held", "planned", "missing", "not_due", "not_applicable"] = Field(
        description="held: enough regular meetings held; missing: over with fewer; planned / not_due: not over; "
                    "not_applicable: the cell did not exist for the whole month.")
    meeting_id: int | None = Field(description="The first regular meeting held (or, failing one, planned).")
    held: int = Field(description="Regular meetings held in the month.")
    required: int = Field(description="Regular meetings the rule in force that month asks for.")


class CellComplianceOut(Schema):
    organization: Ref
    parent: str | None = Field(description="The name of the organisation above the cell.")
    established_on: datetime.date
    ended_on: datetime.date | None
    missed_regular: int = Field(description="Months over with fewer regular meetings held than the rule asks.")
    missed_thematic: int = Field(description="Calendar quarters of the period, over, without their thematic meeting.")
    thematic_held: int
    present: int
    expected: int
    rate: float | None = Field(description="Attendance: present / expected, in percent.")
    judged: int = Field(description="Meetings held, judged against the quality benchmark.")
    good: int = Field(description="Of those, the meetings meeting it.")
    long_runs: list[LongRunOut]
    failing: bool
    months: list[MonthOut]


class ComplianceSummaryOut(Schema):
    cells: int = Field(description="Every cell of the period in the answer's scope (before `failing`).")
    missed_regular: int
    missed_thematic: int | None = Field(description="null when no quarter of the period is over yet.")
    present: int
    expected: int
    good: int
    judged: int
    long_runs: int
    regular_required: int = Field(description="Regular meetings a month (the rule of this month, or of the "
                                              "period's nearest).")
    thematic_required: int = Field(description="Thematic meetings a quarter.")


class CompliancePage(PageOut):
    start: datetime.date = Field(description="The period's first month.")
    end: datetime.date = Field(description="The first month after the period.")
    months: list[datetime.date]
    quarters_judged: list[datetime.date] = Field(description="The calendar quarters, wholly in the period and over, "
                                                             "whose thematic meetings are judged.")
    summary: ComplianceSummaryOut
    results: list[CellComplianceOut]


class ComplianceQuery(Paging):
    month: str | None = Field(None, max_length=7, description="yyyy-mm: the month, or within the quarter or year "
                                                              "asked by `period` (this month by default).")
    period: Literal["month", "quarter", "year"] | None = None
    month_from: str | None = Field(None, max_length=7, description="yyyy-mm: a range of months instead (with "
                                                                   "`month_to`, at most 24 months).")
    month_to: str | None = Field(None, max_length=7, description="yyyy-mm: the range's last month.")
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="Only the cells under it.")
    failing: Literal["true", "false"] | None = Field(None, description="Only the cells failing (a regular or "
                                                                       "thematic meeting missed, a meeting below "
                                                                       "the benchmark, a member excused too often).")
    ordering: Literal["name", "result", "attendance"] = Field(
        "name", description="name; result: worst first; attendance: lowest first.")


FORM_FIELDS = {"org": "organization"}  # the page's field names that the API calls otherwise


def cell_row(row) -> dict:
    cell = row.organization
    return {
        "organization": {"id": cell.pk, "name": cell.name}, "parent": cell.parent.name if cell.parent else None,
        "established_on": cell.established_on, "ended_on": cell.ended_on, "missed_regular": row.missed_regular,
        "missed_thematic": row.missed_thematic, "thematic_held": row.thematic_held, "present": row.present,
        "expected": row.expected, "rate": row.rate, "judged": row.judged, "good": row.good,
        "long_runs": [{"member": {"id": pk, "name": name}, "run": run} for pk, name, run in row.long_runs],
        "failing": row.failing,
        "months": [{"month": m.month, "status": m.status, "meeting_id": m.meeting_id, "held": m.held,
                    "required": m.required} for m in row.months],
    }


@compliance.get("/compliance", response={200: CompliancePage, **READ_ERRORS},
                summary="Cell meeting compliance over a period, per cell in your scope (the compliance page's figures)")
def compliance_list(request, params: Query[ComplianceQuery]):
    user = user_of(request)
    data = {"month": params.month or "", "period": params.period or "", "month_from": params.month_from or "",
            "month_to": params.month_to or "", "org": params.organization or "",
            "failing": "1" if params.failing == "true" else "", "sort": params.ordering}
    form = ComplianceQueryForm(data, user=user)
    if not form.is_valid():
        raise ApiError(400, _("A filter is not valid."),
                       [{"field": FORM_FIELDS.get(name, name), "messages": [str(m) for m in messages]}
                        for name, messages in form.errors.items()])
    d = form.cleaned_data
    today = timezone.localdate()
    if d.get("month_from"):
        start, months = d["month_from"], form.months_in_range
    else:
        start, months, _period = compliance_window(d, today)
    result = meeting_selectors.compliance(user, start=start, months=months, today=today, within=d.get("org"),
                                          month_states=False)
    rows = meeting_selectors.compliance_sorted([r for r in result["cells"] if r.failing or not d.get("failing")],
                                               d.get("sort") or "name")
    answer = paginate(request, rows, params.page, params.page_size, lambda row: row)
    if answer["results"]:  # the months of the page's cells only: one query, as the page draws them
        meeting_selectors.compliance_months(result, answer["results"])
    answer["results"] = [cell_row(row) for row in answer["results"]]
    return {
        **answer, "start": result["start"], "end": result["end"], "months": result["periods"],
        "quarters_judged": result["quarters"],
        "summary": {"cells": len(result["cells"]), **{key: result.get(key, 0) for key in (
            "missed_regular", "present", "expected", "good", "judged", "long_runs")},
            "missed_thematic": result.get("missed_thematic"), "regular_required": result.get("regular_required", 0),
            "thematic_required": result.get("thematic_required", 0)},
    }

