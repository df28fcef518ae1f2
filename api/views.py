"""The user's own API tokens (reached from the user menu): list, create (the token shown once), revoke."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import ActionPage, ButtonAction, Page

from . import services
from .forms import TokenCreateForm
from .selectors import token_get, token_list

SHOWN_ONCE = "api_token_shown_once"  # the session key that carries a new token's text to the list, read once


def _list_crumb():
    return (_("API tokens"), reverse("api:tokens"))


class TokenList(Page):
    needs = None  # every user has their own tokens
    title = gettext_lazy("API tokens")
    template_name = "api/tokens.html"

    def context(self, **extra) -> dict:
        return {"tokens": list(token_list(self.user)), "new_token": self.request.session.pop(SHOWN_ONCE, None),
                "docs_url": reverse("api-v1:openapi-view"), "schema_url": reverse("api-v1:openapi-json"), **extra}


class TokenCreate(ActionPage):
    needs = None
    title = gettext_lazy("New API token")
    form_class = TokenCreateForm
    submit_label = gettext_lazy("Create the token")

    def guard(self):
        return None  # any logged-in user makes tokens for themselves (acting with their own scope)

    def crumbs(self):
        return [_list_crumb()]

    def back_url(self) -> str:
        return reverse("api:tokens")

    def perform(self, data: dict):
        token, text = services.api_token_create(actor=self.user, **data)
        self.request.session[SHOWN_ONCE] = {"id": token.pk, "text": text}
        return token

    def success_url(self, result) -> str:
        return reverse("api:tokens")


class TokenRevoke(ButtonAction):
    selector = token_get
    success_message = gettext_lazy("The token is revoked: programs using it are refused from now on.")

    def perform(self):
        services.api_token_revoke(actor=self.user, token=self.object)

    def back_url(self) -> str:
        return reverse("api:tokens")

