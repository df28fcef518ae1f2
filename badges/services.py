"""Every write about Party badges: an interruption of membership, a serious illness, the awards of a presentation
date. Each service is one transaction, refuses with a message on the field that is wrong, and records who acted and
why."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.dates import dmy
from core.history import save_with_history
from core.validation import check_date, require_date, require_text
from members.choices import Status
from members.models import Member
from rules.selectors import RuleBook

from .models import BadgeAward, Illness, Interruption
from .reckoning import Calendar, due_on, rules_on
from .selectors import facts_of


def _require_full(member: Member, field: str) -> None:
    if member.status != Status.FULL:
        raise ValidationError({field: _("%(name)s is not a full member now (%(status)s).") % {
            "name": member.full_name, "status": member.get_status_display()}})


def interruption_record(*, actor, member: Member, starts_on: datetime.date, ends_on: datetime.date, reason: str,
                        decision_number: str = "") -> Interruption:
    """A period that does not count toward the member's Party age: from `starts_on` until `ends_on`, the day the
    membership counts again (both after the admission, in the past, overlapping no other)."""
    require_date(starts_on, "starts_on", not_before=member.admitted_on,
                 not_before_label=_("the admission"), future=False)
    require_date(ends_on, "ends_on", future=False)
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("The membership counts again after the interruption began.")})
    reason = require_text(reason, "reason", _("Say why the membership was interrupted (struck off, re-admitted…)."))
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one writer per member at a time
        other = Interruption.objects.filter(member=member, starts_on__lt=ends_on, ends_on__gt=starts_on).first()
        if other is not None:
            raise ValidationError({"starts_on": _("It overlaps the interruption already recorded from %(start)s to "
                                                  "%(end)s.") % {"start": dmy(other.starts_on),
                                                                 "end": dmy(other.ends_on)}})
        record = Interruption(member=member, starts_on=starts_on, ends_on=ends_on, reason=reason,
                              decision_number=(decision_number or "").strip())
        return save_with_history(record, actor=actor, reason=reason)


def illness_record(*, actor, member: Member, certified_on: datetime.date, reason: str, evidence: str) -> Illness:
    """A serious illness certified: from that day the rule's early margin applies to the member's next badge."""
    _require_full(member, "certified_on")
    require_date(certified_on, "certified_on", not_before=member.admitted_on,
                 not_before_label=_("the admission"), future=False)
    reason = require_text(reason, "reason", _("Name the condition."))
    evidence = require_text(evidence, "evidence", _("Name the medical certificate or the decision."))
    with transaction.atomic():
        record = Illness(member=member, certified_on=certified_on, reason=reason, evidence=evidence)
        return save_with_history(record, actor=actor, reason=_("Seriously ill: %(evidence)s") % {"evidence": evidence})


def badges_award(*, actor, members: list[Member], presentation_date: datetime.date, decision_number: str,
                 decided_on: datetime.date, awarded_on: datetime.date | None = None) -> list[BadgeAward]:
    """The badges of a presentation date for the members chosen, under one decision: each member's milestone and
    whether early are reckoned here, never typed. All or none: a member not due that date refuses the whole."""
    if not members:
        raise ValidationError({"members": _("Tick the members the decision awards.")})
    decision_number = require_text(decision_number, "decision_number", _("Enter the decision's number."))
    require_date(decided_on, "decided_on", future=False)
    awarded_on = awarded_on or presentation_date
    check_date(awarded_on, "awarded_on", not_before=decided_on, not_before_label=_("the decision"))
    book = RuleBook()
    calendar = Calendar(book)
    if not calendar.is_date(presentation_date):
        raise ValidationError({"presentation_date": _("%(date)s is not a presentation date.") % {
            "date": dmy(presentation_date)}})
    rules = rules_on(book, presentation_date)
    saved = []
    with transaction.atomic():
        ids = [m.pk for m in members]
        locked = {m.pk: m for m in Member.objects.select_for_update().filter(pk__in=ids)}
        facts = facts_of(ids)
        for member in members:
            due = due_on(locked.get(member.pk, member), facts[member.pk], rules, calendar, presentation_date)
            if due is None or due.award is not None:
                raise ValidationError({"members": _("%(name)s is not due a badge on %(date)s, or already holds "
                                                    "it.") % {"name": member.full_name,
                                                               "date": dmy(presentation_date)}})
            award = BadgeAward(member=member, milestone=due.milestone, presentation_date=presentation_date,
                               decision_number=decision_number, decided_on=decided_on, awarded_on=awarded_on,
                               early=due.early)
            saved.append(save_with_history(award, actor=actor, reason=_("Badge of %(years)s years, decision "
                                                                         "%(number)s") % {
                "years": due.milestone, "number": decision_number}))
    return saved
