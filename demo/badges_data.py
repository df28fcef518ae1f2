"""Demo Party badges: every badge already due on a presentation date before today recorded with its decision (the
members past 30, 40… years of Party age, and those who died within the posthumous margin), and, for the next
presentation date, members of the demo committee due: one of the demo secretary's cell whose membership was
interrupted (struck off and admitted again, so their 30 years fall exactly on the next date) and one seriously ill,
due early within the rule's margin. The member files are not changed: the interruption and the illness are what
put them on the next date.

The dates come from the same rule data and reckoning the pages use (badges.reckoning). Bulk-inserted with one
history row each.
"""

import datetime

from simple_history.utils import bulk_create_with_history

from badges.models import BadgeAward, Illness, Interruption
from badges.reckoning import Calendar, Facts, milestone_dues, reached_on, rules_on
from core.dates import add_months
from members.choices import Status
from members.models import Member
from organizations.selectors import subtree_ids
from rules.selectors import RuleBook

D = datetime.date
CANDIDATE_YEARS = 28  # only members with at least this Party age can have a badge behind or just ahead of them


def load_badges(*, today: D, admin, change_reason: str, batch_size: int = 2000, chibo_org: int | None = None,
                coso_org: int | None = None) -> dict:
    book = RuleBook()
    calendar = Calendar(book)
    upcoming = calendar.on_or_after(today)
    rules = rules_on(book, upcoming)
    members = list(Member.objects.filter(status__in=(Status.FULL, Status.DECEASED),
                                         admitted_on__lte=add_months(today, -12 * CANDIDATE_YEARS))
                   .order_by("admitted_on", "id"))
    history = {"batch_size": batch_size, "default_user": admin, "default_change_reason": change_reason}
    facts: dict[int, Facts] = {m.pk: Facts() for m in members}
    home = set(subtree_ids(coso_org)) if coso_org else {m.organization_id for m in members}
    used: set[int] = set()

    gap = _interruption(members, chibo_org, home, upcoming, used)
    if gap is not None:
        facts[gap.member_id].gaps.append((gap.starts_on, gap.ends_on))
        bulk_create_with_history([gap], Interruption, **history)
    # certified after the last presentation date, so the early badge falls on the next one, not on a date passed
    certified = max(today - datetime.timedelta(days=30), calendar.before(upcoming) + datetime.timedelta(days=1))
    ill = _illness(members, home, upcoming, rules, certified, used)
    if ill is not None:
        facts[ill.member_id].ill_since = ill.certified_on
        bulk_create_with_history([ill], Illness, **history)

    awards = []
    for member in members:
        for due in milestone_dues(member, facts[member.pk], rules, calendar):
            if due.presentation < today:
                award = BadgeAward(member=member, milestone=due.milestone, presentation_date=due.presentation,
                                   decision_number=f"{due.presentation:%d%m}-QĐ/TU", early=due.early,
                                   decided_on=due.presentation - datetime.timedelta(days=20),
                                   awarded_on=due.presentation)
                facts[member.pk].awards[due.milestone] = award
                awards.append(award)
    bulk_create_with_history(awards, BadgeAward, **history)
    return {"awards": len(awards), "interruptions": int(gap is not None), "illnesses": int(ill is not None),
            "next": upcoming}


def _first(members, where, test, used):
    """The first member (earliest admitted) at the places `where` tries, in order, that passes `test`."""
    for place in where:
        for member in members:
            if member.pk not in used and member.status == Status.FULL and member.user_id is None \
                    and place(member) and test(member):
                used.add(member.pk)
                return member
    return None


def _interruption(members, chibo_org, home, upcoming, used) -> Interruption | None:
    """A member past 30 years whose membership was interrupted for just long enough that their 30 years fall on the
    next presentation date: the demo secretary's cell first, then the demo committee, then anywhere."""
    places = [lambda m: m.organization_id == chibo_org, lambda m: m.organization_id in home, lambda m: True]
    # at most five years short, so the interruption stays a plausible one
    member = _first(members, places, lambda m: add_months(upcoming, -12 * 35) < add_months(m.admitted_on, 360)
                    < upcoming, used)
    if member is None:
        return None
    short = upcoming - add_months(member.admitted_on, 360)
    starts = add_months(member.admitted_on, 12 * 5)
    gap = Interruption(member=member, starts_on=starts, ends_on=starts + short,
                       reason="Bị xóa tên, được kết nạp lại", decision_number="15-QĐ/ĐU")
    assert reached_on(member.admitted_on, [(gap.starts_on, gap.ends_on)], 360) == upcoming
    return gap


def _illness(members, home, upcoming, rules, certified, used) -> Illness | None:
    """A member who reaches a milestone within the illness margin after the next date, certified seriously ill
    since the last presentation date: due early on the next date."""
    def within(member):
        return any(upcoming < add_months(member.admitted_on, 12 * n) <= add_months(upcoming, rules.illness_months(n))
                   for n in rules.milestones)

    member = _first(members, [lambda m: m.organization_id in home, lambda m: True], within, used)
    if member is None:
        return None
    return Illness(member=member, certified_on=certified, reason="Ung thư giai đoạn cuối",
                   evidence="Giấy xác nhận của Bệnh viện Đa khoa tỉnh Vĩnh Phúc")
