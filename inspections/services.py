"""Every write of inspection, supervision and discipline: one transaction each, refusals on the field at fault,
history with the acting user and a reason. Who may move a case is decided by the workflow's data (the
transition's actor) against `selectors.case_capacities`. Every date is refused before the Party's founding day
(core.validation), where the rule data starts too."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apparatus.models import Seat, Term
from apparatus.services import seat_end
from core.dates import dmy
from core.files import accept_upload
from core.history import save_with_history
from core.text import nfc, nfc_text
from core.validation import check_bounds, check_date, reason_max, require, require_date, require_text
from core.versions import stale_edit
from documents import numbering
from documents.models import Confidentiality, Counter, Document, Issuer
from documents.services import document_record, document_source_set
from members.choices import Status as MemberStatus
from members.services import member_expel
from organizations.models import Organization
from organizations.selectors import subtree_ids
from organizations.services import organization_dissolve
from rules.codes import DISCIPLINE_FORMS_FULL_MEMBER, DISCIPLINE_FORMS_ORGANIZATION, DISCIPLINE_FORMS_PROBATIONARY_MEMBER
from rules.selectors import rule_value_for
from rules.usage import applies

from .models import (
    Authority,
    Case,
    CaseStep,
    CaseType,
    DisciplineDecision,
    DisciplineForm,
    Finding,
    Programme,
    Remedy,
    RemedyReport,
    SubjectKind,
    Workflow,
    WorkflowState,
    WorkflowTransition,
)
from .selectors import case_capacities, may_act, may_run_authority

STANDARD_WORKFLOW = "standard"


def history_reason(text: str) -> str:
    """A reason made from a free text (a step's note, a decision's grounds): cut to what a history row keeps, so a
    long note is never refused as a reason the user did not type."""
    return Truncator(text).chars(reason_max())


def follow(given, saved) -> None:
    """The caller's copy of a record a service read again and saved takes the saved values (its revision among
    them), so that the caller can go on with it as if the service had saved it."""
    if given is saved:
        return
    for f in saved._meta.concrete_fields:
        setattr(given, f.attname, getattr(saved, f.attname))
    given._state.fields_cache.clear()


def accepted_file(upload, field: str) -> tuple[object, str]:
    """(the file, the name it was uploaded under): a file that did not come through core.files.UploadField (a
    program, the API) is checked here, refused on `field`; the stored name is generated (core.files)."""
    if not upload:
        return None, ""
    if not hasattr(upload, "original_name"):
        try:
            accept_upload(upload)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None
    return upload, upload.original_name


def default_symbol(organization: Organization, kind: str) -> str:
    """The symbol a new authority starts with (the kind's abbreviation); the real one (ĐUK…) is set in /admin/."""
    abbreviation = organization.kind.abbreviation or organization.code
    return f"UBKT{abbreviation}" if kind == Authority.Kind.INSPECTION_COMMITTEE else abbreviation


@transaction.atomic
def authority_ensure(*, actor, organization: Organization, kind: str, symbol: str = "") -> Authority:
    if kind not in Authority.Kind.values:
        raise ValidationError({"kind": _("Choose the body.")})
    authority = Authority.objects.filter(organization=organization, kind=kind).first()
    if authority:
        return authority
    authority = Authority(organization=organization, kind=kind, symbol=nfc(symbol) or default_symbol(organization, kind))
    return save_with_history(authority, actor=actor, reason=_("Inspecting authority recorded"))


DECISION_KIND = "QĐ"  # "Quyết định" (rules: document_kinds)


def decision_issuer(*, actor, authority: Authority) -> Issuer:
    """The register's body that numbers the authority's decisions: the same body (a cell, which has neither standing
    nor inspection committee, decides as itself), recorded with the authority's symbol if it never issued."""
    kind = authority.kind if authority.kind in numbering.issuer_kinds(authority.organization) else Issuer.Kind.COMMITTEE
    return numbering.issuer_ensure(actor=actor, organization=authority.organization, issuer_kind=kind,
                                   symbol=authority.symbol)


def decision_record(*, actor, authority: Authority, on: datetime.date, title: str, source=None,
                    confidential: bool = False) -> Document:
    """The decision's number (`12-QĐ/ĐUK`: the next of the body's decisions in the register's series, from 01
    within the committee term, HD 36) and its line in the register (documents.services.document_record), which
    opens the decision's record. The counter row stays locked until the transaction ends, so two decisions issued at
    once never share a number. `confidential`: read in the register only by whoever reads its secret documents."""
    return document_record(actor=actor, issuer=decision_issuer(actor=actor, authority=authority), kind=DECISION_KIND,
                           issued_on=on, title=title, source=source,
                           confidentiality=Confidentiality.CONFIDENTIAL if confidential else Confidentiality.NORMAL)


def reserve_decision_numbers(*, authority: Authority, year: int, last: int) -> None:
    """Numbers up to `last` of `year`, given before the register numbered the authority's decisions (its yearly
    counter, inspections.DecisionCounter, or an import), are never given again: every series they could fall in
    (each term over the year, the year itself, under the authority's symbol and the body's) starts after them."""
    symbols = {authority.symbol} | set(Issuer.objects.filter(
        organization=authority.organization, kind__in=[authority.kind, Issuer.Kind.COMMITTEE]).values_list(
        "symbol", flat=True))
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    terms = Term.objects.filter(organization=authority.organization, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=start)).values_list("pk", flat=True)
    for symbol in sorted(symbols):
        for period in [f"t{pk}" for pk in terms] + [f"y{year}"]:
            counter, _created = Counter.objects.get_or_create(key=f"out/{authority.organization_id}/{symbol}/"
                                                                  f"{DECISION_KIND}/{period}")
            if counter.last < last:
                counter.last = last
                counter.save(update_fields=["last"])


