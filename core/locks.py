"""One transaction at a time past a named point: a check-then-write that a row lock cannot guard (no row exists yet:
a reader's comments from one address, counted before the next is written)."""

from django.db import connection, transaction


def serialize(key: str) -> None:
    """Until the caller's transaction ends, no other transaction passes serialize(key). PostgreSQL: a transaction
    advisory lock on the key's 64-bit hash. SQLite needs none: each transaction starts holding the database's write
    lock (settings: transaction_mode IMMEDIATE)."""
    assert transaction.get_connection().in_atomic_block, "serialize() holds until the caller's transaction ends"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
