from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versions import Versioned


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    BLOC_STANDING = "bloc_standing", _("Bloc standing committee")
    COMMITTEE_STAFF = "committee_staff", _("Committee staff")
    CELL_SECRETARY = "cell_secretary", _("Cell secretary")
    MEMBER = "member", _("Member")
    NEWS_EDITOR = "news_editor", _("News site editor")


class RoleAssignment(Versioned, models.Model):
    """A user holds a role over an organisation and its whole subtree (or over their own record). Versioned: an edit
    made from a stale read (two administrators on the same user's roles) is refused (core.versions)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisation"),
        help_text=_("The role covers this organisation and everything under it."),
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization or ''}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role not in (Role.ADMIN, Role.MEMBER) and not self.organization_id:
            raise ValidationError({"organization": _("Choose the organisation this role covers.")})
        if self.role == Role.MEMBER and not hasattr(self.user, "member"):
            raise ValidationError({"user": _("Link this user to their member record first.")})
        if self.started_on and self.ended_on and self.ended_on <= self.started_on:
            raise ValidationError({"ended_on": _("The end comes after the start.")})
