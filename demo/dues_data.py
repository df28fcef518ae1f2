"""Demo party dues: every active member's basis (a salary with social insurance, or a pension from 60) with its
raises, a few reliefs (hardship reductions, a social pension exemption), and every full month since `since` (the
last three months by default) collected in every cell, with a few members unpaid (most with a reason). This month is
under way: about half the cells have collected, the demo cell secretary's not yet; in that cell one member has paid
nothing for the last three months, so the cell's to-do lists them.

Each cell remitted its full months upward, keeping its share (rule dues_kept_percent); the level above confirmed
them and remitted in turn once all its subordinates' had reached it. The last full month is only partly confirmed:
the demo grassroots committee has its cells' remittances to confirm.

Dues are reckoned with the same rule data and function the sheet uses (dues.reckoning). Every draw comes from its
own `random.Random(f"dangbo-demo-dues-{seed}")`, so the rest of the demo is unchanged. Bulk-inserted with one history
row each (the payments and remittances through core.bulk's executemany).
"""

import datetime
import random

from simple_history.utils import bulk_create_with_history

from core.bulk import insert_with_history
from core.dates import add_months
from dues.levels import kept_percent, split
from dues.models import Category, DuesBasis, Payment, Relief, Remittance
from dues.reckoning import reckon
from members.choices import ACTIVE_STATUSES
from members.models import Member
from rules.codes import DUES_REDUCTION_PERCENTS
from rules.selectors import RuleBook

D = datetime.date
BASIS_FROM = D(2025, 1, 1)
MONTHS = 3  # full months collected before this one
FLUSH = 50_000  # payments written at a time


def load_dues(*, seed: int, today: D, admin, change_reason: str, batch_size: int = 2000,
              chibo_org: int | None = None, coso_org: int | None = None, since: D | None = None) -> dict:
    rng = random.Random(f"dangbo-demo-dues-{seed}")
    this_month = today.replace(day=1)
    recent = [add_months(this_month, -n) for n in range(MONTHS, 0, -1)]
    first = min(since.replace(day=1), recent[0]) if since else recent[0]
    months = []
    while (month := add_months(first, len(months))) < this_month:
        months.append(month)
    members = list(Member.objects.filter(status__in=ACTIVE_STATUSES, organization__isnull=False)
                   .order_by("organization_id", "name_sort", "id")
                   .only("id", "organization_id", "date_of_birth", "admitted_on"))
    percents = [int(p) for p in RuleBook().value(DUES_REDUCTION_PERCENTS, on=recent[0])]
    bases: dict[int, list[DuesBasis]] = {}
    reliefs = {}
    for m in members:
        age = (today - m.date_of_birth).days // 365 if m.date_of_birth else 40
        category = Category.PENSION if age >= 60 else Category.SALARY
        amount = rng.randrange(400, 900) * 10_000 if age >= 60 else rng.randrange(500, 2_000) * 10_000
        bases[m.pk] = _basis_history(m, category, amount, first=first)
        draw = rng.random()
        if draw < 0.004:
            reliefs[m.pk] = Relief(member=m, kind=Relief.Kind.REDUCTION, percent=rng.choice(percents),
                                   ground=Relief.Ground.HARDSHIP, starts_on=recent[0],
                                   ends_on=add_months(recent[0], 11), decision_number=f"{len(reliefs) + 1:02d}-QĐ/CB",
                                   decided_on=recent[0] - datetime.timedelta(days=5))
        elif draw < 0.006:
            reliefs[m.pk] = Relief(member=m, kind=Relief.Kind.EXEMPT, ground=Relief.Ground.SOCIAL_PENSION,
                                   starts_on=BASIS_FROM, ends_on=None, decision_number=f"{len(reliefs) + 1:02d}-QĐ/CB",
                                   decided_on=BASIS_FROM - datetime.timedelta(days=10))
    history = {"batch_size": batch_size, "default_user": admin, "default_change_reason": change_reason}
    # the bulk of the rows (core.bulk: one executemany per batch, with their history rows)
    fast = {"user_id": admin.pk if admin else None, "reason": change_reason, "batch_size": batch_size * 5}
    bulk_create_with_history([b for rows in bases.values() for b in rows], DuesBasis, **history)
    bulk_create_with_history(list(reliefs.values()), Relief, **history)

    book = RuleBook()
    by_cell: dict[int, list[Member]] = {}
    for m in members:
        by_cell.setdefault(m.organization_id, []).append(m)
    # the demo secretary's cell: its first member without a relief has paid nothing for the last three months
    behind = next((m.pk for m in by_cell.get(chibo_org, []) if m.pk not in reliefs), None)
    payments, written = [], 0
    collected: dict[tuple[int, D], int] = {}  # (cell, month): paid + voluntary, for the remittances
    voluntary: dict[tuple[int, D], int] = {}
    for cell, cell_members in by_cell.items():
        cell_months = [*months]
        if cell != chibo_org and rng.random() < 0.5:
            cell_months.append(this_month)
        for month in cell_months:
            day = month + datetime.timedelta(days=rng.randrange(3, 20))
            if day > today:
                day = today
            for m in cell_members:
                if m.admitted_on and m.admitted_on > add_months(month, 1):
                    continue
                due = reckon(m, month, bases=bases[m.pk], reliefs=[reliefs[m.pk]] if m.pk in reliefs else [],
                             book=book)
                draw = rng.random()
                stopped = m.pk == behind and month >= recent[0]
                unpaid = stopped or draw < 0.01
                excuse = "" if stopped or draw < 0.004 else ("Đi công tác dài ngày" if unpaid else "")
                paid = 0 if unpaid else due.amount
                extra = rng.randrange(1, 6) * 10_000 if not unpaid and draw > 0.97 else 0
                payments.append(Payment(
                    member=m, organization_id=cell, month=month, due=due.amount, paid=paid, extra=extra,
                    paid_on=None if unpaid else day, channel="" if unpaid else rng.choice(["cash", "cash", "portal"]),
                    excuse=excuse, recorded_by=admin))
                collected[(cell, month)] = collected.get((cell, month), 0) + paid + extra
                voluntary[(cell, month)] = voluntary.get((cell, month), 0) + extra
        if len(payments) >= FLUSH:  # written as they come: years of a bloc's payments are not held in memory
            insert_with_history(Payment, payments, **fast)
            written, payments = written + len(payments), []
    insert_with_history(Payment, payments, **fast)
    written += len(payments)
    remittances = _remittances(collected, voluntary, months, rng=rng, admin=admin, today=today,
                               unconfirmed_to=coso_org, book=book)
    insert_with_history(Remittance, remittances, **fast)
    return {"bases": len(bases), "reliefs": len(reliefs), "payments": written, "remittances": len(remittances)}


