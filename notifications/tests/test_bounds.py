"""Bounded input on the notifications side: the note of a settings change (kept as the history reason), and the day
the reminders command is asked to remind of. Each refused on its field (or named in the command's error), never a
crash, nothing written."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.testing.pages import doc
from notifications.models import NotificationSettings

pytestmark = pytest.mark.django_db
URL = reverse("notifications:settings")
MIB = 1024 * 1024


@pytest.mark.parametrize("length, refused", [(300, False), (301, True), (MIB, True)])
def test_the_note_is_bounded_on_its_field(client_for, user_chibo, length, refused):
    client = client_for(user_chibo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(URL, {"notices": "on", "delivery": "immediate", "language": "vi", "reason": "a" * length})
    if not refused:
        assert response.status_code == 302
        assert NotificationSettings.objects.get(user=user_chibo).history.first().history_change_reason == "a" * 300
        return
    assert response.status_code == 200
    feedback = doc(response).xpath('//*[@id="id_reason_error"]')
    assert feedback and "at most 300 characters" in feedback[0].text_content()
    assert not NotificationSettings.objects.filter(user=user_chibo).exists()


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/9999", "02/02/1930", "29/02/2025", "abc"])
def test_the_reminders_day_is_bounded(day):
    with pytest.raises(CommandError, match="--date"):
        call_command("send_reminders", "--date", day, "--dry-run")


def test_a_day_within_the_bounds_runs(capsys):
    call_command("send_reminders", "--date", "03/02/1930", "--dry-run")
    assert "03/02/1930" in capsys.readouterr().out
