"""Re-cut a rule's history by the documents that were in force, keeping its values (for data migrations).

A rule seeded as "one row from 1930 citing a 2021 regulation" names a document that did not exist for most of
its period. Re-cutting gives each period the document in force then; each new row keeps the value that was in
force on its first day, so no record is judged differently, only cited correctly. Used by migrations, so it works
on the historical model passed in and must stay stable.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Era:
    start: datetime.date
    end: datetime.date | None
    regulation: str
    unconfirmed: bool | None = None  # None: keep the flag of the row in force on `start`
    note: str | None = None  # None: keep the note of the row in force on `start`


def recut(Rule, code: str, eras: list[Era], *, value=None, label: str | None = None) -> None:
    """Replace the rows of `code` by one row per era. `value`, when given, maps an era's start date to the value
    to use instead of the one in force that day (a rule that changed at an era's start)."""
    rows = list(Rule.objects.filter(code=code).order_by("effective_from"))
    if not rows:
        raise LookupError(f"rule {code!r} is not seeded")

    def in_force(day):
        for row in reversed(rows):
            if row.effective_from <= day and (row.effective_to is None or row.effective_to > day):
                return row
        return rows[0]

    new = []
    for era in eras:
        row = in_force(era.start)
        new.append(Rule(
            code=code, label=label or row.label, unit=row.unit,
            value=(value or {}).get(era.start, row.value),
            regulation=era.regulation, effective_from=era.start, effective_to=era.end,
            unconfirmed=row.unconfirmed if era.unconfirmed is None else era.unconfirmed,
            note=row.note if era.note is None else era.note,
        ))
    Rule.objects.filter(code=code).delete()
    Rule.objects.bulk_create(new)
