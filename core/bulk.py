"""Insert many rows quickly: one parameterised `executemany` per batch instead of Django's bulk_create.

bulk_create (and simple-history's bulk_create_with_history) prepares every value through the field machinery, which
is most of the time of loading the demo's meetings or importing a province's member files. Here values are taken
from the instances' attributes and only dates, times and datetimes are adapted for the backend. No validation and no
signals: callers have validated every row with the services' own checks before.

Ids are reserved before the insert, so the instances get their pk back on every backend, even with other writers:
on PostgreSQL from the table's own sequence (`nextval` once per row, in one query); on SQLite inside the caller's
transaction, which holds the database's write lock from its start (`transaction_mode = IMMEDIATE`), so the maximum id
cannot move until it commits.
"""

import datetime

from django.db import connection, models, transaction
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
    if isinstance(field, models.JSONField):
        return lambda value, field=field: field.get_db_prep_save(value, connection)
    return None


def _executemany(table: str, columns: list[str], rows: list[tuple], batch_size: int) -> None:
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":  # COPY: one stream instead of a statement per row
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
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


def reserve_ids(model, count: int) -> list[int]:
    """`count` ids nobody else will take for `model`'s table (call it inside the transaction that inserts them)."""
    if count <= 0:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserve ids inside the transaction that inserts the rows")
    pk = model._meta.pk
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [model._meta.db_table, pk.column, count])
            return [row[0] for row in cursor.fetchall()]
    start = (model.objects.aggregate(top=Max(pk.attname))["top"] or 0) + 1
    return list(range(start, start + count))


def insert(model, objs: list, *, batch_size: int = 5000) -> None:
    """Insert `objs` (unsaved instances of `model`, every field set); sets their pk."""
    if not objs:
        return
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    fields = list(model._meta.concrete_fields)
    _executemany(model._meta.db_table, [f.column for f in fields], _rows(fields, objs), batch_size)


def insert_values(model, names: list[str], rows: list[tuple], *, batch_size: int = 5000) -> list[int]:
    """Insert rows given as tuples of the fields `names` (attnames); every other field takes its default (computed
    once: for tables whose other fields have constant defaults). Returns the new ids, in order."""
    if not rows:
        return []
    ids = reserve_ids(model, len(rows))
    pk = model._meta.pk
    given = set(names)
    others = [f for f in model._meta.concrete_fields if f.attname not in given and f is not pk]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    fields = {f.attname: f for f in model._meta.concrete_fields}
    adapters = [_adapter(fields[name]) for name in names]
    values = []
    for new_id, row in zip(ids, rows, strict=True):
        adapted = tuple(adapt(v) if adapt is not None and v is not None else v
                        for adapt, v in zip(adapters, row, strict=True))
        values.append((new_id, *adapted, *defaults))
    columns = [pk.column, *(fields[name].column for name in names), *(f.column for f in others)]
    _executemany(model._meta.db_table, columns, values, batch_size)
    return ids


def insert_with_history(model, objs: list, *, user_id: int | None, reason: str, batch_size: int = 5000,
                        when: datetime.datetime | None = None) -> None:
    """Insert `objs` and one "created" history row each (who, when, why); sets their pk."""
    if not objs:
        return
    insert(model, objs, batch_size=batch_size)
    history = model.history.model
    fields = list(model._meta.concrete_fields)
    own = [history._meta.get_field(f.name) for f in fields if _tracked(history, f)]
    stamp = connection.ops.adapt_datetimefield_value(when or timezone.now())
    rows = [row + (stamp, reason, "+", user_id) for row in _rows(own, objs)]
    columns = [f.column for f in own] + [history._meta.get_field(n).column for n in
                                         ("history_date", "history_change_reason", "history_type", "history_user")]
    _executemany(history._meta.db_table, columns, rows, batch_size)


def _tracked(history, field) -> bool:
    try:
        history._meta.get_field(field.name)
    except Exception:  # a field the history leaves out (excluded_fields)
        return False
    return True


def reset_sequences(*models_) -> None:
    """After rows were inserted with ids of our own outside the sequence (the demo): PostgreSQL's sequence catches up."""
    from django.core.management.color import no_style

    sql = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