@transaction.atomic
def programme_open(*, actor, organization: Organization, kind: str, year: int, title: str = "",
                   approved_on: datetime.date | None = None) -> Programme:
    """A programme of one body (standing or inspection committee) of the organisation, the body recorded as an
    authority first if it is not yet one: both or nothing."""
    authority = authority_ensure(actor=actor, organization=organization, kind=kind)
    return programme_create(actor=actor, authority=authority, year=year, title=title, approved_on=approved_on)


@transaction.atomic
def programme_create(*, actor, authority: Authority, year: int, title: str = "",
                     approved_on: datetime.date | None = None) -> Programme:
    if not year or year < 1930 or year > datetime.date.today().year + 1:
        raise ValidationError({"year": _("Enter a year up to next year.")})
    if Programme.objects.filter(authority=authority, year=year).exists():
        raise ValidationError({"year": _("%(authority)s already has its programme for %(year)s.")
                               % {"authority": authority, "year": year}})
    title = nfc(title) or _("Inspection and supervision programme %(year)s") % {"year": year}
    programme = Programme(authority=authority, year=year, title=title, approved_on=approved_on)
    return save_with_history(programme, actor=actor, reason=_("Programme created"))


def _check_case_fields(programme, type, planned_from, planned_to, subject_organizations, subject_members,
                       team_head, team_members):
    if type not in CaseType.values:
        raise ValidationError({"type": _("Choose the type of inspection or supervision.")})
    require(planned_from, "planned_from", _("Enter the date."))
    require(planned_to, "planned_to", _("Enter the date."))
    check_date(planned_from, "planned_from")
    if planned_to < planned_from:
        raise ValidationError({"planned_to": _("The end comes after the start.")})
    if planned_from.year != programme.year:
        raise ValidationError({"planned_from": _("The programme is for %(year)s.") % {"year": programme.year}})
    if not subject_organizations and not subject_members:
        raise ValidationError({"subject_organizations": _("Choose at least one organisation or member inspected.")})
    covered = subtree_ids(programme.authority.organization_id)
    for organization in subject_organizations:
        if organization.pk not in covered:
            raise ValidationError({"subject_organizations": _("%(name)s is not under %(authority)s.")
                                   % {"name": organization.name, "authority": programme.authority.organization}})
    for member in subject_members:
        if member.organization_id not in covered:
            raise ValidationError({"subject_members": _("%(name)s is not a member under %(authority)s.")
                                   % {"name": member.full_name, "authority": programme.authority.organization}})
    if team_members and team_head and team_head in team_members:
        raise ValidationError({"team_members": _("The team head is already in the team.")})


