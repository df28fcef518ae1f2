"""The numbering service: from 01 per body, kind and committee term, gap-free, never twice, restarting with a new
term; a congress's one series; a regulation numbered as a decision; concurrent issues on PostgreSQL."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from apparatus import services as apparatus
from core.testing.pages import assert_refused
from documents import services
from documents.models import Counter, Document, Issuer
from documents.tests.cases import snapshot

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


def issue(actor, org, kind="NQ", *, issuer="committee", on=None, **extra):
    values = dict(title="Về công tác xây dựng Đảng", signer_name="Nguyễn Văn Ký", signer_position="Bí thư")
    values.update(extra)
    return services.document_issue(actor=actor, organization=org, issuer=issuer, kind=kind, issued_on=on or TODAY,
                                   **values)


def test_numbers_from_01_per_body_and_kind(actor, world):
    gc_a = world.gc_a
    first, second, plan = issue(actor, gc_a), issue(actor, gc_a), issue(actor, gc_a, "KH")
    symbol = Issuer.objects.get(organization=gc_a, kind="committee").symbol
    assert [first.symbol, second.symbol, plan.symbol] == [f"01-NQ/{symbol}", f"02-NQ/{symbol}", f"01-KH/{symbol}"]
    assert (first.number, second.number, plan.number) == (1, 2, 1)
    # another organisation, the inspection committee: series of their own
    assert issue(actor, world.gc_b).number == 1
    inspection = issue(actor, gc_a, "QĐ", issuer="inspection_committee")
    assert inspection.symbol == f"01-QĐ/UBKT{symbol}"


def test_the_bodys_abbreviation_is_what_the_number_carries(actor, world):
    issuer = Issuer.objects.get(pk=issue(actor, world.bloc).issuer_id)
    issuer.symbol = "ĐUK"
    issuer.save()
    assert issue(actor, world.bloc, "KH").symbol == "01-KH/ĐUK"


def test_a_standing_committee_writing_the_committees_abbreviation_shares_its_series(actor, world):
    assert issue(actor, world.gc_a).number == 1
    assert issue(actor, world.gc_a, issuer="standing_committee").number == 2
    standing = Issuer.objects.get(organization=world.gc_a, kind="standing_committee")
    standing.symbol = "BTVĐU"
    standing.save()
    assert issue(actor, world.gc_a, issuer="standing_committee").symbol == "01-NQ/BTVĐU"


def test_a_regulation_is_numbered_and_written_as_a_decision(actor, world):
    decision, regulation = issue(actor, world.gc_a, "QĐ"), issue(actor, world.gc_a, "QyĐ")
    assert regulation.symbol.startswith("02-QĐ/") and decision.number == 1


def test_a_congress_numbers_all_its_documents_in_one_series(actor, world):
    resolution = issue(actor, world.cell_a1, "NQ", issuer="congress")
    minutes = issue(actor, world.cell_a1, "BB", issuer="congress")
    assert (resolution.symbol, minutes.symbol) == ("01-NQ/ĐH", "02-BB/ĐH")
    assert issue(actor, world.cell_a1, "NQ").number == 1  # the cell's own series is apart


def test_numbering_restarts_with_a_new_term_and_an_old_date_stays_in_its_term(actor, world):
    org = world.gc_a
    old = apparatus.term_open(actor=actor, organization=org, label="2020–2025", congress_on=D(2020, 6, 1))
    assert issue(actor, org, on=D(2024, 3, 1)).number == 1
    assert issue(actor, org, on=D(2025, 3, 1)).number == 2
    new = apparatus.term_open(actor=actor, organization=org, label="2025–2030", congress_on=D(2025, 7, 10))
    renewed = issue(actor, org, on=D(2025, 8, 1))
    assert (renewed.number, renewed.term) == (1, new)
    late = issue(actor, org, on=D(2025, 7, 1))  # dated in the old term: its series goes on
    assert (late.number, late.term) == (3, old)


def test_without_a_term_the_series_is_the_calendar_years(actor, world):
    cell = world.cell_a3  # no term recorded
    assert issue(actor, cell, on=D(2025, 12, 30)).number == 1
    assert issue(actor, cell, on=D(2025, 12, 31)).number == 2
    assert issue(actor, cell, on=D(2026, 1, 2)).number == 1


def test_a_cancelled_number_is_not_given_again(actor, world):
    first = issue(actor, world.gc_a)
    services.document_cancel(actor=actor, document=first, reason="Ban hành nhầm")
    assert issue(actor, world.gc_a).number == 2
    assert Document.objects.filter(pk=first.pk, status="cancelled").exists()


def test_a_kind_the_body_may_not_issue_is_refused_on_the_field(actor, world):
    assert_refused(lambda: issue(actor, world.cell_a1, "HD"), snapshot=snapshot, field="kind")  # no guide from a cell
    assert_refused(lambda: issue(actor, world.gc_a, "XX"), snapshot=snapshot, field="kind")
    assert_refused(lambda: issue(actor, world.cell_a1, issuer="inspection_committee"), snapshot=snapshot,
                   field="issuer")
    assert_refused(lambda: issue(actor, world.gc_a, on=TODAY + datetime.timedelta(days=2)), snapshot=snapshot,
                   field="issued_on")
    assert_refused(lambda: issue(actor, world.gc_a, title="  "), snapshot=snapshot, field="title")
    assert_refused(lambda: issue(actor, world.gc_a, signer_name=""), snapshot=snapshot, field="signer_name")
    assert not Counter.objects.exists()


def test_the_unique_constraint_stands_behind_the_counter(actor, world):
    first = issue(actor, world.gc_a)
    twin = Document(organization=first.organization, direction="outgoing", kind="NQ", issuer=first.issuer,
                    number=first.number, series=first.series, symbol=first.symbol, issued_on=TODAY, title="Bản sao")
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


THREADS, EACH = 4, 5


# Skipped before its database is set up on SQLite: a committed test empties every table when it ends, the data the
# migrations seeded included (conftest.py here gives it back to the tests that follow, as jobs' tests do).
@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                    reason="threads writing at once need PostgreSQL (the test's SQLite database is one connection)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_get_every_number_once(actor, world):
    org = world.gc_a
    errors = []
    barrier = threading.Barrier(THREADS)

    def work():
        try:
            barrier.wait()
            for _ in range(EACH):
                issue(actor, org, "TB")
        except (ValidationError, IntegrityError, RuntimeError) as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    numbers = sorted(Document.objects.filter(organization=org, kind="TB").values_list("number", flat=True))
    assert numbers == list(range(1, THREADS * EACH + 1))
