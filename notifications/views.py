from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import history_entries
from core.views import ActionPage, Page

from . import selectors, services
from .forms import NotificationSettingsForm
from .services import FIELDS


class NotificationSettingsEdit(ActionPage):
    """Everyone's own page (the user menu): which e-mails they get, where they go, the last ones sent."""

    needs = None  # every logged-in user has settings of their own
    title = _("Notifications")
    template_name = "notifications/settings.html"
    form_class = NotificationSettingsForm
    success_message = _("Your notification settings are saved.")

    def guard(self):
        return Page.guard(self)  # no object in the URL and no action needed: the page is the user's own

    def setup_page(self) -> None:
        self.object = selectors.settings_for(self.user)

    def initial(self) -> dict:
        return {name: getattr(self.object, name) for name in FIELDS}

    def perform(self, data: dict):
        # take_revision put the revision the form was drawn from on self.object; the service reloads the row under
        # a lock and checks it against that one.
        revision = self.object.revision if self.object.pk is not None else None
        return services.notification_settings_update(actor=self.user, user=self.user, revision=revision, **data)

    def success_url(self, result) -> str:
        return reverse("notifications:settings")

    def back_url(self) -> str:
        return reverse("dashboard:home")

    def subtitle(self) -> str:
        return ""

    def context(self, **extra) -> dict:
        saved = self.object.pk is not None
        return super().context(address=selectors.address_of(self.user), sent=selectors.sent_to(self.user),
                               history=history_entries(self.object, limit=20) if saved else [], **extra)