@transaction.atomic
def case_create(*, actor, programme: Programme, type: str, title: str, planned_from: datetime.date,
                planned_to: datetime.date, content: str = "", subject_organizations=(), subject_members=(),
                team_head=None, team_members=(), reason: str = "") -> Case:
    """A programme item, in the workflow's initial state."""
    subject_organizations, subject_members, team_members = list(subject_organizations), list(subject_members), \
        list(team_members)
    title = require_text(title, "title", _("Enter the title."))
    _check_case_fields(programme, type, planned_from, planned_to, subject_organizations, subject_members,
                       team_head, team_members)
    workflow = Workflow.objects.get(code=STANDARD_WORKFLOW)
    initial = workflow.states.filter(is_initial=True).order_by("order").first()
    case = Case(programme=programme, type=type, title=title, content=nfc_text(content), planned_from=planned_from,
                planned_to=planned_to, team_head=team_head, workflow=workflow, state=initial)
    save_with_history(case, actor=actor, reason=nfc(reason) or _("Added to the programme"))
    case.subject_organizations.set(subject_organizations)
    case.subject_members.set(subject_members)
    case.team_members.set(team_members)
    CaseStep.objects.create(case=case, state=initial, on=programme.approved_on or planned_from, created_by=actor,
                            note=_("Added to the programme"))
    return case


@transaction.atomic
def case_update(*, actor, case: Case, reason: str, **fields) -> Case:
    """The programme item's description and team (while the case is open)."""
    if case.closed_on or case.state.is_cancelled:
        raise ValidationError(_("This case is closed: it can no longer change."))
    m2m = {k: list(fields.pop(k)) for k in ("subject_organizations", "subject_members", "team_members") if k in fields}
    for name, value in fields.items():
        setattr(case, name, nfc_text(value) if isinstance(value, str) else value)
    case.title = require_text(case.title, "title", _("Enter the title."))
    _check_case_fields(case.programme, case.type, case.planned_from, case.planned_to,
                       m2m.get("subject_organizations", list(case.subject_organizations.all())),
                       m2m.get("subject_members", list(case.subject_members.all())), case.team_head,
                       m2m.get("team_members", list(case.team_members.all())))
    save_with_history(case, actor=actor, reason=require_text(reason, "reason", _("Say why it changes.")))
    for name, value in m2m.items():
        getattr(case, name).set(value)
    return case


@transaction.atomic
def case_record_findings(*, actor, case: Case, strengths: str = "", shortcomings: str = "", conclusion: str = "",
                         recommendations: str = "", reason: str = "") -> Case:
    """The overall assessment, the conclusion and the recommendations (drafted before the conclusion step)."""
    if case.closed_on or case.state.is_cancelled:
        raise ValidationError(_("This case is closed: it can no longer change."))
    if case.concluded_on:
        raise ValidationError(_("The conclusion was issued on %(date)s: it can no longer change.")
                              % {"date": dmy(case.concluded_on)})
    case.strengths, case.shortcomings = nfc_text(strengths), nfc_text(shortcomings)
    case.conclusion, case.recommendations = nfc_text(conclusion), nfc_text(recommendations)
    return save_with_history(case, actor=actor, reason=nfc(reason) or _("Findings and conclusion drafted"))


