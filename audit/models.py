"""The security log: one row per event reported through core.security.security_event (logins, lockouts, refusals,
exports, identity reads, role changes...). Rows are only ever added: the app never edits or deletes one, except the
retention purge (audit.services.security_events_purge), which drops whole days past AUDIT_RETENTION_DAYS."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import CHOICES


class AppendOnly(Exception):
    pass


class SecurityEvent(models.Model):
    when = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=CHOICES)
    # The user is kept by name too: the name still reads after the account is deleted (the key is then emptied).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("page"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # What the event is about: its type and id, never its text (a denouncer's name stays out of the log).
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("object type"))
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    # Organisations sit above audit in the layers: an id, not a foreign key.
    organization_id = models.PositiveBigIntegerField(_("organisation id"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-when", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["kind", "-when"], name="audit_kind_when"),
            models.Index(fields=["username", "-when"], name="audit_username_when"),
            models.Index(fields=["ip_address", "-when"], name="audit_ip_when"),
            models.Index(fields=["organization_id", "-when"], name="audit_org_when"),
        ]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M:%S} {self.kind} {self.username or '-'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("a security event is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("a security event is never deleted (the retention purge drops old days)")

    @property
    def target_label(self) -> str:
        if not self.target_type_id:
            return ""
        return f"{self.target_type.app_label}.{self.target_type.model}:{self.target_id}"
