"""Choosing a document of a register without listing them all: a register adds a few hundred a year.

The field renders a plain `<select>` while its choices are few and, above organizations.widgets.SELECT_MAX, the
organisation picker's search box (static/js/picker.js) asking the form's own search (`url`), which answers from the
field's queryset with documents/_pick_results.html (`document_pick`): number and symbol, summary and date, searched
without diacritics like the register's list."""

from django import forms

from core.text import search_q
from organizations.selectors import PICK_LIMIT
from organizations.widgets import OrganizationPicker


def document_label(document) -> str:
    return f"{document.symbol} ({document.issued_on:%d/%m/%Y}) — {document.title}"


class DocumentField(forms.ModelChoiceField):
    """A ModelChoiceField whose widget is the picker; the form gives it its queryset and its search (`url`), which
    must offer the same documents (`document_pick` over that queryset)."""

    def __init__(self, *, url: str = "", queryset=None, **kwargs):
        kwargs.setdefault("widget", OrganizationPicker(url=url))
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj) -> str:
        return document_label(obj)


def document_pick(queryset, text: str, limit: int = PICK_LIMIT) -> tuple[list, bool]:
    """Up to `limit` documents of the queryset whose number, summary, sender or signer has words beginning with
    what was typed, in the queryset's order, and whether more match."""
    if text.strip():
        queryset = queryset.filter(search_q(text, field="search"))
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit
