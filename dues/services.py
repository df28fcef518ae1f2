"""Every write about party dues: a member's basis, a relief granted or ended, a cell's month collected. Each service
is one transaction, refuses with a message on the field (or the member's row) that is wrong, and records who acted
and why."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months
from core.history import save_with_history
from core.validation import check_date, require_date, require_text
from members.models import Member
from organizations.models import Organization
from rules.codes import DUES_RATES, DUES_REDUCTION_PERCENTS, DUES_RELIEF_MAX_MONTHS
from rules.display import quantity
from rules.selectors import rule_book, rule_value
from rules.usage import applies

from .levels import level_month, split
from .models import DuesBasis, Payment, Relief, Remittance
from .reckoning import first_of, reckon
from .selectors import rows_by_member, sheet_members


def _require_reason(reason: str) -> str:
    return require_text(reason, "reason", _("Say why (it is kept with the record's history)."))


def _months_between(start: datetime.date, end: datetime.date) -> int:
    """Months counted inclusively: 01/2026 to 12/2026 is 12."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@applies(DUES_RATES, where=gettext_lazy("Dues basis: the amount a category set by the cell must lie within"),
         page="dues:home")
def dues_basis_set(*, actor, member: Member, category: str, starts_on: datetime.date, amount: int | None = None,
                   note: str = "", reason: str) -> DuesBasis:
    """The member's dues category and amount from the month of `starts_on` on (a row for that month is replaced;
    earlier months keep theirs)."""
    reason = _require_reason(reason)
    require_date(starts_on, "starts_on")
    check_date(starts_on, "starts_on")
    month = first_of(starts_on)
    rate = (rule_value(DUES_RATES, on=month) or {}).get(category)
    if rate is None:
        raise ValidationError({"category": _("Choose the member's dues category.")})
    if ("percent" in rate or rate.get("set_by_cell")) and not amount:
        raise ValidationError({"amount": _("Enter the amount the dues are reckoned on (đồng a month).")})
    if rate.get("set_by_cell") and amount:
        low, high = rate.get("min"), rate.get("max")
        if (low and amount < low) or (high and amount > high):
            raise ValidationError({"amount": _("The rule in force in %(month)s sets this category's dues between "
                                               "%(low)s and %(high)s a month.") % {
                "month": f"{month:%m/%Y}", "low": quantity(low or 0, "đ"), "high": quantity(high or 0, "đ")}})
    with transaction.atomic():
        basis = DuesBasis.objects.filter(member=member, starts_on=month).first() or DuesBasis(member=member,
                                                                                            starts_on=month)
        basis.category, basis.amount, basis.note = category, amount if "amount" not in rate else None, note
        return save_with_history(basis, actor=actor, reason=reason)


@applies(DUES_REDUCTION_PERCENTS, DUES_RELIEF_MAX_MONTHS,
         where=gettext_lazy("Dues relief: the reductions allowed and the longest a hardship relief may run"),
         page="dues:home")
def dues_relief_grant(*, actor, member: Member, kind: str, ground: str, starts_on: datetime.date,
                      ends_on: datetime.date | None, decision_number: str, decided_on: datetime.date,
                      percent: int | None = None, note: str = "", reason: str = "") -> Relief:
    """An exemption or a reduction over whole months, on the member's written request, with its decision."""
    require_date(starts_on, "starts_on")
    require_date(decided_on, "decided_on")
    check_date(decided_on, "decided_on", future=False)
    decision_number = require_text(decision_number, "decision_number", _("Enter the decision's number."))
    start = first_of(starts_on)
    end = first_of(ends_on) if ends_on else None
    if end is not None and end < start:
        raise ValidationError({"ends_on": _("The last month cannot come before the first.")})
    book = rule_book()
    if ground == Relief.Ground.HARDSHIP:
        longest = book.value(DUES_RELIEF_MAX_MONTHS, on=start)
        if end is None:
            raise ValidationError({"ends_on": _("A relief for hardship ends: enter its last month (at most "
                                                "%(months)s months).") % {"months": longest}})
        if longest and _months_between(start, end) > int(longest):
            raise ValidationError({"ends_on": _("A relief for hardship runs at most %(months)s months each time "
                                                "(%(start)s to %(end)s is %(n)s). Grant it again when it ends.") % {
                "months": longest, "start": f"{start:%m/%Y}", "end": f"{end:%m/%Y}",
                "n": _months_between(start, end)}})
    if kind == Relief.Kind.REDUCTION:
        allowed = [int(p) for p in book.value(DUES_REDUCTION_PERCENTS, on=start) or []]
        if percent not in allowed:
            raise ValidationError({"percent": _("Choose a reduction the rule allows: %(allowed)s %%.") % {
                "allowed": ", ".join(str(p) for p in allowed)}})
    else:
        percent = None
    with transaction.atomic():
        overlapping = Relief.objects.select_for_update().filter(member=member, starts_on__lte=end or datetime.date.max)
        overlapping = [r for r in overlapping if r.ends_on is None or r.ends_on >= start]
        if overlapping:
            other = overlapping[0]
            raise ValidationError({"starts_on": _("The member already has a relief over these months (%(start)s "
                                                  "to %(end)s): end it first.") % {
                "start": f"{other.starts_on:%m/%Y}", "end": f"{other.ends_on:%m/%Y}" if other.ends_on else "…"}})
        relief = Relief(member=member, kind=kind, ground=ground, percent=percent, starts_on=start, ends_on=end,
                        decision_number=decision_number, decided_on=decided_on, note=note)
        return save_with_history(relief, actor=actor, reason=reason or _("Decision %(number)s") % {
            "number": decision_number})


