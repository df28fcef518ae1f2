"""No lost updates on the rule data: two administrators edit the same rule in /admin/; the second save, made from
what was read before the first one, is refused with what changed, keeps what was typed, and saves when sent again."""

import pytest
from django.conf import settings

from core.testing.pages import doc, form_values
from rules.codes import Code
from rules.models import Rule

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The change form as the browser would send it back."""
    return form_values(response, '//form[@id="rule_form"]')


@pytest.fixture
def admins(client_for, django_user_model):
    first = django_user_model.objects.create_superuser("quan_tri_1", password="x")
    second = django_user_model.objects.create_superuser("quan_tri_2", password="x")
    clients = client_for(first), client_for(second)
    for client in clients:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are asserted in English
    return clients


def test_a_stale_rule_edit_is_refused_then_saved_on_purpose(admins):
    first, second = admins
    rule = Rule.objects.get(code=Code.DATES_YEARS_AHEAD)
    url = f"/admin/rules/rule/{rule.pk}/change/"
    one = form_data(first.get(url))
    two = form_data(second.get(url))
    assert one["read_revision"] == two["read_revision"] == str(rule.revision)

    one["value"] = "12"
    assert first.post(url, one).status_code == 302
    rule.refresh_from_db()
    assert rule.value == 12

    two["note"] = "Ghi chú của người thứ hai"
    refused = second.post(url, {**two, "_continue": "1"})
    assert refused.status_code == 200
    page = doc(refused)
    assert "While you were editing" in page.text_content()
    assert page.xpath('//textarea[@name="note"]')[0].text.strip() == "Ghi chú của người thứ hai"
    rule.refresh_from_db()
    assert rule.value == 12 and rule.note != "Ghi chú của người thứ hai"

    again = form_data(refused)
    assert again["read_revision"] == str(rule.revision)
    assert second.post(url, again).status_code == 302
    rule.refresh_from_db()
    assert rule.note == "Ghi chú của người thứ hai" and rule.value == 10  # the second saved over, on purpose
