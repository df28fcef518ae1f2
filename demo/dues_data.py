"""Demo party dues: every active member's basis (a salary with social insurance, or a pension from 60), a few
reliefs (hardship reductions, a social pension exemption), and the last three months collected in every cell, with
a few members unpaid (most with a reason). This month is under way: about half the cells have collected, the demo
cell secretary's not yet; in that cell one member has paid nothing for three months, so the cell's to-do lists them.

Dues are reckoned with the same rule data and function the sheet uses (dues.reckoning). Every draw comes from its
own `random.Random(f"dangbo-demo-dues-{seed}")`, so the rest of the demo is unchanged. Bulk-inserted with one history
row each.
"""

import datetime
import random

from simple_history.utils import bulk_create_with_history

from core.dates import add_months
from dues.models import Category, DuesBasis, Payment, Relief
from dues.reckoning import reckon
from members.choices import ACTIVE_STATUSES
from members.models import Member
from rules.codes import DUES_REDUCTION_PERCENTS
from rules.selectors import RuleBook

D = datetime.date
BASIS_FROM = D(2025, 1, 1)
MONTHS = 3  # full months collected before this one


def load_dues(*, seed: int, today: D, admin, change_reason: str, batch_size: int = 2000,
              chibo_org: int | None = None) -> dict:
    rng = random.Random(f"dangbo-demo-dues-{seed}")
    this_month = today.replace(day=1)
    months = [add_months(this_month, -n) for n in range(MONTHS, 0, -1)]
    members = list(Member.objects.filter(status__in=ACTIVE_STATUSES, organization__isnull=False)
                   .order_by("organization_id", "name_sort", "id")
                   .only("id", "organization_id", "date_of_birth", "admitted_on"))
    percents = [int(p) for p in RuleBook().value(DUES_REDUCTION_PERCENTS, on=months[0])]
    bases, reliefs = {}, {}
    for m in members:
        age = (today - m.date_of_birth).days // 365 if m.date_of_birth else 40
        if age >= 60:
            bases[m.pk] = DuesBasis(member=m, category=Category.PENSION, starts_on=BASIS_FROM,
                                    amount=rng.randrange(400, 900) * 10_000)
        else:
            bases[m.pk] = DuesBasis(member=m, category=Category.SALARY, starts_on=BASIS_FROM,
                                    amount=rng.randrange(500, 2_000) * 10_000)
        draw = rng.random()
        if draw < 0.004:
            reliefs[m.pk] = Relief(member=m, kind=Relief.Kind.REDUCTION, percent=rng.choice(percents),
                                   ground=Relief.Ground.HARDSHIP, starts_on=months[0],
                                   ends_on=add_months(months[0], 11), decision_number=f"{len(reliefs) + 1:02d}-QĐ/CB",
                                   decided_on=months[0] - datetime.timedelta(days=5))
        elif draw < 0.006:
            reliefs[m.pk] = Relief(member=m, kind=Relief.Kind.EXEMPT, ground=Relief.Ground.SOCIAL_PENSION,
                                   starts_on=BASIS_FROM, ends_on=None, decision_number=f"{len(reliefs) + 1:02d}-QĐ/CB",
                                   decided_on=BASIS_FROM - datetime.timedelta(days=10))
    history = {"batch_size": batch_size, "default_user": admin, "default_change_reason": change_reason}
    bulk_create_with_history(list(bases.values()), DuesBasis, **history)
    bulk_create_with_history(list(reliefs.values()), Relief, **history)

    book = RuleBook()
    by_cell: dict[int, list[Member]] = {}
    for m in members:
        by_cell.setdefault(m.organization_id, []).append(m)
    # the demo secretary's cell: its first member without a relief has paid nothing for the three months
    behind = next((m.pk for m in by_cell.get(chibo_org, []) if m.pk not in reliefs), None)
    payments = []
    for cell, cell_members in by_cell.items():
        collected = [*months]
        if cell != chibo_org and rng.random() < 0.5:
            collected.append(this_month)
        for month in collected:
            day = month + datetime.timedelta(days=rng.randrange(3, 20))
            if day > today:
                day = today
            for m in cell_members:
                if m.admitted_on and m.admitted_on > add_months(month, 1):
                    continue
                due = reckon(m, month, bases=[bases[m.pk]], reliefs=[reliefs[m.pk]] if m.pk in reliefs else [],
                             book=book)
                draw = rng.random()
                unpaid = m.pk == behind or draw < 0.01
                excuse = "" if m.pk == behind or draw < 0.004 else ("Đi công tác dài ngày" if unpaid else "")
                paid = 0 if unpaid else due.amount
                payments.append(Payment(
                    member=m, organization_id=cell, month=month, due=due.amount, paid=paid,
                    extra=(rng.randrange(1, 6) * 10_000 if not unpaid and draw > 0.97 else 0),
                    paid_on=None if unpaid else day, channel="" if unpaid else rng.choice(["cash", "cash", "portal"]),
                    excuse=excuse, recorded_by=admin))
    bulk_create_with_history(payments, Payment, **history)
    return {"bases": len(bases), "reliefs": len(reliefs), "payments": len(payments)}