def dues_relief_end(*, actor, relief: Relief, last_month: datetime.date, reason: str) -> Relief:
    """End a relief early: `last_month` is the last month it covers (never before it started)."""
    reason = _require_reason(reason)
    require_date(last_month, "last_month")
    month = first_of(last_month)
    if month < relief.starts_on:
        raise ValidationError({"last_month": _("A relief cannot end before its first month (%(start)s).") % {
            "start": f"{relief.starts_on:%m/%Y}"}})
    if relief.ends_on is not None and month > relief.ends_on:
        raise ValidationError({"last_month": _("The relief already ends in %(end)s.") % {
            "end": f"{relief.ends_on:%m/%Y}"}})
    with transaction.atomic():
        relief.ends_on = month
        return save_with_history(relief, actor=actor, reason=reason)


def dues_collect(*, actor, organization: Organization, month: datetime.date, rows: list[dict]) -> list[Payment]:
    """The cell's sheet for a month: for each row (member id, paid: bool, paid_on, channel, extra, excuse), the
    payment recorded with the due reckoned now and kept (a later change of rule or basis never rewrites a month
    recorded). Paid means the whole due; a voluntary payment above it is kept apart. A member transferred during the
    month is on both cells' sheets and pays the month once: the cell that recorded it first holds it, and the other
    cannot rewrite it. All rows or none: an error names the member's row (`row_<member id>`) and nothing is
    written."""
    month = first_of(month)
    today = timezone.localdate()
    if month > first_of(today):
        raise ValidationError({"month": _("Dues are collected for a month that has begun, not ahead of it.")})
    members = {m.pk: m for m in sheet_members(organization, month)}
    book = rule_book()
    bases, reliefs = rows_by_member(DuesBasis, list(members)), rows_by_member(Relief, list(members))
    errors, saved = {}, []
    with transaction.atomic():
        existing = {p.member_id: p for p in Payment.objects.select_for_update().filter(
            member_id__in=list(members), month=month)}
        for row in rows:
            member = members.get(row["member"])
            if member is None:
                errors[f"row_{row['member']}"] = _("This member is not in the cell's list for %(month)s.") % {
                    "month": f"{month:%m/%Y}"}
                continue
            due = reckon(member, month, bases=bases.get(member.pk, []), reliefs=reliefs.get(member.pk, []),
                         book=book)
            paid, extra = bool(row.get("paid")), int(row.get("extra") or 0)
            paid_on = (row.get("paid_on") or today) if (paid or extra) else None
            excuse = (row.get("excuse") or "").strip()
            problem = _row_problem(member, due, paid, paid_on, extra, month, today)
            if problem:
                errors[f"row_{member.pk}"] = problem
                continue
            payment = existing.get(member.pk)
            if payment is not None and payment.organization_id != organization.pk:
                # the member moved during the month: the month is paid once, to the cell whose sheet took it
                errors[f"row_{member.pk}"] = _("%(name)s: %(month)s was recorded by the sheet of %(cell)s; it is "
                                               "changed there.") % {"name": member.full_name, "month": f"{month:%m/%Y}",
                                                                    "cell": payment.organization.name}
                continue
            amount = due.amount if paid else 0
            if payment is None:
                if not (paid or extra or excuse):
                    continue  # nothing to say about this member yet
                payment = Payment(member=member, month=month, organization=organization)
            elif (payment.paid, payment.extra, payment.paid_on, payment.excuse) == (amount, extra, paid_on, excuse):
                continue
            payment.due, payment.paid, payment.extra, payment.paid_on = due.amount, amount, extra, paid_on
            payment.channel = (row.get("channel") or Payment.Channel.CASH) if paid_on else ""
            payment.excuse = excuse
            payment.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
            saved.append(save_with_history(payment, actor=actor, reason=_("Dues of %(month)s") % {
                "month": f"{month:%m/%Y}"}))
        if errors:
            raise ValidationError(errors)
    return saved


