"""core.locks.serialize: a second transaction passing the same key waits until the first ends (PostgreSQL's advisory
lock; SQLite's transactions hold the write lock from their start, so there is nothing to wait for there)."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from core.locks import serialize


@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                    reason="two transactions at once need PostgreSQL (the test's SQLite database is one connection)")
def test_a_second_transaction_waits_for_the_first_to_end(db):
    held, release = threading.Event(), threading.Event()
    order, errors = [], []

    def first():
        try:
            with transaction.atomic():
                serialize("test:one-address")
                held.set()
                release.wait(10)
                order.append("first ends")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    def second(key):
        try:
            held.wait(10)
            with transaction.atomic():
                serialize(key)
                order.append(f"{key} passes")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second, args=("test:one-address",)),
               threading.Thread(target=second, args=("test:another-address",))]
    for thread in threads:
        thread.start()
    held.wait(10)
    time.sleep(0.5)  # long enough for a second transaction that is not held back to pass
    order.append("released")
    release.set()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert order == ["test:another-address passes", "released", "first ends", "test:one-address passes"]

