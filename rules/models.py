from django.db import models
from django.utils.translation import gettext_lazy as _

from core.versions import Versioned

from .checks import check_value


class Rule(Versioned, models.Model):
    """One regulated number, valid over a period, with the regulation it comes from.

    Old records are judged by the rule in force at their date, so a change of
    regulation adds a row with a new effective_from instead of editing the old one. The administrator edits the
    rows in /admin/ with the revision read (core.versions): two of them cannot silently overwrite each other.
    """

    code = models.SlugField(_("code"), max_length=80)
    label = models.CharField(_("label"), max_length=200)
    value = models.JSONField(_("value"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    regulation = models.CharField(_("regulation"), max_length=200)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    unconfirmed = models.BooleanField(
        _("unconfirmed"), default=False, help_text=_("Not verified against the regulation's own text.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["code", "effective_from"], name="rule_code_from_unique")]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return f"{self.code} = {self.value} ({self.regulation})"

    def clean(self):
        """The value as the code that reads it can use it (rules.checks, registered by that code's app)."""
        super().clean()
        check_value(self.code, self.value)
