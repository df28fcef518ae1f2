import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "worker: starts the Huey worker (manage.py run_huey) as a real process")


@pytest.fixture
def job_kinds():
    """The test job kinds (jobs.tests.job_kinds), registered."""
    from jobs.tests import job_kinds

    return job_kinds


@pytest.fixture(scope="module", autouse=True)
def _migrated_data_back(request, django_db_blocker):
    """A committed test (django_db(transaction=True)) ends by emptying every table, the data the migrations seeded
    included. Ours ask for it back before they start (serialized_rollback); the tests that follow them — the browser
    tests keep their own copy only once they find it there — get it back when this module's tests are done."""
    ran = request.config.stash.setdefault(_COMMITTED, set())
    yield
    if request.module.__name__ not in ran:
        return
    ran.discard(request.module.__name__)
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(contents)
        with connection.cursor() as cursor:  # PostgreSQL: the rows came back with their ids
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)


_COMMITTED = pytest.StashKey[set]()


@pytest.fixture(autouse=True)
def _note_committed_test(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.config.stash.setdefault(_COMMITTED, set()).add(request.module.__name__)
