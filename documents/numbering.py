"""Who issues, which kinds they may issue, and the number each document gets.

Numbers (HD 36-HD/VPTW §II.1.3.1, SOURCES-2026 §0): from 01 per kind within one committee term, restarting with the
next term; a congress numbers all its documents in one series from 01. A number is the series' counter plus one,
taken under the counter row's lock (select_for_update on PostgreSQL; SQLite writes one transaction at a time), and a
unique constraint on (series, number) stands behind it: gap-free and never given twice.

- The series is the organisation's, the body's abbreviation's and the kind's as written (a regulation is written and
  numbered as a decision: kinds.written) within a period: the term in force on the document's date, or that calendar
  year where the organisation has no term recorded (as the meetings' minutes do). A standing committee that writes
  the committee's abbreviation numbers in the committee's series (one "12-NQ/ĐUK" never means two documents); give it
  an abbreviation of its own to number apart. Whether HD 36 wants the two series shared is UNCONFIRMED.
- A congress's series is one per calendar year (an organisation holds at most one congress a year): its documents
  from the preparatory session to closing day fall in it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apparatus.models import Term
from core.history import save_with_history
from core.text import nfc
from organizations.models import Organization, OrganizationKind
from rules.codes import DOCUMENT_KINDS, DOCUMENT_KINDS_BY_ISSUER
from rules.selectors import rule_value_for
from rules.usage import applies

from . import kinds as k
from .models import Counter, Issuer

Kind = Issuer.Kind


def issuer_type(organization: Organization, issuer_kind: str) -> str:
    """The key of document_kinds_by_issuer for a body of `organization`."""
    okind = organization.kind
    if issuer_kind == Kind.CONGRESS:
        return k.CONGRESS
    if issuer_kind == Kind.INSPECTION_COMMITTEE:
        return k.INSPECTION_COMMITTEE
    if okind.holds_members:
        return k.CELL
    superior = okind.tier == OrganizationKind.Tier.SUPERIOR
    if issuer_kind == Kind.STANDING_COMMITTEE:
        return k.SUPERIOR_STANDING if superior else k.GRASSROOTS_STANDING
    return k.SUPERIOR_COMMITTEE if superior else k.GRASSROOTS_COMMITTEE


def issuer_kinds(organization: Organization) -> list[str]:
    """The bodies of the organisation that may issue: a cell only itself and its congress."""
    if not organization.kind.elects_committee:
        return []
    if organization.kind.holds_members:
        return [Kind.COMMITTEE, Kind.CONGRESS]
    return [Kind.COMMITTEE, Kind.STANDING_COMMITTEE, Kind.INSPECTION_COMMITTEE, Kind.CONGRESS]


@applies(DOCUMENT_KINDS, where=gettext_lazy("The register: the kinds a document may be recorded as, and their names "
                                            "printed on an outgoing document"), page="documents:list")
def kind_names(on: datetime.date, field: str = "kind") -> dict[str, str]:
    """{code: Vietnamese name} of the kinds in force on `on` (refused on `field` when no rule is in force)."""
    return dict(rule_value_for(DOCUMENT_KINDS, on=on, field=field))


@applies(DOCUMENT_KINDS_BY_ISSUER, where=gettext_lazy("Issuing a document: the kinds each body may issue (refused on "
                                                      "the form otherwise)"))
def kinds_for(organization: Organization, issuer_kind: str, on: datetime.date, field: str = "kind") -> list[str]:
    allowed = rule_value_for(DOCUMENT_KINDS_BY_ISSUER, on=on, field=field)
    return list(allowed.get(issuer_type(organization, issuer_kind), []))


def term_on(organization: Organization, day: datetime.date) -> Term | None:
    """The organisation's term in force on `day` (a term runs from its start up to the next one's start)."""
    return (Term.objects.filter(organization=organization, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)).order_by("-started_on").first())


def _upper(text: str) -> str:
    return nfc(text).upper()


def _committee_name(organization: Organization) -> str:
    """"Đảng bộ Khối …" is printed as its committee, "ĐẢNG ỦY KHỐI …"; a cell as itself."""
    name = _upper(organization.name)
    return "ĐẢNG ỦY" + name[len("ĐẢNG BỘ"):] if name.startswith("ĐẢNG BỘ") else name


def issuer_defaults(organization: Organization, issuer_kind: str) -> dict:
    """What a body is recorded with the first time it issues: the organisation kind's abbreviation (ĐU, CB…, or the
    organisation's code), "UBKT" before it for the inspection committee, "ĐH" for a congress; the names printed.
    The administrators correct them (ĐUK for the Bloc…) in /admin/."""
    base = organization.kind.abbreviation or organization.code
    committee = _committee_name(organization)
    parent = _committee_name(organization.parent) if organization.parent_id else ""
    if issuer_kind == Kind.INSPECTION_COMMITTEE:
        return {"symbol": f"UBKT{base}", "name": "ỦY BAN KIỂM TRA", "superior": committee}
    if issuer_kind == Kind.CONGRESS:
        return {"symbol": "ĐH", "name": "ĐẠI HỘI", "superior": _upper(organization.name)}
    return {"symbol": base, "name": committee, "superior": parent}


def issuer_ensure(*, actor, organization: Organization, issuer_kind: str, field: str = "issuer",
                  symbol: str = "") -> Issuer:
    """The body as recorded, recorded now if it never issued; `symbol`: its abbreviation when recorded now (an
    inspecting authority's, whose decisions it numbers), else the organisation kind's."""
    if issuer_kind not in issuer_kinds(organization):
        raise ValidationError({field: _("%(name)s has no such body to issue documents.") % {"name": organization.name}})
    found = Issuer.objects.filter(organization=organization, kind=issuer_kind).first()
    if found is not None:
        return found
    defaults = issuer_defaults(organization, issuer_kind)
    if symbol:
        defaults["symbol"] = symbol
    issuer = Issuer(organization=organization, kind=issuer_kind, **defaults)
    try:
        with transaction.atomic():  # a savepoint: two first documents of a body at once record it once
            return save_with_history(issuer, actor=actor, reason=_("Issuing body recorded"))
    except (IntegrityError, ValidationError):
        found = Issuer.objects.filter(organization=organization, kind=issuer_kind).first()
        if found is None:
            raise
        return found


def series_of(issuer: Issuer, kind: str, day: datetime.date) -> tuple[str, Term | None]:
    """(the series' key, the term it belongs to) of a document of `kind` issued by `issuer` on `day`."""
    if issuer.kind == Kind.CONGRESS:
        return f"out/{issuer.organization_id}/{issuer.symbol}/*/c{day.year}", None
    term = term_on(issuer.organization, day)
    period = f"t{term.pk}" if term is not None else f"y{day.year}"
    return f"out/{issuer.organization_id}/{issuer.symbol}/{k.written(kind)}/{period}", term


def next_number(key: str) -> int:
    """The next number of the series `key`, inside the caller's transaction (the counter row stays locked until it
    ends, so a concurrent issue waits and takes the number after)."""
    assert transaction.get_connection().in_atomic_block, "next_number runs inside the issuing transaction"
    Counter.objects.get_or_create(key=key)
    counter = Counter.objects.select_for_update().get(key=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def reserve(key: str, last: int) -> None:
    """Numbers up to `last` of the series `key` were given before this counter numbered it (kept on their records):
    the next one given follows them. Inside the caller's transaction, the counter row locked as by next_number."""
    assert transaction.get_connection().in_atomic_block, "reserve runs inside the numbering transaction"
    Counter.objects.get_or_create(key=key)
    counter = Counter.objects.select_for_update().get(key=key)
    if counter.last < last:
        counter.last = last
        counter.save(update_fields=["last"])


def written_number(number: int, kind: str, issuer: Issuer) -> str:
    """"05-KH/ĐU": two digits at least, the kind as written, the body's abbreviation."""
    return f"{number:02d}-{k.written(kind)}/{issuer.symbol}"
