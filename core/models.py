"""The working-day calendar: public holidays are data an administrator keeps up to date."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Holiday(models.Model):
    """A day off for public bodies that falls on a weekday (Tết, 30/4, 1/5, 2/9, the day in lieu…).

    Tết and the Hùng Kings' day follow the lunar calendar and the days in lieu are announced each year,
    so they are rows, never computed: the administrator adds next year's when it is announced.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("holiday"), max_length=120)
    unconfirmed = models.BooleanField(_("unconfirmed"), default=False,
                                      help_text=_("Not yet checked against the year's official announcement."))
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"
