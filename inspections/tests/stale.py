"""The stale-edit round every edit page must pass (core.versions), through real pages: two people open the same form,
the first saves, the second's save is refused with what changed and what they typed kept, nothing of theirs is
written, and saving again (having read the changes) goes through. Shared by the apps above (petitions)."""

from core.testing.pages import doc, form_errors, form_values

ACTION_FORM = "//form[@id='action-form']"


def alert_text(response) -> str:
    return " ".join(" ".join(e.text_content().split()) for e in doc(response).xpath(
        '//*[contains(@class, "alert-danger")]'))


def stale_round(first, second, url, *, first_changes: dict, second_changes: dict, reread, shows=(),
                form: str = ACTION_FORM, resave: bool = True):
    """Run the round on the form at `url`; `reread()` gives the record's stored state (compared before and after the
    refused save); `shows`: texts the refusal must contain (the values the first person saved). Returns the response
    of the refused save."""
    page_a, page_b = first.get(url), second.get(url)
    assert page_a.status_code == page_b.status_code == 200
    read_a, read_b = form_values(page_a, form), form_values(page_b, form)
    assert read_a.get("revision"), "the form carries no revision"
    saved = first.post(url, {**read_a, **first_changes})
    assert saved.status_code == 302, form_errors(saved)
    after_first = reread()
    refused = second.post(url, {**read_b, **second_changes})
    assert refused.status_code == 200, "a stale save went through"
    alert = alert_text(refused)
    assert alert, "no message on the refused form"
    for value in shows:
        assert value in alert, (value, alert)
    kept = form_values(refused, form)
    for name, value in second_changes.items():
        assert kept.get(name) == value, (name, kept.get(name), value)  # what was typed is still on the form
    assert reread() == after_first, "the refused save wrote something"
    assert int(kept["revision"]) > int(read_b["revision"])  # the form now carries the version just shown
    if resave:
        again = second.post(url, kept)
        assert again.status_code == 302, form_errors(again)
    return refused