@transaction.atomic
def finding_add(*, actor, case: Case, kind: str, text: str, organization=None, member=None) -> Finding:
    if case.closed_on or case.state.is_cancelled:
        raise ValidationError(_("This case is closed: it can no longer change."))
    if kind not in Finding.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of finding.")})
    text = require_text(text, "text", _("Describe the finding."))
    if kind == Finding.Kind.VIOLATION and organization is None and member is None:
        raise ValidationError({"organization": _("A violation names the organisation or the member concerned.")})
    finding = Finding(case=case, kind=kind, text=text, organization=organization, member=member)
    return save_with_history(finding, actor=actor, reason=_("Finding recorded"))


@transaction.atomic
def case_transition(*, actor, case: Case, target: WorkflowState, on: datetime.date, document_number: str = "",
                    document_title: str = "", document=None, note: str = "",
                    self_report_due: datetime.date | None = None) -> Case:
    """Move a case to the next state the workflow allows, if the actor may: one dated step with its document.
    The case is read again, locked; a case changed since the caller read it (its `revision`) is refused."""
    given, read = case, case.revision
    case = Case.objects.select_for_update().select_related("state", "programme__authority").get(pk=case.pk)
    if read and case.revision != read:
        raise stale_edit(case, read)
    transition = WorkflowTransition.objects.filter(source=case.state, target=target).first()
    if transition is None:
        raise ValidationError({"target": _("From “%(source)s” the case cannot go to “%(target)s”.")
                               % {"source": case.state.label, "target": target.label}})
    if not may_act(transition.actor, case_capacities(actor, case)):
        raise ValidationError({"target": _("Only %(who)s may take this step.")
                               % {"who": transition.get_actor_display().lower()}})
    require_date(on, "on", future=False)
    last = case.steps.order_by("-on", "-id").first()
    if last and on < last.on:
        raise ValidationError({"on": _("The previous step is dated %(date)s.") % {"date": dmy(last.on)}})
    document_number = nfc(document_number)
    if target.issues_decision:
        if document_number:
            raise ValidationError({"document_number": _("The decision number is given by the system.")})
        with translation.override("vi"):  # the register's words are the printed ones
            title = f"Quyết định {case.get_type_display().lower()}: {case.title}"
        registered = decision_record(actor=actor, authority=case.programme.authority, on=on, title=title,
                                     source=case, confidential=case.type == CaseType.SIGNS_OF_VIOLATION)
        document_number = registered.symbol
        case.decision_number, case.decided_on = document_number, on
    if target.sets_self_report_due:
        if not self_report_due:
            raise ValidationError({"self_report_due": _("Enter the deadline of the self-report.")})
        check_date(self_report_due, "self_report_due")
        if self_report_due < on:
            raise ValidationError({"self_report_due": _("The deadline comes after the notice.")})
        case.self_report_due = self_report_due
    if target.requires_conclusion:
        if not case.conclusion.strip():
            raise ValidationError({"target": _("Write the conclusion first.")})
        case.concluded_on = on
    if target.is_final:
        pending = case.remedies.filter(status__in=(Remedy.Status.OPEN, Remedy.Status.REPORTED)).count()
        if pending:
            raise ValidationError({"target": _("%(n)d remedies are neither done nor carried over: the case cannot "
                                               "close yet.") % {"n": pending}})
        case.closed_on = on
    document, file_name = accepted_file(document, "document")
    case.state = target
    save_with_history(case, actor=actor, reason=history_reason(nfc(note)) or target.label)
    step = CaseStep(case=case, state=target, on=on, document_number=document_number,
                    document_title=nfc(document_title), note=nfc_text(note), created_by=actor, file_name=file_name)
    if document:
        step.document = document
    step.full_clean()
    check_bounds(step)
    step.save()
    follow(given, case)
    return case


@transaction.atomic
def remedy_add(*, actor, case: Case, text: str, organization: Organization, deadline: datetime.date) -> Remedy:
    """A remedy of a concluded case: the responsible organisation learns of the case only once it is concluded
    (before, its secretary would see the remedy, and so the case, on the to-do and the inspection page)."""
    if case.closed_on or case.state.is_cancelled:
        raise ValidationError(_("This case is closed: it can no longer change."))
    if not case.concluded_on:
        raise ValidationError(_("Remedies are assigned once the conclusion is issued."))
    text = require_text(text, "text", _("Describe the remedy."))
    require(organization, "organization", _("Choose the responsible organisation."))
    require_date(deadline, "deadline", message=_("Enter the deadline."))
    remedy = Remedy(case=case, text=text, organization=organization, deadline=deadline)
    return save_with_history(remedy, actor=actor, reason=_("Remedy assigned"))