def _row_problem(member, due, paid: bool, paid_on, extra: int, month, today) -> str:
    if paid and due.missing:
        return _("%(name)s: record the member's dues basis first (%(how)s).") % {"name": member.full_name,
                                                                                  "how": due.how}
    if paid_on and paid_on > today:
        return _("%(name)s: the day paid cannot be in the future.") % {"name": member.full_name}
    if paid_on and paid_on < add_months(month, -1):
        return _("%(name)s: the day paid is long before the month (%(month)s).") % {
            "name": member.full_name, "month": f"{month:%m/%Y}"}
    if extra and not paid and due.amount:
        return _("%(name)s: a voluntary payment comes on top of the month's due: tick the due as paid too.") % {
            "name": member.full_name}
    return ""


def dues_remit(*, actor, organization: Organization, month: datetime.date, remitted_on: datetime.date,
               channel: str, note: str = "") -> Remittance:
    """The organisation remits upward what reached it for the month since its last remittance of that month, less
    the share it keeps (rule dues_kept_percent): the figures are worked out here from the payments and the
    confirmed receipts, never typed. Sent to the organisation's parent; the top of the tree sends outside dangbo."""
    month = first_of(month)
    today = timezone.localdate()
    if month > first_of(today):
        raise ValidationError({"month": _("Dues are remitted for a month that has begun, not ahead of it.")})
    require_date(remitted_on, "remitted_on", not_before=month,
                 not_before_label=_("the first day of the month remitted"), future=False)
    if channel not in Remittance.Channel.values:
        raise ValidationError({"channel": _("Choose how the dues were sent.")})
    with transaction.atomic():
        # one remittance of an organisation at a time: two at once would both carry the same payments
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        level = level_month(organization, month)
        if level.pending <= 0:
            raise ValidationError(_("Nothing has reached %(name)s for %(month)s since its last remittance: there is "
                                    "nothing to remit.") % {"name": organization.name, "month": f"{month:%m/%Y}"})
        kept, remitted = split(level.pending, level.percent)
        voluntary = max(level.voluntary - sum(r.voluntary for r in level.sent), 0)
        remittance = Remittance(
            organization=organization, recipient=organization.parent, month=month, received=level.pending,
            voluntary=min(voluntary, level.pending), kept_percent=level.percent, kept=kept, remitted=remitted,
            remitted_on=remitted_on, channel=channel, note=note.strip(),
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
        return save_with_history(remittance, actor=actor, reason=_("Dues of %(month)s remitted") % {
            "month": f"{month:%m/%Y}"})


def dues_remittance_confirm(*, actor, remittance: Remittance, confirmed_on: datetime.date) -> Remittance:
    """The receiving organisation confirms the remittance reached it; what it received then counts in what reaches
    it for the month (and so in its own remittance upward)."""
    require_date(confirmed_on, "confirmed_on", not_before=remittance.remitted_on,
                 not_before_label=_("the day it was remitted"), future=False)
    with transaction.atomic():
        remittance = Remittance.objects.select_for_update().get(pk=remittance.pk)
        if remittance.confirmed_on:
            raise ValidationError(_("This remittance was already confirmed on %(date)s.") % {
                "date": f"{remittance.confirmed_on:%d/%m/%Y}"})
        remittance.confirmed_on = confirmed_on
        remittance.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        return save_with_history(remittance, actor=actor, reason=_("Receipt of the dues of %(month)s confirmed") % {
            "month": f"{remittance.month:%m/%Y}"})
