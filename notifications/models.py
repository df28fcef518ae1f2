"""Who wants which e-mails (`NotificationSettings`, one row per user, with history) and what was sent
(`SentNotification`, one row per user, kind, object and day: what makes sending idempotent)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versions import Versioned


class Delivery(models.TextChoices):
    DIGEST = "digest", _("One e-mail a day listing everything due and overdue")
    IMMEDIATE = "immediate", _("An e-mail when an item falls due or overdue (each item once)")


class NotificationSettings(Versioned, models.Model):
    """A user's choices. A user without a row has the defaults: everything on, a daily digest, in Vietnamese. Saved
    with the revision read (core.versions): a second tab or the administrator cannot silently undo a change."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_settings", verbose_name=_("user"))
    notices = models.BooleanField(_("meeting notices by e-mail"), default=True,
                                  help_text=_("When your cell gives notice of a meeting."))
    deadlines = models.BooleanField(_("deadlines coming by e-mail"), default=True,
                                    help_text=_("Meetings to plan or give notice of, petitions due soon."))
    overdue = models.BooleanField(_("overdue items by e-mail"), default=True,
                                  help_text=_("Meetings not recorded, minutes not approved, remedies and petitions "
                                              "past their deadline."))
    delivery = models.CharField(_("deadlines and overdue items"), max_length=20, choices=Delivery.choices,
                                default=Delivery.DIGEST)
    language = models.CharField(_("language of the e-mails"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(_("Notification settings of %(user)s") % {"user": self.user.get_username()})

    def get_absolute_url(self) -> str:
        return reverse("notifications:settings")


class SentNotification(models.Model):
    """One e-mail (or one item of an e-mail) sent to a user: written before sending, so a second run of the same
    day finds it and sends nothing; removed again when sending failed, so the next run tries again."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Meeting notice")
        DIGEST = "digest", _("Daily digest")
        ITEM = "item", _("Item due or overdue")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("object"), max_length=120, blank=True,
                           help_text=_("What it is about (a meeting, a remedy, a petition); empty for a digest."))
    day = models.DateField(_("day"))
    address = models.EmailField(_("address"))
    subject = models.CharField(_("subject"), max_length=300)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key", "day"], name="notifications_sent_once")]
        indexes = [models.Index(fields=["user", "kind", "key"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.address} ({self.day:%d/%m/%Y})"
