"""Insert many generated rows quickly: one parameterised `executemany` per batch instead of Django's bulk_create.

bulk_create (and simple-history's bulk_create_with_history) prepares every value through the field machinery;
for the tens of thousands of demo meetings that is most of the demo's load time. Here values are taken from the
instances' attributes and only dates, times and datetimes are adapted for the backend. Ids are assigned by us
(one query for the current maximum), so the instances get their pk back on every backend; the sequence is
reset afterwards where the backend has one (PostgreSQL).

For demo data only: no validation, no signals, a table nobody else is writing to.
"""

import datetime

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone


def _adapter(field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    return None


def _executemany(table: str, columns: list[str], rows: list[tuple], batch_size: int) -> None:
    qn = connection.ops.quote_name
    sql = f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            cursor.executemany(sql, rows[start:start + batch_size])


def _rows(fields, objs) -> list[tuple]:
    adapters = [(f.attname, _adapter(f)) for f in fields]
    rows = []
    for obj in objs:
        row = []
        for attname, adapt in adapters:
            value = getattr(obj, attname)
            row.append(adapt(value) if adapt is not None and value is not None else value)
        rows.append(tuple(row))
    return rows


def insert_with_history(model, objs: list, *, user_id: int | None, reason: str, batch_size: int = 10_000,
                        when: datetime.datetime | None = None) -> None:
    """Insert `objs` (unsaved instances of `model`) and one "created" history row each; sets their pk."""
    if not objs:
        return
    pk = model._meta.pk
    start = (model.objects.aggregate(top=Max(pk.attname))["top"] or 0) + 1
    for offset, obj in enumerate(objs):
        setattr(obj, pk.attname, start + offset)
    fields = [f for f in model._meta.concrete_fields]
    _executemany(model._meta.db_table, [f.column for f in fields], _rows(fields, objs), batch_size)

    history = model.history.model
    own = [history._meta.get_field(f.name) for f in fields]
    when = when or timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(when)
    rows = [row + (stamp, reason, "+", user_id) for row in _rows(own, objs)]
    columns = [f.column for f in own] + [history._meta.get_field(n).column for n in
                                         ("history_date", "history_change_reason", "history_type", "history_user")]
    _executemany(history._meta.db_table, columns, rows, batch_size)

    sql = connection.ops.sequence_reset_sql(no_style(), [model])
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
