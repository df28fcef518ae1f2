"""The working-day calendar: public holidays, the weekend days worked in exchange for a bridge day off, and each
year's official schedule, all data an administrator keeps up to date (through core.services)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import dmy
from core.validation import check_date
from core.versions import Versioned


class Holiday(Versioned, models.Model):
    """One day of the calendar that differs from Monday-to-Friday: a day off for public bodies that falls on a
    weekday (Tết, 30/4, 1/5, 2/9, the day in lieu, the bridge day swapped…), or a Saturday or Sunday worked in its
    place (a substituted working day, "làm bù").

    Tết and the Hùng Kings' day follow the lunar calendar and the days in lieu and swaps are announced each year,
    so they are rows, never computed: the administrator adds next year's when it is announced.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "off", _("day off")
        WORKING_DAY = "worked", _("substituted working day")

    date = models.DateField(_("date"), unique=True,
                            error_messages={"unique": _("This day is already in the calendar: change it instead.")})
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.DAY_OFF,
                            help_text=_("A day off is a weekday; a substituted working day is a Saturday or Sunday "
                                        "worked in exchange for a day off."))
    name = models.CharField(_("holiday"), max_length=120)
    unconfirmed = models.BooleanField(_("unconfirmed"), default=False,
                                      help_text=_("Not yet checked against the year's official announcement."))
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("day of the working calendar")
        verbose_name_plural = _("days off and substituted working days")

    def __str__(self) -> str:
        if self.kind == self.Kind.WORKING_DAY:
            return f"{self.date:%d/%m/%Y} — {self.name} ({self.get_kind_display()})"
        return f"{self.date:%d/%m/%Y} — {self.name}"

    @property
    def is_working_day(self) -> bool:
        return self.kind == self.Kind.WORKING_DAY

    def clean(self):
        super().clean()
        if not isinstance(self.date, datetime.date):
            return
        check_date(self.date, "date")
        weekend = self.date.weekday() >= 5
        if self.kind == self.Kind.DAY_OFF and weekend:
            raise ValidationError({"date": _("%(date)s is a Saturday or Sunday, already a day off: enter the weekday "
                                             "given in lieu instead.") % {"date": dmy(self.date)}})
        if self.kind == self.Kind.WORKING_DAY and not weekend:
            raise ValidationError({"date": _("%(date)s is a weekday, already a working day: a substituted working "
                                             "day is a Saturday or Sunday worked in exchange for a day off.")
                                   % {"date": dmy(self.date)}})


class CalendarYear(Versioned, models.Model):
    """A year's official schedule of days off and substituted working days, as announced (the Ministry's notice,
    the Prime Minister's approval of a swap). The calendar covers a year only once its schedule is entered: a
    working-day deadline after the last year entered (without a gap) is provisional."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(1930), MaxValueValidator(2200)],
        error_messages={"unique": _("This year's schedule is already entered: change it instead.")})
    source = models.CharField(_("official source"), max_length=500,
                              help_text=_("The announcement the year's days off and substituted working days come "
                                          "from: its number, date and issuing body."))
    published_on = models.DateField(_("published on"), null=True, blank=True,
                                    help_text=_("The date of the announcement, when known."))
    unconfirmed = models.BooleanField(_("unconfirmed"), default=False,
                                      help_text=_("The source is not yet checked against the announcement's text."))
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("official schedule of a year")
        verbose_name_plural = _("official schedules of the years")

    def __str__(self) -> str:
        return str(self.year)

    def clean(self):
        super().clean()
        check_date(self.published_on, "published_on", future=False)
        if self.year and self.published_on and self.published_on.year > self.year:
            raise ValidationError({"published_on": _("The schedule of %(year)s is announced before or during that "
                                                     "year, not after it.") % {"year": self.year}})
