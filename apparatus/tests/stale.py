"""Two people editing the same record (core.versions), through the real pages: shared by the apparatus and meetings
tests (test_stale_edits.py).

    english(client)                  the client sees the pages in English (the messages are asserted in English)
    both_open(first, second, url)    both GET the form; the values each browser would submit
    refused_stale(client, url, data, snapshot=, shows=, kept=)
                                     the POST is refused: the form again (200) with the stale-edit message naming
                                     `shows`, the typed `kept` values still in the form, nothing written; returns
                                     the form's values (the hidden revision moved to the current one)
"""

from django.conf import settings

from core.testing.pages import form_errors, form_values

FORM = "//main//form[@method='post']"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def both_open(first, second, url, form_xpath: str = FORM) -> tuple[dict, dict]:
    a, b = first.get(url), second.get(url)
    assert a.status_code == b.status_code == 200
    return form_values(a, form_xpath), form_values(b, form_xpath)


def refused_stale(client, url, data, *, snapshot, shows=(), kept=None, form_xpath: str = FORM) -> dict:
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    errors = " ".join(form_errors(response))
    assert "While you were editing" in errors and "Changed meanwhile" in errors, errors
    for text in shows:
        assert text in errors, (text, errors)
    values = form_values(response, form_xpath)
    for name, value in (kept or {}).items():
        assert values.get(name) == value, (name, values.get(name), value)
    assert values["revision"] != data["revision"], "the hidden revision should move to the current one"
    assert snapshot() == before, "a stale edit wrote to the database"
    return values