def _check_remedy_open(remedy: Remedy) -> None:
    if remedy.status in (Remedy.Status.DONE, Remedy.Status.CARRIED_OVER):
        raise ValidationError(_("This remedy is %(status)s.") % {"status": remedy.get_status_display().lower()})


@transaction.atomic
def remedy_report(*, actor, remedy: Remedy, reported_on: datetime.date, text: str, done: bool = False,
                  evidence=None, evidence_title: str = "") -> RemedyReport:
    """The responsible organisation reports progress; `done` hands it to the follow-up check."""
    _check_remedy_open(remedy)
    require_date(reported_on, "reported_on", future=False)
    text = require_text(text, "text", _("Describe what was done."))
    if done and not (evidence or nfc(evidence_title)):
        raise ValidationError({"evidence_title": _("Name the evidence that the remedy is done.")})
    evidence, file_name = accepted_file(evidence, "evidence")
    report = RemedyReport(remedy=remedy, reported_on=reported_on, text=text, done=done,
                          evidence_title=nfc(evidence_title), created_by=actor, file_name=file_name)
    if evidence:
        report.evidence = evidence
    report.full_clean()
    check_bounds(report)
    if done:
        remedy.status, remedy.reported_on = Remedy.Status.REPORTED, reported_on
    # The remedy first: a stale one (core.versions) is refused before the evidence file is written.
    save_with_history(remedy, actor=actor, reason=_("Reported done") if done else _("Progress reported"))
    report.save()
    return report


@transaction.atomic
def remedy_check(*, actor, remedy: Remedy, checked_on: datetime.date, accepted: bool, note: str) -> Remedy:
    """The follow-up check: accepted, the remedy is done; otherwise it goes back to the responsible organisation."""
    _check_remedy_open(remedy)
    require_date(checked_on, "checked_on", future=False)
    note = require_text(note, "note", _("Write what the check found."))
    remedy.checked_on, remedy.check_note = checked_on, note
    remedy.status = Remedy.Status.DONE if accepted else Remedy.Status.OPEN
    return save_with_history(remedy, actor=actor, reason=_("Follow-up check: done") if accepted
                             else _("Follow-up check: not done yet"))


@transaction.atomic
def remedy_carry_over(*, actor, remedy: Remedy, note: str) -> Remedy:
    """Explicitly carried over to a later programme, so the case can close."""
    _check_remedy_open(remedy)
    note = require_text(note, "note", _("Say why and where it is carried over."))
    remedy.status, remedy.check_note = Remedy.Status.CARRIED_OVER, note
    return save_with_history(remedy, actor=actor, reason=history_reason(_("Carried over: %(note)s") % {"note": note}))


def subject_kind_of(*, organization=None, member=None) -> str:
    if organization is not None:
        return SubjectKind.ORGANIZATION
    if member is None:
        raise ValidationError({"member": _("Choose the member or the organisation disciplined.")})
    if member.status == MemberStatus.FULL:
        return SubjectKind.FULL_MEMBER
    if member.status == MemberStatus.PROBATIONARY:
        return SubjectKind.PROBATIONARY_MEMBER
    raise ValidationError({"member": _("%(name)s is no longer a member (%(status)s).")
                           % {"name": member.full_name, "status": member.get_status_display().lower()}})


FORMS_RULES = {SubjectKind.ORGANIZATION: DISCIPLINE_FORMS_ORGANIZATION,
               SubjectKind.FULL_MEMBER: DISCIPLINE_FORMS_FULL_MEMBER,
               SubjectKind.PROBATIONARY_MEMBER: DISCIPLINE_FORMS_PROBATIONARY_MEMBER}


