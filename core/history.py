"""Audit trail helpers over django-simple-history: who changed what, when and why."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from core.validation import check_bounds, check_reason


def stamp(instance: models.Model, *, actor, reason: str) -> None:
    """Attach the acting user and the reason to the next history row of `instance` (a reason longer than the
    bound is refused on the form's `reason` field)."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance._change_reason = check_reason(reason)


def save_with_history(instance: models.Model, *, actor, reason: str):
    """full_clean() and the bounds every record obeys (dates, free texts: core.validation.check_bounds), then save
    with the acting user and the reason on the history row; returns the instance."""
    instance.full_clean()
    check_bounds(instance)
    stamp(instance, actor=actor, reason=reason)
    instance.save()
    return instance


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    user: object
    reason: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def display_value(record, field_obj) -> str:
    value = getattr(record, field_obj.attname, None)
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(field_obj, models.ForeignKey):
        return str(getattr(record, field_obj.name, value) or value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


HIDDEN = {"id", "name_search", "name_sort", "revision"}


def history_entries(instance: models.Model, *, limit: int = 200,
                    shown: dict[str, Callable[[object, object], tuple[str, str] | None]] | None = None,
                    ) -> list[HistoryEntry]:
    """Newest first, each with the fields that changed against the version before it. `shown` words the change
    of a field whose value is no text to print as it is (a JSON of figures): {attname: (old value, new value) ->
    (old text, new text), or None to leave the change out}."""
    shown = shown or {}
    history_model = instance.history.model
    fk_names = [
        f.name for f in history_model._meta.fields
        if isinstance(f, models.ForeignKey) and f.name not in {"history_user", "history_relation"}
    ]
    records = list(
        instance.history.select_related("history_user", *fk_names).order_by("-history_date", "-history_id")[:limit]
    )
    tracked = [f for f in instance._meta.concrete_fields if f.name not in HIDDEN and f.attname in
               {hf.attname for hf in history_model._meta.fields}]
    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for f in tracked:
            new = getattr(record, f.attname)
            old = getattr(previous, f.attname) if previous else None
            if previous is None and new in (None, ""):
                continue
            if previous is None or old != new:
                if f.attname in shown:
                    worded = shown[f.attname](old, new)
                    if worded is not None:
                        changes.append(Change(str(f.verbose_name), *worded))
                    continue
                changes.append(
                    Change(str(f.verbose_name), display_value(previous, f) if previous else "", display_value(record, f))
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                reason=record.history_change_reason or "",
                kind=kinds.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries
