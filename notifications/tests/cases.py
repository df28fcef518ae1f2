"""The notification pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

The settings page is every logged-in user's own (no object in the URL, no scope action): everyone opens it, and
what one saves is their own settings only. Its query count is measured with e-mails sent and settings changed
many times (grow).
"""

import datetime

from django.urls import reverse

from core.testing import EVERYONE, QueryCase, ScopeCase
from core.testing.pages import doc


def snapshot() -> dict:
    from notifications.models import NotificationSettings, SentNotification

    return {
        "settings": list(NotificationSettings.objects.order_by("pk").values_list(
            "pk", "user_id", "notices", "deadlines", "overdue", "delivery", "language")),
        "settings_history": NotificationSettings.history.count(),
        "sent": list(SentNotification.objects.order_by("pk").values_list("pk", "user_id", "kind", "key", "day")),
    }


def settings_payload(w, place):
    return {"notices": "on", "overdue": "on", "delivery": "immediate", "language": "vi", "reason": "Thử"}


SCOPE_CASES = [
    ScopeCase("notifications:settings", EVERYONE, payload=settings_payload),
]


def grow(w, factor: int) -> None:
    """`factor` slices, each: for khoi and coso a digest sent on a day of their own and an e-mail of three new items,
    and their settings changed twice (history rows)."""
    from notifications import services
    from notifications.models import SentNotification

    n = w.__dict__.setdefault("notifications_grown", {"n": 0})
    for _ in range(factor):
        n["n"] += 1
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=n["n"])
        for name in ("khoi", "coso"):
            user = w.users[name]
            SentNotification.objects.create(user=user, kind="digest", key="", day=day, address=f"{name}@example.vn",
                                             subject=f"Nhắc việc {day:%d/%m/%Y}")
            for i in range(3):
                SentNotification.objects.create(user=user, kind="item", key=f"remedy:{n['n']}{i}:overdue", day=day,
                                                address=f"{name}@example.vn", subject=f"Việc mới {day:%d/%m/%Y}")
            for delivery in ("immediate", "digest"):
                services.notification_settings_update(actor=user, user=user, notices=True, deadlines=True,
                                                      overdue=bool(n["n"] % 2), delivery=delivery, language="vi")


def sent_rows(response) -> list:
    return doc(response).xpath('//*[@id="sent"]//li[@data-kind]')


QUERY_CASES = [
    QueryCase("notifications_settings", lambda w: reverse("notifications:settings"), 9, rows=sent_rows),
]
