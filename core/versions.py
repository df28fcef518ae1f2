"""No lost updates: every editable record carries a version, and a save made from a stale read is refused.

How it works
- A model that people edit inherits `Versioned` (before models.Model): it gets `revision` (1 when created; named so
  that it never clashes with a domain "version", such as a process template's) and its save() of an existing row
  is preceded by `UPDATE ... SET revision = r + 1 WHERE id = %s AND revision = r`, r being the revision the instance
  carries. When no row matched, someone saved the record after it was read: `StaleEdit` is raised (a
  ValidationError, so the service's transaction rolls back and the form shows it) with what changed meanwhile.
- The revision a user READ travels with the form: `core.views.ActionPage` adds a hidden `revision` field to the form
  of a page whose object is Versioned, and before calling the service puts the posted version on the object
  (`carry_version`). A service that saves that object (through save_with_history or save()) is then checked
  against what the user saw, inside the service's own transaction: no check-then-write window.
  A service that loads its row again (select_for_update().get()) and saves that fresh copy is checked against the
  fresh copy: pass `version=` through `expect_version()` when such a service must refuse stale input too.
- On refusal the page keeps everything typed, lists the changes made meanwhile (from the history rows), and its
  hidden revision becomes the current one: saving again, having looked, overwrites on purpose.
- The API (issue 19) uses the same numbers as ETags / If-Match.

A bulk `queryset.update()` does not bump versions; services that use one on versioned rows add
`revision=F("revision") + 1` themselves.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class StaleEdit(ValidationError):
    """The record changed after the user read it. `current` is the version now stored; `changes` lists
    (field label, value read, value now) for the message."""

    def __init__(self, message, *, current: int | None, changes: list[tuple[str, str, str]] | None = None):
        super().__init__(message, code="stale")
        self.current = current
        self.changes = changes or []


class Versioned(models.Model):
    revision = models.PositiveIntegerField(gettext_lazy("revision"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None and not kwargs.get("force_insert"):
            read = self.revision or 1
            bumped = type(self)._base_manager.using(kwargs.get("using") or self._state.db or "default") \
                .filter(pk=self.pk, revision=read).update(revision=read + 1)
            if not bumped:
                raise stale_edit(self, read)
            self.revision = read + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "revision" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "revision"]
        super().save(*args, **kwargs)


def carry_version(instance, version) -> None:
    """Make `instance` carry the version the user read (a form's hidden field): its next save is checked against it.
    None (a form without the field, a program) leaves the instance's own version."""
    if version in (None, "") or not isinstance(instance, Versioned):
        return
    instance.revision = int(version)


def expect_version(instance, version) -> None:
    """For a service that reloads its row: refuse at once when the row is no longer at `version` (locks the row
    for the rest of the transaction)."""
    if version in (None, "") or not isinstance(instance, Versioned):
        return
    current = type(instance)._base_manager.select_for_update().filter(pk=instance.pk) \
        .values_list("revision", flat=True).first()
    if current is not None and current != int(version):
        raise stale_edit(instance, int(version))


def _changes_since(instance, read: int) -> tuple[list[tuple[str, str, str]], object, object]:
    """(label, then, now) of each field that differs between the last history row at version `read` and the
    newest one; plus who saved last and when."""
    history = getattr(type(instance), "history", None)
    if history is None:
        return [], None, None
    from core.history import HIDDEN, display_value

    manager = instance.history
    then = manager.filter(revision=read).order_by("-history_date", "-history_id").first()
    now = manager.select_related("history_user").order_by("-history_date", "-history_id").first()
    if then is None or now is None:
        return [], getattr(now, "history_user", None), getattr(now, "history_date", None)
    tracked = {f.attname for f in now._meta.fields}
    changes = []
    for field in instance._meta.concrete_fields:
        if field.name in HIDDEN or field.name == "revision" or field.attname not in tracked:
            continue
        if getattr(then, field.attname) != getattr(now, field.attname):
            changes.append((str(field.verbose_name), display_value(then, field), display_value(now, field)))
    return changes, now.history_user, now.history_date


def stale_edit(instance, read: int) -> StaleEdit:
    current = type(instance)._base_manager.filter(pk=instance.pk).values_list("revision", flat=True).first()
    changes, user, when = _changes_since(instance, read)
    who = str(getattr(user, "get_full_name", lambda: "")() or user) if user else _("someone")
    at = date_format(timezone.localtime(when), "d/m/Y H:i") if when else ""
    message = (_("While you were editing, %(who)s saved this record (%(when)s).") % {"who": who, "when": at} if at
               else _("While you were editing, another user saved this record."))
    if changes:
        message += " " + _("Changed meanwhile: %(changes)s.") % {"changes": "; ".join(
            _("%(field)s: %(then)s → %(now)s") % {"field": label, "then": old, "now": new}
            for label, old, new in changes)}
    message += " " + _("What you typed is kept below: check it against these changes, then save again to "
                       "replace them.")
    return StaleEdit(message, current=current, changes=changes)
