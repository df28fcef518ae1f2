"""Reads of the registers, always through the user's scope.

Who sees what: the register of an organisation is kept by whoever holds DOCUMENTS over it (its committee's office and
its superiors', administrators, a cell's secretary for the cell). A document with a secrecy mark is read only by who
also holds SECRET_DOCUMENTS over it: the committees' office staff and standing committees of that organisation or
above it, administrators — not a cell's secretary, not a plain member. Hidden documents are absent (404), not
refused, and never counted in a list or an export."""

from django.db.models import Q
from django.http import Http404

from core.scope import DOCUMENTS, SECRET_DOCUMENTS, scope_for
from organizations.selectors import organization_choices

from .models import Confidentiality, Document


def visible_q(user, action: str = DOCUMENTS) -> Q:
    scope = scope_for(user)
    if not scope.can(action):
        return Q(pk__in=[])
    q = scope.org_q("organization_id", action)
    if scope.sees_everything(SECRET_DOCUMENTS):
        return q
    secret = scope.org_q("organization_id", SECRET_DOCUMENTS) if scope.can(SECRET_DOCUMENTS) else Q(pk__in=[])
    return q & (Q(confidentiality=Confidentiality.NORMAL) | secret)


def document_qs(user, action: str = DOCUMENTS):
    return Document.objects.filter(visible_q(user, action))


def document_list_qs(user):
    return document_qs(user).select_related("organization", "issuer")


def document_get(user, pk, action: str = DOCUMENTS) -> Document:
    document = (document_qs(user, action).select_related("organization__kind", "organization__parent", "issuer",
                                                          "term").filter(pk=pk).first())
    if document is None:
        raise Http404
    return document


def register_organizations(user):
    """The organisations whose register the user keeps (those that elect a committee: not a Party group)."""
    return organization_choices(user, DOCUMENTS).filter(kind__elects_committee=True)


def may_keep(user) -> bool:
    return scope_for(user).can(DOCUMENTS)


def may_read_secret(user, document: Document) -> bool:
    return scope_for(user).covers(document.organization_id, SECRET_DOCUMENTS)