# the share of today's amount a member's basis stood at from each date (the base salary rose in 07/2023, and the
# demo's bases were renewed in 2025)
BASIS_STEPS = ((D(1930, 2, 3), 0.75), (D(2023, 7, 1), 0.9), (BASIS_FROM, 1.0))


def _basis_history(member, category, amount: int, *, first: D) -> list[DuesBasis]:
    """The member's bases, newest first, from the first month collected (or their admission, if later)."""
    start = max(first, member.admitted_on.replace(day=1)) if member.admitted_on else first
    rows = []
    for (since, share), (until, _) in zip(BASIS_STEPS, (*BASIS_STEPS[1:], (D(9999, 1, 1), 0)), strict=True):
        if until > start:
            rows.append(DuesBasis(member=member, category=category, starts_on=max(start, since),
                                  amount=int(round(amount * share, -4))))
    return rows[::-1]


def _remittances(collected: dict, voluntary: dict, months: list[D], *, rng, admin, today: D, unconfirmed_to,
                 book: RuleBook) -> list[Remittance]:
    """Bottom-up, month by month: what reached each organisation (its cells' payments, its subordinates' confirmed
    remittances) less its share, sent to its parent; an organisation remits once all its subordinates' reached it."""
    from organizations.models import Organization

    orgs = {o.pk: o for o in Organization.objects.select_related("kind").only(
        "id", "parent_id", "status", "kind__tier", "kind__holds_members")}

    def depth(pk):
        n = 0
        while orgs[pk].parent_id:
            pk, n = orgs[pk].parent_id, n + 1
        return n

    senders = sorted({org for org, _ in collected}, key=depth, reverse=True)
    out = []
    for month in months:
        last = month == months[-1]
        reached = {org: collected.get((org, month), 0) for org in senders}
        complete: dict[int, bool] = {}
        order = sorted(set(reached), key=depth, reverse=True)
        while order:
            org = order.pop(0)
            parent = orgs[org].parent_id
            if not reached.get(org):
                continue  # nothing reached it (a cell without members)
            if not complete.get(org, True):
                if parent:
                    complete[parent] = False
                continue
            percent = kept_percent(orgs[org], month, book=book)
            kept, remitted = split(reached[org], percent)
            sent_on = min(month.replace(day=28) + datetime.timedelta(days=rng.randrange(4, 12)), today)
            confirmed = parent is not None and not (last and (parent == unconfirmed_to or rng.random() < 0.3))
            out.append(Remittance(
                organization_id=org, recipient_id=parent, month=month, received=reached[org],
                voluntary=min(voluntary.get((org, month), 0), reached[org]), kept_percent=percent, kept=kept,
                remitted=remitted, remitted_on=sent_on, channel=rng.choice(["portal", "portal", "bank"]),
                recorded_by=admin, confirmed_on=sent_on + datetime.timedelta(days=2) if confirmed else None,
                confirmed_by=admin if confirmed else None))
            if parent is None:
                continue
            if parent not in reached:
                reached[parent] = 0
                order.append(parent)
                order.sort(key=depth, reverse=True)
            if confirmed:
                reached[parent] += remitted
            else:
                complete[parent] = False
    return out
