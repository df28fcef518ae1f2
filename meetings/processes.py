"""The Bloc's standard meeting process, one versioned template per kind of meeting. A new version starts as a draft
copied from the latest one, is edited, then published with the decision that issues it and the day it takes
effect. A published version never changes: meetings keep the version they were planned under, and those
planned from the day a new version takes effect use it."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.history import save_with_history
from core.scope import MEETINGS, scope_for
from organizations.models import Organization

from .models import Meeting, MeetingKind, ProcessStep, ProcessTemplate, StepCode

# Steps without which a meeting cannot be judged or its minutes signed.
MANDATORY_STEPS = (StepCode.ATTENDANCE, StepCode.VOTE, StepCode.MINUTES)


def process_issuer() -> Organization | None:
    """The committee that issues the process: the top of the tree."""
    return Organization.objects.filter(parent__isnull=True).order_by("id").first()


def can_publish_process(user) -> bool:
    scope = scope_for(user)
    issuer = process_issuer()
    return scope.covers(issuer.pk, MEETINGS) if issuer else scope.sees_everything(MEETINGS)


def _require_publisher(actor) -> None:
    if not can_publish_process(actor):
        raise PermissionDenied(_("Only the committee that issues the meeting process may change it."))


def _require_draft(template: ProcessTemplate) -> None:
    if template.is_published:
        raise ValidationError(_("Version %(version)s is published: it can no longer change. Prepare a new version.")
                              % {"version": template.version})


@dataclass
class Version:
    template: ProcessTemplate
    steps: int
    meetings: int
    state: str  # "draft", "scheduled" (takes effect later), "current", "earlier"


def process_versions(user, *, today: datetime.date | None = None) -> dict[str, list[Version]]:
    """Every kind with its versions, newest first, and which one is in force today. Two queries."""
    today = today or datetime.date.today()
    def counted(model, field):
        return Subquery(model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
                        .annotate(n=Count("pk")).values("n"))

    templates = list(ProcessTemplate.objects.annotate(
        n_steps=Coalesce(counted(ProcessStep, "template"), 0), n_meetings=Coalesce(counted(Meeting, "template"), 0),
    ).order_by("kind", "-version"))
    result: dict[str, list[Version]] = {kind: [] for kind in MeetingKind.values}
    current: dict[str, int] = {}
    for t in templates:
        if t.is_published and t.published_on <= today and t.kind not in current:
            current[t.kind] = t.pk
    for t in templates:
        if not t.is_published:
            state = "draft"
        elif t.published_on > today:
            state = "scheduled"
        elif current.get(t.kind) == t.pk:
            state = "current"
        else:
            state = "earlier"
        result[t.kind].append(Version(t, t.n_steps, t.n_meetings, state))
    return result


@transaction.atomic
def process_draft(*, actor, kind: str, reason: str = "") -> ProcessTemplate:
    """A draft of the next version of `kind`, copied from the latest version (or the open draft, if there is one)."""
    _require_publisher(actor)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose a kind of meeting.")})
    versions = ProcessTemplate.objects.select_for_update().filter(kind=kind)
    draft = versions.filter(published_on__isnull=True).first()
    if draft is not None:
        return draft
    latest = versions.order_by("-version").prefetch_related("steps").first()
    number = (versions.aggregate(top=Max("version"))["top"] or 0) + 1
    draft = ProcessTemplate(kind=kind, version=number, title=latest.title if latest else MeetingKind(kind).label,
                            issued_by=process_issuer(), note="")
    try:
        with transaction.atomic():
            save_with_history(draft, actor=actor, reason=reason or _("New version drafted"))
    except (IntegrityError, ValidationError):
        # someone drafted the same version a moment ago (the lock above holds only rows that exist): use theirs
        existing = ProcessTemplate.objects.filter(kind=kind, published_on__isnull=True).first()
        if existing is None:
            raise
        return existing
    if latest is not None:
        ProcessStep.objects.bulk_create([ProcessStep(template=draft, order=s.order, code=s.code, title=s.title,
                                                     guidance=s.guidance, required=s.required)
                                         for s in latest.steps.all()])
    return draft


def _clean_steps(steps: list[dict]) -> list[dict]:
    errors = []
    for index, step in enumerate(steps):
        if step.get("code") not in StepCode.values:
            errors.append(_("Step %(n)s: choose what the step is.") % {"n": index + 1})
        if not (step.get("title") or "").strip():
            errors.append(_("Step %(n)s: give it a title.") % {"n": index + 1})
    if not steps:
        errors.append(_("A process needs at least one step."))
    if errors:
        raise ValidationError({"steps": errors})
    return [{"code": s["code"], "title": s["title"].strip(), "guidance": (s.get("guidance") or "").strip(),
             "required": bool(s.get("required", True)), "order": n + 1} for n, s in enumerate(steps)]


@transaction.atomic
def process_update_draft(*, actor, template: ProcessTemplate, title: str, decision_number: str = "", note: str = "",
                         steps: list[dict], reason: str = "") -> ProcessTemplate:
    """Replace a draft's wording and its steps (in the order given)."""
    _require_publisher(actor)
    template = ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    _require_draft(template)
    cleaned = _clean_steps(steps)
    template.title, template.decision_number, template.note = title.strip(), decision_number.strip(), note.strip()
    save_with_history(template, actor=actor, reason=reason or _("Draft edited"))
    template.steps.all().delete()  # a draft's steps: nothing refers to them yet
    ProcessStep.objects.bulk_create([ProcessStep(template=template, **s) for s in cleaned])
    return template


@transaction.atomic
def process_publish(*, actor, template: ProcessTemplate, published_on: datetime.date, decision_number: str,
                    reason: str = "") -> ProcessTemplate:
    """Publish a draft: from `published_on` on, new meetings of its kind follow it."""
    _require_publisher(actor)
    template = ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    _require_draft(template)
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Give the number of the decision that issues this version.")
    latest = (ProcessTemplate.objects.filter(kind=template.kind, published_on__isnull=False)
              .exclude(pk=template.pk).order_by("-published_on").first())
    if published_on is None:
        errors["published_on"] = _("Give the day this version takes effect.")
    elif latest is not None and published_on <= latest.published_on:
        errors["published_on"] = _("Version %(version)s took effect on %(date)s: a new version takes effect after it.") % {
            "version": latest.version, "date": latest.published_on.strftime("%d/%m/%Y")}
    elif published_on < datetime.date.today():
        # meetings already held keep the version they were held under: a new version cannot reach back
        errors["published_on"] = _("A new version takes effect today or later.")
    codes = set(template.steps.values_list("code", flat=True))
    missing = [StepCode(c).label for c in MANDATORY_STEPS if c not in codes]
    if missing:
        errors["__all__"] = _("The process lacks these steps: %(steps)s.") % {"steps": ", ".join(map(str, missing))}
    if errors:
        raise ValidationError(errors)
    template.published_on = published_on
    template.decision_number = decision_number.strip()
    template.issued_by = template.issued_by or process_issuer()
    return save_with_history(template, actor=actor, reason=reason or _("Version published"))


@transaction.atomic
def process_discard(*, actor, template: ProcessTemplate, reason: str = "") -> None:
    """Drop a draft that was never published (no meeting can use a draft)."""
    _require_publisher(actor)
    template = ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    _require_draft(template)
    if template.meetings.exists():  # pragma: no cover - meetings are planned from published versions only
        raise ValidationError(_("Meetings use this version."))
    template.delete()
