import pytest


@pytest.fixture
def admin_client(client_for, user_admin):
    return client_for(user_admin)


@pytest.fixture
def events():
    """events(**filters) -> the stored security events, oldest first."""
    from audit.models import SecurityEvent

    def _events(**filters):
        return list(SecurityEvent.objects.filter(**filters).order_by("when", "id"))

    return _events


@pytest.fixture
def request_ends():
    """request_ends(close=None): what the end of a request does (request_finished; `close`, a response's close(),
    sends it), without closing the test's database connection, as the test client does."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    def _end(close=None):
        request_finished.disconnect(close_old_connections)
        try:
            (close or (lambda: request_finished.send(sender=None)))()
        finally:
            request_finished.connect(close_old_connections)

    return _end