@applies(DISCIPLINE_FORMS_FULL_MEMBER, DISCIPLINE_FORMS_PROBATIONARY_MEMBER, DISCIPLINE_FORMS_ORGANIZATION,
         where=gettext_lazy("Discipline decision: the forms allowed for the member or organisation on the decision "
                            "date (others refused)"))
def allowed_forms(subject_kind: str, on: datetime.date, field: str = "decided_on") -> list[str]:
    """The forms the rule data allows on that day; no rule in force then is a refusal on `field`, never a 500."""
    return list(rule_value_for(FORMS_RULES[subject_kind], on=on, field=field))


@transaction.atomic
def discipline_issue(*, actor, authority: Authority, form: str, reason: str, decided_on: datetime.date,
                     effective_on: datetime.date | None = None, organization=None, member=None, seat=None,
                     case: Case | None = None, received_on: datetime.date | None = None) -> DisciplineDecision:
    """A numbered decision with a form the rule data allows for the subject; its effect (expulsion, removal from
    post, dissolution) goes through the members, apparatus and organisations services in this transaction."""
    if organization is not None and member is not None:
        raise ValidationError({"member": _("A decision disciplines one organisation or one member.")})
    subject_kind = subject_kind_of(organization=organization, member=member)
    require_date(decided_on, "decided_on", future=False)
    effective_on = effective_on or decided_on
    if effective_on < decided_on:
        raise ValidationError({"effective_on": _("It takes effect on or after the day it is decided.")})
    require_date(effective_on, "effective_on", future=False)
    if received_on and received_on < decided_on:
        raise ValidationError({"received_on": _("It is received on or after the day it is decided.")})
    allowed = allowed_forms(subject_kind, decided_on)
    if form == DisciplineForm.DISSOLUTION and authority.kind == Authority.Kind.INSPECTION_COMMITTEE:
        raise ValidationError({"form": _("An inspection committee does not dissolve an organisation: dissolution is "
                                         "decided by the standing committee.")})
    if form not in DisciplineForm.values or form not in allowed:
        labels = ", ".join(str(DisciplineForm(f).label).lower() for f in allowed)
        raise ValidationError({"form": _("%(subject)s can only be disciplined by: %(forms)s.")
                               % {"subject": SubjectKind(subject_kind).label, "forms": labels}})
    reason = require_text(reason, "reason", _("Enter the reason."))
    if form == DisciplineForm.REMOVAL_FROM_POST:
        if seat is None:
            raise ValidationError({"seat": _("Choose the post the member is removed from.")})
        if seat.member_id != member.pk or not seat.is_active:
            raise ValidationError({"seat": _("%(name)s does not hold this post now.") % {"name": member.full_name}})
    elif seat is not None:
        raise ValidationError({"seat": _("A post is chosen only for a removal from post.")})
    if organization is not None:
        if organization.pk == authority.organization_id or organization.pk not in subtree_ids(
                authority.organization_id):
            raise ValidationError({"organization": _("%(name)s is not under %(authority)s.")
                                   % {"name": organization.name, "authority": authority.organization}})
    if member is not None and member.organization_id not in subtree_ids(authority.organization_id):
        raise ValidationError({"member": _("%(name)s is not a member under %(authority)s.")
                               % {"name": member.full_name, "authority": authority.organization}})
    with translation.override("vi"):
        subject = member.full_name if member is not None else organization.name if organization is not None else ""
        title = f"Quyết định thi hành kỷ luật ({DisciplineForm(form).label.lower()}): {subject}"
    document = decision_record(actor=actor, authority=authority, on=decided_on, title=title, confidential=True)
    number = document.symbol
    decision = DisciplineDecision(
        authority=authority, case=case, subject_kind=subject_kind, organization=organization, member=member,
        seat=seat, form=form, reason=reason, number=number, decided_on=decided_on, effective_on=effective_on,
        received_on=received_on)
    save_with_history(decision, actor=actor, reason=_("Discipline decision %(number)s") % {"number": number})
    document_source_set(document=document, source=decision)
    why = history_reason(_("%(form)s by decision %(number)s: %(reason)s") % {
        "form": DisciplineForm(form).label, "number": number, "reason": reason})
    if form == DisciplineForm.EXPULSION:
        member_expel(actor=actor, member=member, effective_on=effective_on, reason=why, decision_number=number)
    elif form == DisciplineForm.REMOVAL_FROM_POST:
        seat_end(actor=actor, seat=seat, ended_on=effective_on, end_reason=Seat.EndReason.REMOVED,
                 decision_number=number, reason=why)
    elif form == DisciplineForm.DISSOLUTION:
        organization_dissolve(actor=actor, organization=organization, effective_on=effective_on,
                              decision_number=number, reason=why)
    return decision


