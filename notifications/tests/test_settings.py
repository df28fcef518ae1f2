"""Each user's notification settings: the page (from the user menu) shows where e-mails go and saves through the
service, with history (who, when, why); the service refuses someone else's settings and values it does not know,
writing nothing; e-mail settings from the environment (EMAIL_URL) are read as the README says."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.testing.pages import doc, form_errors, text
from notifications import services
from notifications.models import NotificationSettings, SentNotification
from notifications.tests.cases import snapshot

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def values(user) -> dict:
    prefs = NotificationSettings.objects.get(user=user)
    return {f: getattr(prefs, f) for f in services.FIELDS}


def test_the_page_saves_the_settings_with_history(client_for, user_dangvien):
    user_dangvien.email = "hung.tv@example.vn"
    user_dangvien.save()
    client = client_for(user_dangvien)
    url = reverse("notifications:settings")
    page = client.get(url)
    assert page.status_code == 200
    assert "hung.tv@example.vn" in doc(page).xpath('string(//*[@id="mail-address"])')
    # the defaults: everything on, a daily digest, Vietnamese
    assert doc(page).xpath('//input[@name="notices"]/@checked') and doc(page).xpath('//input[@name="overdue"]/@checked')
    response = client.post(url, {"notices": "on", "overdue": "on", "delivery": "immediate", "language": "en",
                                 "reason": "Chỉ nhận việc quá hạn"})
    assert response.status_code == 302 and response["Location"] == url
    assert values(user_dangvien) == {"notices": True, "deadlines": False, "overdue": True, "delivery": "immediate",
                                     "language": "en"}
    client.post(url, {"delivery": "digest", "language": "vi"})
    prefs = NotificationSettings.objects.get(user=user_dangvien)
    rows = list(prefs.history.order_by("history_date", "history_id"))
    assert [r.history_user for r in rows] == [user_dangvien, user_dangvien]
    assert rows[0].history_change_reason == "Chỉ nhận việc quá hạn" and rows[1].history_change_reason
    assert not prefs.notices and not prefs.overdue
    page = client.get(url)
    assert len(doc(page).xpath('//*[@id="history"]//div[contains(@class, "history-entry")]')) == 2
    assert "Chỉ nhận việc quá hạn" in text(page)


def test_saving_the_same_values_writes_no_history(client_for, user_chibo):
    client = client_for(user_chibo)
    data = {"notices": "on", "deadlines": "on", "overdue": "on", "delivery": "digest", "language": "vi"}
    client.post(reverse("notifications:settings"), data)
    client.post(reverse("notifications:settings"), data)
    assert NotificationSettings.history.filter(user=user_chibo).count() == 1


def test_a_value_the_page_does_not_offer_is_refused_on_its_field(client_for, user_chibo):
    before = snapshot()
    response = client_for(user_chibo).post(reverse("notifications:settings"), {"delivery": "sms", "language": "vi"})
    assert response.status_code == 200 and form_errors(response)
    assert snapshot() == before


def test_the_page_says_when_there_is_no_address(client_for, user_khoi):
    page = client_for(user_khoi).get(reverse("notifications:settings"))
    assert doc(page).xpath('//*[@id="mail-address"]//span[contains(@class, "text-danger")]')


def test_the_page_lists_the_last_emails_sent(client_for, user_khoi):
    for day in (1, 2):
        SentNotification.objects.create(user=user_khoi, kind="digest", day=f"2026-01-0{day}", address="k@example.vn",
                                        subject=f"Nhắc việc 0{day}/01/2026")
    for key in ("remedy:1:overdue", "remedy:2:overdue"):  # one e-mail of two items: one line
        SentNotification.objects.create(user=user_khoi, kind="item", key=key, day="2026-01-03",
                                        address="k@example.vn", subject="Việc mới 03/01/2026")
    page = client_for(user_khoi).get(reverse("notifications:settings"))
    lines = doc(page).xpath('//*[@id="sent"]//li[@data-kind]')
    assert len(lines) == 3


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("notifications:settings"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_service_refuses_someone_elses_settings(user_chibo, user_coso, user_admin):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.notification_settings_update(actor=user_coso, user=user_chibo, notices=False, deadlines=True,
                                              overdue=True, delivery="digest", language="vi")
    with pytest.raises(ValidationError) as refused:
        services.notification_settings_update(actor=user_chibo, user=user_chibo, notices=False, deadlines=True,
                                              overdue=True, delivery="sms", language="vi")
    assert "delivery" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.notification_settings_update(actor=user_chibo, user=user_chibo, notices=False, deadlines=True,
                                              overdue=True, delivery="digest", language="fr")
    assert "language" in refused.value.error_dict
    assert snapshot() == before
    user_admin.is_superuser = True  # the administrator may change anyone's (from /admin/, later)
    services.notification_settings_update(actor=user_admin, user=user_chibo, notices=False, deadlines=True,
                                          overdue=True, delivery="digest", language="vi", reason="Theo đề nghị")
    assert NotificationSettings.history.get(user=user_chibo).history_user == user_admin


SHOW = ("import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
        "for k in ('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
        "'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'DEFAULT_FROM_EMAIL', 'EMAIL_FILE_PATH')}))")


def mail_settings(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_") and k != "DEFAULT_FROM_EMAIL"}
    result = subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**clean, "DJANGO_SETTINGS_MODULE": "dangbo.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_email_settings_from_the_environment():
    default = mail_settings()
    assert default["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
    assert default["EMAIL_FILE_PATH"] == str(ROOT / "var" / "mail")
    url = mail_settings(EMAIL_URL="smtp://van.thu%40dangbo.vn:m%E1%BA%ADt@mail.dangbo.vn?from=Dang+bo+%3Cvt@dangbo.vn%3E")
    assert url["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (url["EMAIL_HOST"], url["EMAIL_PORT"], url["EMAIL_USE_TLS"], url["EMAIL_USE_SSL"]) == (
        "mail.dangbo.vn", 587, True, False)
    assert (url["EMAIL_HOST_USER"], url["EMAIL_HOST_PASSWORD"]) == ("van.thu@dangbo.vn", "mật")
    assert url["DEFAULT_FROM_EMAIL"] == "Dang bo <vt@dangbo.vn>"
    ssl = mail_settings(EMAIL_URL="smtps://mail.dangbo.vn")
    assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_TLS"], ssl["EMAIL_USE_SSL"]) == (465, False, True)
    host = mail_settings(EMAIL_HOST="relay.local", EMAIL_PORT="25", DEFAULT_FROM_EMAIL="dangbo@relay.local")
    assert host["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (host["EMAIL_PORT"], host["EMAIL_USE_TLS"], host["DEFAULT_FROM_EMAIL"]) == (25, False, "dangbo@relay.local")
    assert mail_settings(EMAIL_URL="console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
