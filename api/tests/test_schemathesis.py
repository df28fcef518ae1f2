"""Schemathesis (property-based, from the published schema) against the live API in this process (WSGI, the test
database): every operation, a few generated requests each, bounded in examples and in time. No answer may be a server
error; every answer must conform to the schema (status, content type, body). The requests go through a read-write
token of the Bloc's standing committee, so writes reach the services (and are refused or applied as they would be)."""

import datetime
import time

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

MAX_EXAMPLES = 8  # generated requests per operation
TIME_BOUND = 240  # seconds for the whole run: an operation not reached by then fails the test


def test_every_operation_answers_within_its_schema_and_never_500(world, user_khoi, actor):
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from api import services
    from meetings.tests.cases import hold

    hold(actor, world.cell_a1, timezone.localdate() - datetime.timedelta(days=2))
    _token, text = services.api_token_create(actor=user_khoi, name="Schemathesis", access="read_write",
                                             expires_on=timezone.localdate() + datetime.timedelta(days=2))
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    headers = {"Authorization": f"Bearer {text}"}
    # As Django's test client does: the end of each request must not close the test's connection (its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        tested = run(schema, checks, headers)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert len(tested) >= 16, tested


def run(schema, checks, headers) -> list[str]:
    from hypothesis import HealthCheck, Phase, given, settings

    started = time.monotonic()
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        assert time.monotonic() - started < TIME_BOUND, f"time bound reached before {operation.label}"

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def check(case):
            case.headers = {**(case.headers or {}), **headers}
            if case.method.upper() != "GET" and "If-Match" not in case.headers:
                case.headers["If-Match"] = '"1"'
            response = case.call()
            case.validate_response(response, checks=checks)

        check()
        tested.append(operation.label)
    return tested
