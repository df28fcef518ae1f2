"""Every write to petitions: intake, classification, assignment, verification, conclusion, notification,
archive, the opening of an inspection on signs of violation, and the access log. One transaction each; a refusal
names the field at fault and writes nothing; history keeps who acted and why. Nothing is deleted: a letter not
handled keeps its reason. No date typed in a petition may come before the Party's founding day, where the rule data
starts (core.validation), nor lie in the future."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_working_days, holidays_from
from core.history import save_with_history
from core.text import nfc
from core.validation import check_date, require_date
from core.versions import stale_edit
from inspections.models import Case
from inspections.selectors import decision_qs
from inspections.services import accepted_file, case_open_on_signs_of_violation, follow
from organizations.models import Organization
from rules.codes import (
    PETITION_COMPLAINT_SETTLEMENT_WORKING_DAYS,
    PETITION_DENUNCIATION_SETTLEMENT_DAYS,
    PETITION_JURISDICTION,
    PETITION_NOT_HANDLED_GROUNDS,
)
from rules.selectors import RuleMissing, rule_for
from rules.usage import applies

from .jurisdiction import competent_organization_id
from .models import (
    COMPLAINT_KINDS,
    OPEN_STATES,
    SETTLED_STATES,
    Access,
    Attachment,
    Concerns,
    Ground,
    Handler,
    Kind,
    Outcome,
    Petition,
    State,
)
from .selectors import complaint_window, handler_candidates, petition_authority_organization_id, repeat_candidates

DECISION_NOT_VISIBLE = gettext_lazy(
    "This disciplinary decision is not among those you may see: choose one from the list, or type the number and "
    "date of a decision issued outside this system.")


def _dated(value, field: str, *, after: datetime.date | None = None, after_label: str = "") -> None:
    """A date the user typed: given, not before the founding day nor in the future, and not before `after` (the
    previous step, named by `after_label`)."""
    require_date(value, field, future=False)
    check_date(value, field, not_before=after, not_before_label=after_label)


def _require_state(petition: Petition, *states) -> None:
    if petition.state not in states:
        raise ValidationError(_("This step is not possible while the petition is “%(state)s”.")
                              % {"state": petition.get_state_display()})


def _text(value) -> str:
    return nfc((value or "").strip())


# -- intake ----------------------------------------------------------------------------------------------------

@transaction.atomic
def petition_receive(*, actor, organization: Organization, received_on: datetime.date, channel: str,
                     summary: str, content: str, anonymous: bool = False, sender_name: str = "",
                     sender_address: str = "", sender_contact: str = "", signatory_count: int = 1,
                     signatories: str = "", signed_original: bool = True, forwarded_by: str = "",
                     subject_persons: str = "", subject_organization: Organization | None = None,
                     concerns: str = Concerns.MEMBER, attachments=()) -> Petition:
    """Enter a letter in the organisation's register, numbered in the year it was received."""
    _dated(received_on, "received_on")
    sender_name = _text(sender_name)
    if anonymous and sender_name:
        raise ValidationError({"sender_name": _("An anonymous letter has no sender: clear the name or untick "
                                                "“anonymous”.")})
    if not anonymous and not sender_name:
        raise ValidationError({"sender_name": _("Enter the sender's name, or tick “anonymous”.")})
    if not signatory_count or signatory_count < 1:
        raise ValidationError({"signatory_count": _("A letter has at least one signatory.")})
    if channel == "forwarded" and not _text(forwarded_by):
        raise ValidationError({"forwarded_by": _("Enter the body that forwarded the letter.")})
    # Two clerks entering letters at once must not draw the same number: the register's organisation row is
    # locked for the transaction (PostgreSQL; SQLite serialises writers anyway), and the constraint backs it up.
    list(Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk", flat=True))
    last = Petition.objects.filter(organization=organization, year=received_on.year).aggregate(
        n=Max("number"))["n"] or 0
    petition = Petition(
        organization=organization, year=received_on.year, number=last + 1, received_on=received_on, channel=channel,
        forwarded_by=_text(forwarded_by), anonymous=anonymous, sender_name=sender_name,
        sender_address=_text(sender_address), sender_contact=_text(sender_contact), signatory_count=signatory_count,
        signatories=_text(signatories), signed_original=signed_original, subject_persons=_text(subject_persons),
        subject_organization=subject_organization, concerns=concerns, summary=_text(summary), content=_text(content),
    )
    # Every file is checked before anything is written (a file refused leaves no row and no file behind).
    files = [accepted_file(upload, "attachments") for upload in attachments or () if upload]
    save_with_history(petition, actor=actor, reason=_("Letter received"))
    for upload, name in files:
        attachment = Attachment(petition=petition, title=_text(name)[:300] or _("Scan"), file=upload,
                                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
        save_with_history(attachment, actor=actor, reason=_("Letter received"))
    return petition


# -- classification and eligibility ----------------------------------------------------------------------------

def effective_kind(kind: str, also_denounces: bool) -> tuple[str, bool]:
    """(the kind the letter is handled as, whether the sender is told how to denounce).

    RULES.md: "a letter that both complains and denounces: only the complaint is handled, the sender is told how to
    denounce". That covers complaints only. A feedback letter that also denounces contains a denunciation and no
    complaint: it is handled as a denunciation (its grounds and deadline), and there is nothing to tell the sender.
    """
    if not also_denounces:
        return kind, False
    if kind == Kind.FEEDBACK:
        return Kind.DENUNCIATION, False
    if kind == Kind.DENUNCIATION:  # a denunciation that also complains
        return Kind.COMPLAINT, True
    return kind, True


@applies(PETITION_NOT_HANDLED_GROUNDS, where=gettext_lazy("Petitions: classification, the grounds for not handling a "
                                                       "letter"), page="petitions:register")
def judge(*, petition: Petition, kind: str, also_denounces: bool, facts: set[str], competent_id: int | None,
          on: datetime.date) -> dict:
    """The classification a letter gets, from rule data: its kind (effective_kind), every ground for not handling it
    that the rule in force lists, and the rules used. A named sender who gave no address is the "false name or no
    address" ground without anyone having to see the sender."""
    kind, told = effective_kind(kind, also_denounces)
    grounds_rule = rule_for(PETITION_NOT_HANDLED_GROUNDS, on=on, field="received_on")
    listed = set(grounds_rule.value)
    found: list[str] = []
    if kind != Kind.FEEDBACK:
        observed = set(facts)
        if petition.anonymous:
            observed.add(Ground.ANONYMOUS)
        elif not _text(petition.sender_address):
            observed.add(Ground.FALSE_IDENTITY)
        if petition.signatory_count >= 2:
            observed.add(Ground.MULTIPLE_SIGNATORIES)
        if not petition.signed_original:
            observed.add(Ground.UNSIGNED_COPY)
        # The order of Ground is the order a register states the reason in.
        found = [g for g in Ground.values if g in observed and g in listed]
    rules = [grounds_rule]
    if kind == Kind.COMPLAINT_DISCIPLINE and petition.decision_received_on:
        last_day, window_rule = complaint_window(petition)
        if petition.received_on > last_day:
            found.append(Ground.OUT_OF_TIME)
        rules.append(window_rule)
    if competent_id is not None and competent_id != petition.organization_id:
        found.append(Ground.OUT_OF_JURISDICTION)
    return {"kind": kind, "also_denounces": told, "grounds": found, "rules": rules}


@applies(PETITION_DENUNCIATION_SETTLEMENT_DAYS, PETITION_COMPLAINT_SETTLEMENT_WORKING_DAYS,
         where=gettext_lazy("Petitions: the settlement deadline set when a letter is classified (recomputed when the "
                            "working-day calendar changes)"), page="petitions:register")
def settlement_due(kind: str, accepted_on: datetime.date, *, holidays=None) -> datetime.date | None:
    """Settlement deadline from rule data: denunciations in days, complaints in working days (the holiday
    calendar counted out; `holidays` preloaded by callers that compute many); feedback has no regulated deadline."""
    if kind == Kind.DENUNCIATION:
        days = rule_for(PETITION_DENUNCIATION_SETTLEMENT_DAYS, on=accepted_on, field="classified_on").value
        return accepted_on + datetime.timedelta(days=days)
    if kind in COMPLAINT_KINDS:
        days = rule_for(PETITION_COMPLAINT_SETTLEMENT_WORKING_DAYS, on=accepted_on, field="classified_on").value
        return add_working_days(accepted_on, days, holidays=holidays)
    return None


def working_day_deadline(petition: Petition) -> bool:
    """Whether the petition's deadline is counted in working days (and so depends on the holiday calendar)."""
    return bool(petition.due_on) and petition.kind in COMPLAINT_KINDS


@transaction.atomic
def deadlines_recompute(*, actor, reason: str, from_day: datetime.date | None = None) -> int:
    """After the working-day calendar changed from `from_day` on (None: anywhere): recompute the working-day deadline
    of every open petition that runs up to that day or past it, with history. Returns how many deadlines moved."""
    rows = Petition.objects.select_for_update().filter(state__in=OPEN_STATES, kind__in=COMPLAINT_KINDS,
                                                       classified_on__isnull=False)
    if from_day is not None:
        rows = rows.filter(Q(due_on__isnull=True) | Q(due_on__gte=from_day))
    rows = list(rows.order_by("pk"))
    if not rows:
        return 0
    holidays = holidays_from(min(p.classified_on for p in rows))
    moved = 0
    for petition in rows:
        due = settlement_due(petition.kind, petition.classified_on, holidays=holidays)
        if due != petition.due_on:
            petition.due_on = due
            save_with_history(petition, actor=actor, reason=reason)
            moved += 1
    return moved


@applies(PETITION_JURISDICTION, where=gettext_lazy("Petitions: classification, the organisation competent to settle "
                                                "the letter"), page="petitions:register")
@transaction.atomic
def petition_classify(*, actor, petition: Petition, kind: str, classified_on: datetime.date,
                      subject_organization: Organization | None = None, concerns: str = Concerns.MEMBER,
                      also_denounces: bool = False, facts=(), decision_number: str = "",
                      decision_date: datetime.date | None = None, decision_received_on: datetime.date | None = None,
                      discipline_decision=None, repeat_of: Petition | None = None, forwarded_to: str = "",
                      note: str = "") -> Petition:
    """Classify the letter and judge whether it is handled; an accepted letter gets its settlement deadline.
    A complaint against a disciplinary decision names the decision: picked among those the actor may see
    (`discipline_decision`, whose number and date are then copied) or typed (a decision issued elsewhere)."""
    _require_state(petition, State.RECEIVED)
    _dated(classified_on, "classified_on", after=petition.received_on,
           after_label=_("the day the letter was received"))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of letter.")})
    facts = {f for f in facts if f in Ground.values}
    if subject_organization is None:
        raise ValidationError({"subject_organization": _("Choose the organisation the letter is about (the one the "
                                                         "person concerned belongs to).")})
    if discipline_decision is not None:
        if kind != Kind.COMPLAINT_DISCIPLINE:
            raise ValidationError({"discipline_decision": _("Only a complaint against a disciplinary decision is "
                                                            "linked to a decision.")})
        if not decision_qs(actor).filter(pk=discipline_decision.pk).exists():
            raise ValidationError({"discipline_decision": str(DECISION_NOT_VISIBLE)})
        decision_number, decision_date = discipline_decision.number, discipline_decision.decided_on
        # Receipt is per person: the complainant's day is typed; without it, the receipt recorded on the decision.
        decision_received_on = decision_received_on or discipline_decision.received_on
    check_date(decision_date, "decision_date", future=False)
    check_date(decision_received_on, "decision_received_on", future=False)
    # The filing window applies to every complaint against a disciplinary decision, one that also denounces too.
    if kind == Kind.COMPLAINT_DISCIPLINE:
        if not _text(decision_number):
            raise ValidationError({"decision_number": _("Enter the number of the disciplinary decision "
                                                        "complained against.")})
        if not decision_received_on:
            raise ValidationError({"decision_received_on": _("Enter the day the complainant received the "
                                                             "decision: the time limit to complain runs from it.")})
        if decision_date and decision_received_on < decision_date:
            raise ValidationError({"decision_received_on": _("The decision cannot be received before it is dated.")})
        if decision_received_on > petition.received_on:
            raise ValidationError({"decision_received_on": _("The decision must have been received before the "
                                                             "complaint.")})
    if Ground.REPEATED in facts and repeat_of is None:
        raise ValidationError({"repeat_of": _("Choose the earlier letter this one repeats.")})
    if repeat_of is not None and repeat_of.pk == petition.pk:
        raise ValidationError({"repeat_of": _("A letter cannot repeat itself.")})
    if repeat_of is not None and repeat_of.pk not in {
            p.pk for p in repeat_candidates(petition, subject_organization=subject_organization)}:
        # The staff classifying may not see the sender: the system compares the identities, and only a letter it
        # matched can be the earlier one.
        raise ValidationError({"repeat_of": _("The system found no match with this letter: a repeat is an earlier "
                                              "letter of this register from the same sender (name and address) "
                                              "about the same organisation or person.")})
    petition.subject_organization = subject_organization
    petition.concerns = concerns
    petition.decision_number = _text(decision_number)
    petition.decision_date = decision_date
    petition.decision_received_on = decision_received_on
    petition.discipline_decision = discipline_decision
    petition.repeat_of = repeat_of
    handled_as, _told = effective_kind(kind, also_denounces)
    try:
        competent_id, _rule = competent_organization_id(subject_organization, handled_as, concerns,
                                                        on=petition.received_on)
    except RuleMissing:
        rule_for(PETITION_JURISDICTION, on=petition.received_on, field="received_on")
        raise
    verdict = judge(petition=petition, kind=kind, also_denounces=also_denounces, facts=facts,
                    competent_id=competent_id, on=petition.received_on)
    petition.kind = verdict["kind"]
    petition.also_denounces = verdict["also_denounces"]
    petition.grounds = verdict["grounds"]
    petition.competent_organization_id = competent_id
    petition.classified_on = classified_on
    petition.classification_note = _text(note)
    if Ground.OUT_OF_JURISDICTION in verdict["grounds"]:
        forwarded_to = _text(forwarded_to) or Organization.objects.get(pk=competent_id).name
        petition.forwarded_to = forwarded_to
        petition.forwarded_on = classified_on
    elif _text(forwarded_to):
        raise ValidationError({"forwarded_to": _("The letter is within this committee's jurisdiction: it is not "
                                                 "forwarded.")})
    if verdict["grounds"]:
        petition.state = State.NOT_HANDLED
        petition.not_handled_reason = verdict["grounds"][0]
        petition.due_on = None
        reason = _("Not handled: %(reason)s") % {"reason": petition.get_not_handled_reason_display()}
    else:
        petition.state = State.ACCEPTED
        petition.not_handled_reason = ""
        petition.due_on = settlement_due(petition.kind, classified_on)
        reason = _("Accepted for settlement")
    return save_with_history(petition, actor=actor, reason=reason)


# -- handling --------------------------------------------------------------------------------------------------

@transaction.atomic
def petition_assign(*, actor, petition: Petition, users, assigned_on: datetime.date, lead=None,
                    reason: str = "") -> Petition:
    """Assign handlers (the first or `lead` leads); a petition being verified can take more handlers."""
    _require_state(petition, State.ACCEPTED, State.IN_PROGRESS, State.VERIFIED)
    _dated(assigned_on, "assigned_on", after=petition.classified_on, after_label=_("the day the letter was accepted"))
    users = list(users)
    if not users:
        raise ValidationError({"users": _("Choose at least one handler.")})
    allowed = set(handler_candidates(petition).values_list("pk", flat=True))
    for user in users:
        if user.pk not in allowed:
            raise ValidationError({"users": _("%(user)s does not work on this committee's petitions.")
                                   % {"user": user.get_full_name() or user.username}})
    current = set(petition.handlers.filter(ended_on__isnull=True).values_list("user_id", flat=True))
    lead = lead or (users[0] if not current else None)
    for user in users:
        if user.pk in current:
            continue
        save_with_history(Handler(petition=petition, user=user, assigned_on=assigned_on,
                                  lead=lead is not None and user.pk == lead.pk),
                          actor=actor, reason=_text(reason) or _("Assigned to settle the petition"))
    if petition.state == State.ACCEPTED:
        petition.state = State.IN_PROGRESS
        save_with_history(petition, actor=actor, reason=_text(reason) or _("Handlers assigned"))
    return petition


@transaction.atomic
def petition_verify(*, actor, petition: Petition, verification: str, verified_on: datetime.date) -> Petition:
    _require_state(petition, State.IN_PROGRESS, State.VERIFIED)
    first = petition.handlers.order_by("assigned_on").first()
    _dated(verified_on, "verified_on", after=first.assigned_on if first else petition.classified_on,
           after_label=_("the assignment"))
    if not _text(verification):
        raise ValidationError({"verification": _("Write down what the verification found.")})
    petition.verification = _text(verification)
    petition.verified_on = verified_on
    petition.state = State.VERIFIED
    return save_with_history(petition, actor=actor, reason=_("Verification recorded"))


OUTCOMES_BY_KIND = {
    Kind.FEEDBACK: (Outcome.ANSWERED,),
}


@transaction.atomic
def petition_conclude(*, actor, petition: Petition, outcome: str, conclusion: str, concluded_on: datetime.date,
                      verification: str = "", inspection_proposed: bool = False) -> Petition:
    """Conclude the case. The verification findings are required: recorded earlier or given here."""
    _require_state(petition, State.IN_PROGRESS, State.VERIFIED)
    if _text(verification):
        petition.verification = _text(verification)
        petition.verified_on = petition.verified_on or concluded_on
    if not petition.verification:
        raise ValidationError({"verification": _("Write down what the verification found before concluding.")})
    first = petition.handlers.order_by("assigned_on").first()
    _dated(concluded_on, "concluded_on", after=petition.verified_on or (first and first.assigned_on),
           after_label=_("the verification"))
    allowed = OUTCOMES_BY_KIND.get(petition.kind, (Outcome.FOUNDED, Outcome.PARTLY_FOUNDED, Outcome.UNFOUNDED))
    if outcome not in allowed:
        raise ValidationError({"outcome": _("Choose one of: %(choices)s.")
                               % {"choices": ", ".join(str(Outcome(o).label) for o in allowed)}})
    if not _text(conclusion):
        raise ValidationError({"conclusion": _("Write the conclusion.")})
    if inspection_proposed and petition.kind != Kind.DENUNCIATION:
        raise ValidationError({"inspection_proposed": _("Only a denunciation leads to an inspection on signs of "
                                                        "violation.")})
    petition.outcome = outcome
    petition.conclusion = _text(conclusion)
    petition.concluded_on = concluded_on
    petition.inspection_proposed = inspection_proposed
    petition.state = State.CONCLUDED
    return save_with_history(petition, actor=actor, reason=_("Concluded"))


def denunciation_guidance() -> str:
    return _("The denunciation in your letter is not settled with the complaint: send it as a separate "
             "denunciation, signed with your full name and address, to the competent inspection committee.")


@transaction.atomic
def petition_notify(*, actor, petition: Petition, notified_on: datetime.date, notification: str) -> Petition:
    """Record the result sent to the sender; a letter that also denounced tells them how to denounce."""
    _require_state(petition, State.CONCLUDED)
    _dated(notified_on, "notified_on", after=petition.concluded_on, after_label=_("the conclusion"))
    text = _text(notification)
    if not text:
        raise ValidationError({"notification": _("Write what the sender was told.")})
    if petition.also_denounces and denunciation_guidance() not in text:
        text = f"{text}\n\n{denunciation_guidance()}"
    petition.notification = text
    petition.notified_on = notified_on
    petition.state = State.NOTIFIED
    return save_with_history(petition, actor=actor, reason=_("Sender notified of the result"))


@transaction.atomic
def petition_archive(*, actor, petition: Petition, archived_on: datetime.date) -> Petition:
    """File the case. A letter not handled is filed too, and stays available to supervision."""
    _require_state(petition, State.NOTIFIED, State.NOT_HANDLED)
    _dated(archived_on, "archived_on", after=petition.notified_on or petition.classified_on,
           after_label=_("the last step"))
    petition.archived_on = archived_on
    petition.state = State.ARCHIVED
    return save_with_history(petition, actor=actor, reason=_("Archived"))


@transaction.atomic
def handler_relieve(*, actor, handler: Handler, ended_on: datetime.date, reason: str) -> Handler:
    if handler.ended_on:
        raise ValidationError(_("This handler has already been relieved."))
    _dated(ended_on, "ended_on", after=handler.assigned_on, after_label=_("the assignment"))
    if not _text(reason):
        raise ValidationError({"reason": _("Give the reason.")})
    handler.ended_on = ended_on
    return save_with_history(handler, actor=actor, reason=_text(reason))


# -- an inspection on signs of violation opened on a denunciation ----------------------------------------------

@transaction.atomic
def petition_open_inspection(*, actor, petition: Petition, planned_from: datetime.date, planned_to: datetime.date,
                             authority=None, authority_kind: str = "", title: str = "", subject_members=(),
                             team_head=None, team_members=(), reason: str = "") -> Case:
    """Open an inspection on signs of violation on a denunciation (being verified or concluded) and link it from
    the petition, in one transaction: the case goes into the programme of an authority of the competent
    organisation (inspections.services.case_open_on_signs_of_violation, which refuses those who do not run its
    case files), about the organisation and the members the letter concerns. The sender is never copied into the
    case. The petition is read again, locked; one changed since the caller read it (its `revision`) is refused."""
    given, read = petition, petition.revision
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if read and petition.revision != read:
        raise stale_edit(petition, read)
    if petition.kind != Kind.DENUNCIATION:
        raise ValidationError(_("Only a denunciation leads to an inspection on signs of violation."))
    if petition.state not in (State.IN_PROGRESS, State.VERIFIED, *SETTLED_STATES):
        raise ValidationError(_("An inspection on signs of violation is opened while the denunciation is being "
                                "verified or once it is concluded."))
    if petition.inspection_case_id:
        raise ValidationError(_("An inspection on signs of violation has already been opened on this letter."))
    organization = Organization.objects.get(pk=petition_authority_organization_id(petition))
    case = case_open_on_signs_of_violation(
        actor=actor, organization=organization, denunciation=petition.register_number, summary=petition.summary,
        persons=petition.subject_persons, reason=reason, authority=authority, authority_kind=authority_kind,
        title=title, planned_from=planned_from, planned_to=planned_to,
        subject_organizations=[petition.subject_organization] if petition.subject_organization_id else [],
        subject_members=subject_members, team_head=team_head, team_members=team_members)
    petition.inspection_case = case
    petition.inspection_proposed = True
    # The petition's history is read by those who may not open the case file: no title, no reason there.
    save_with_history(petition, actor=actor, reason=_("Inspection on signs of violation opened"))
    follow(given, petition)
    return case


# -- the access log --------------------------------------------------------------------------------------------

def accesses_record(*, user, petitions, via: str, visible: set[int]) -> None:
    """One opening of each petition by `user` (page, export, API, attachment, a register page showing its sender),
    in one query; `visible`: the ids whose sender was shown."""
    Access.objects.bulk_create([Access(petition_id=p.pk, user=user, via=via, identity_shown=p.pk in visible)
                                for p in petitions])