@transaction.atomic
def discipline_record_receipt(*, actor, decision: DisciplineDecision, received_on: datetime.date) -> DisciplineDecision:
    require_date(received_on, "received_on", future=False)
    if received_on < decision.decided_on:
        raise ValidationError({"received_on": _("It is received on or after the day it is decided.")})
    decision.received_on = received_on
    return save_with_history(decision, actor=actor, reason=_("Receipt of the decision recorded"))


# -- an inspection on signs of violation opened on a denunciation ------------------------------------------------

@transaction.atomic
def case_open_on_signs_of_violation(*, actor, organization: Organization, denunciation: str, reason: str,
                                    planned_from: datetime.date, planned_to: datetime.date, summary: str = "",
                                    persons: str = "", authority: Authority | None = None, authority_kind: str = "",
                                    title: str = "", subject_organizations=(), subject_members=(), team_head=None,
                                    team_members=()) -> Case:
    """Open an inspection on signs of violation on a denunciation (`denunciation`: its reference, e.g. a register
    number; `summary` and `persons`: what it is about and who it concerns, copied into the case's content): a case
    of an authority of `organization` — `authority`, or its body `authority_kind` — in that authority's programme
    for the year of `planned_from` (the programme is created if the authority has none yet). Only those who run the
    organisation's case files may. Whoever calls it keeps the sender out of what it passes."""
    if authority is None and authority_kind not in Authority.Kind.values:
        raise ValidationError({"authority_kind": _("Choose the body.")})
    field = "authority" if authority is not None else "authority_kind"
    if authority is not None and authority.organization_id != organization.pk:
        raise ValidationError({field: _("Choose a body of the competent organisation.")})
    if not may_run_authority(actor, organization.pk):
        raise ValidationError({field: _("You do not run the inspection case files of %(organization)s.")
                               % {"organization": organization}})
    reason = require_text(reason, "reason", _("Say why an inspection is opened (the signs of violation)."))
    require(planned_from, "planned_from", _("Enter the date."))
    if planned_from.year > datetime.date.today().year + 1:
        raise ValidationError({"planned_from": _("Enter a year up to next year.")})
    if authority is None:
        authority = authority_ensure(actor=actor, organization=organization, kind=authority_kind)
    programme = Programme.objects.filter(authority=authority, year=planned_from.year).first()
    if programme is None:
        programme = programme_create(actor=actor, authority=authority, year=planned_from.year)
    title = nfc(title) or _("Inspection on signs of violation (denunciation %(number)s)") % {"number": denunciation}
    content = "\n".join(line for line in (
        _("From denunciation %(number)s: %(summary)s") % {"number": denunciation, "summary": summary},
        _("Persons concerned: %(persons)s") % {"persons": persons} if persons else "",
        reason) if line)
    return case_create(actor=actor, programme=programme, type=CaseType.SIGNS_OF_VIOLATION, title=title,
                       planned_from=planned_from, planned_to=planned_to, content=content,
                       subject_organizations=subject_organizations, subject_members=subject_members,
                       team_head=team_head, team_members=team_members,
                       reason=history_reason(_("Opened from denunciation %(number)s: %(reason)s")
                                             % {"number": denunciation, "reason": reason}))
