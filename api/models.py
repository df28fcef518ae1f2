"""Personal API tokens: a program acts as the user who made the token, within the user's scope, read-only or
read-write, until the token's expiry date or its revocation. Only a hash of the secret is kept; the whole token is
shown once, when it is made."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ApiToken(models.Model):
    class Access(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for (the program using it)."))
    # The token is "dgb_<prefix>_<secret>": the prefix finds the row, the secret is compared with its SHA-256.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.READ)
    expires_on = models.DateField(_("expires on"), help_text=_("The token works until the end of this day."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    last_used_from = models.GenericIPAddressField(_("last used from"), null=True, blank=True, editable=False)
    # Created and revoked with the acting user and a reason; each use is on the row itself (last used, from where).
    history = HistoricalRecords(excluded_fields=["secret_hash", "last_used_at", "last_used_from"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} (dgb_{self.prefix}_…)"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("api:tokens")

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def writes(self) -> bool:
        return self.access == self.Access.READ_WRITE
