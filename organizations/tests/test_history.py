"""An organisation's history: who changed what, when and why (core.history over its audit rows)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import override

from core.history import history_entries, stamp

pytestmark = pytest.mark.django_db


def test_stamp_sets_actor_and_reason(actor):
    from organizations.models import Organization

    org = Organization()
    stamp(org, actor=actor, reason="Sửa theo Quyết định 12")
    assert org._history_user == actor
    assert org._change_reason == "Sửa theo Quyết định 12"


def test_stamp_ignores_anonymous_actor():
    from organizations.models import Organization

    org = Organization()
    stamp(org, actor=AnonymousUser(), reason="")
    assert org._history_user is None
    assert org._change_reason == ""


def test_history_entries_newest_first_with_changes_user_and_reason(actor, gc_a):
    from organizations.services import organization_rename

    organization_rename(actor=actor, organization=gc_a, new_name="Đảng bộ Sở Tài chính – Kế hoạch",
                        effective_on=datetime.date(2025, 3, 1), decision_number="125-QĐ/ĐUK",
                        reason="Hợp nhất hai sở")
    with override("en"):
        entries = history_entries(gc_a)
    assert len(entries) == 2
    newest, created = entries
    assert newest.kind == "Changed" and created.kind == "Created"
    assert newest.user == actor and newest.reason == "Hợp nhất hai sở"
    changed = {c.field: (c.old, c.new) for c in newest.changes}
    assert changed == {"name": ("Đảng bộ Sở Tài chính", "Đảng bộ Sở Tài chính – Kế hoạch")}
    created_fields = {c.field: c.new for c in created.changes}
    assert created_fields["established on"] == "01/01/2015"
    assert created_fields["parent organisation"] == "Đảng bộ Khối Các cơ quan tỉnh"
    assert "name_sort" not in created_fields and "name_search" not in created_fields


