"""No lost updates on a user's notification settings (core.versions): the same person in two browsers (or a tab left
open) — the second save, made from what was read before the first one, is refused with what changed, keeps what was
typed and writes nothing; sent again, having looked, it saves."""

import pytest
from django.urls import reverse

from core.testing.pages import english, form_errors, form_values
from notifications.models import NotificationSettings

pytestmark = pytest.mark.django_db
URL = reverse("notifications:settings")


def stored(user) -> dict:
    prefs = NotificationSettings.objects.get(user=user)
    return {"notices": prefs.notices, "deadlines": prefs.deadlines, "overdue": prefs.overdue,
            "delivery": prefs.delivery, "language": prefs.language, "revision": prefs.revision}


def test_a_stale_settings_edit_is_refused_then_saved_on_purpose(client_for, user_chibo):
    english(client_for(user_chibo)).post(URL, {"notices": "on", "deadlines": "on", "overdue": "on",
                                               "delivery": "digest", "language": "vi", "reason": "Lần đầu"})
    first, second = english(client_for(user_chibo)), english(client_for(user_chibo))
    one, two = form_values(first.get(URL)), form_values(second.get(URL))
    assert one["revision"] == two["revision"] == str(stored(user_chibo)["revision"])

    one.pop("deadlines")
    one["reason"] = "Không nhận việc sắp đến hạn"
    assert first.post(URL, one).status_code == 302
    after_first = stored(user_chibo)
    assert after_first["deadlines"] is False

    two["delivery"] = "immediate"
    two["reason"] = "Nhận từng việc"
    response = second.post(URL, two)
    assert response.status_code == 200
    errors = " ".join(form_errors(response))
    assert "While you were editing" in errors and "Changed meanwhile" in errors, errors
    assert "deadlines coming by e-mail" in errors  # the field the first save changed
    kept = form_values(response)
    assert kept["delivery"] == "immediate" and kept["reason"] == "Nhận từng việc"
    assert kept["revision"] == str(after_first["revision"]) != two["revision"]
    assert stored(user_chibo) == after_first  # nothing written

    assert second.post(URL, kept).status_code == 302
    final = stored(user_chibo)
    assert final["delivery"] == "immediate" and final["deadlines"] is True  # the second saved over, on purpose
    assert final["revision"] == after_first["revision"] + 1


def test_the_administrator_and_the_user_do_not_overwrite_each_other(user_chibo, django_user_model):
    """The service itself refuses a revision that is not the stored one (the administrator may change anyone's)."""
    from core.versions import StaleEdit
    from notifications.services import notification_settings_update

    admin = django_user_model.objects.create_superuser("quan_tri_tb", password="x")
    values = {"notices": True, "deadlines": True, "overdue": True, "delivery": "digest", "language": "vi"}
    prefs = notification_settings_update(actor=user_chibo, user=user_chibo, **values)
    read = prefs.revision
    notification_settings_update(actor=admin, user=user_chibo, **{**values, "overdue": False}, revision=read)
    with pytest.raises(StaleEdit):
        notification_settings_update(actor=user_chibo, user=user_chibo, **{**values, "language": "en"}, revision=read)
    assert NotificationSettings.objects.get(user=user_chibo).language == "vi"
