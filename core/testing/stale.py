"""Two people editing the same record (core.versions), through the real pages; shared by every app's
test_stale_edits.py.

    both_open(first, second, url)    both GET the form; the values each browser would submit
    stale_alert(response)            the text of the page's error alerts (where the stale-edit message is shown)
    refused_stale(client, url, data, snapshot=, shows=, kept=)
                                     the POST is refused: the form again (200) with the stale-edit message naming
                                     `shows`, the typed `kept` values still in the form, nothing written; returns
                                     the form's values (the hidden revision moved to the current one)
    stale_round(first, second, url, first_changes=, second_changes=, snapshot=, shows=)
                                     the whole round every edit page must pass: both open the form, the first saves,
                                     the second's save is refused (as above, with everything they typed kept) and,
                                     sent again having looked, goes through; returns the values sent again
"""

from core.testing.pages import doc, english, form_errors, form_values

FORM = "//main//form[@method='post']"
ACTION_FORM = "//form[@id='action-form']"


def both_open(first, second, url, form_xpath: str = FORM) -> tuple[dict, dict]:
    a, b = first.get(url), second.get(url)
    assert a.status_code == b.status_code == 200
    mine, theirs = form_values(a, form_xpath), form_values(b, form_xpath)
    assert mine.get("revision") and mine["revision"] == theirs["revision"], "the form carries no revision"
    return mine, theirs


def stale_alert(response) -> str:
    return " ".join(" ".join(e.text_content().split()) for e in doc(response).xpath(
        '//main//*[contains(@class, "alert-danger")]'))


def refused_stale(client, url, data, *, snapshot, shows=(), kept=None, form_xpath: str = FORM) -> dict:
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    assert snapshot() == before, "a stale edit wrote to the database"
    errors = " ".join(form_errors(response))
    assert "While you were editing" in errors, errors
    if shows:  # a record without history (a membership period) cannot list what changed
        assert "Changed meanwhile" in errors, errors
    alert = stale_alert(response)
    for text in shows:
        assert text in alert, (text, alert)
    values = form_values(response, form_xpath)
    for name, value in (kept or {}).items():
        assert values.get(name) == value, (name, values.get(name), value)
    assert int(values["revision"]) > int(data["revision"]), "the hidden revision should move to the current one"
    return values


def stale_round(first, second, url, *, first_changes: dict, second_changes: dict, snapshot, shows=(),
                form: str = FORM, resave: bool = True) -> dict:
    """`snapshot()` gives the record's stored state (compared before and after the refused save); `shows`: texts the
    refusal must contain (values the first person saved, which need no translation)."""
    english(first), english(second)
    mine, theirs = both_open(first, second, url, form)
    saved = first.post(url, {**mine, **first_changes})
    assert saved.status_code == 302, form_errors(saved)
    typed = {**theirs, **second_changes}
    # What was typed stays on the form; an empty field the first save made moot (an introduction letter now dated)
    # may be gone from it.
    changed = {name: value for name, value in second_changes.items() if value != ""}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=shows, kept=changed, form_xpath=form)
    for name, value in typed.items():
        if name != "revision" and name in again:
            assert again[name] == value, (name, again[name], value)
    if resave:
        resent = second.post(url, again)
        assert resent.status_code == 302, form_errors(resent)
    return again
