"""The security log in /admin/: read only."""

import pytest
from django.urls import reverse

from audit.models import SecurityEvent
from core import security

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_searches_but_never_edits(client_for, django_user_model):
    root = django_user_model.objects.create_superuser("goc", password="Matkhau-2025!")
    client = client_for(root)
    security.security_event(security.LOGIN_FAILED, detail="khoi")
    event = SecurityEvent.objects.latest("id")
    url = reverse("admin:audit_securityevent_changelist")
    for term in ("goc", "Đ", "'", "abc123"):
        assert client.get(url, {"q": term}).status_code == 200
    assert client.get(reverse("admin:audit_securityevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:audit_securityevent_add")).status_code == 403
    assert client.get(reverse("admin:audit_securityevent_delete", args=[event.pk])).status_code == 403
    assert client.post(reverse("admin:audit_securityevent_change", args=[event.pk]),
                       {"detail": "sửa"}).status_code == 403
    assert SecurityEvent.objects.get(pk=event.pk).detail == "khoi"
