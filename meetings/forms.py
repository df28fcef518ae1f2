import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.files import UploadField
from core.forms import BootstrapMixin, DateField
from members.models import Member
from organizations.selectors import organization_qs
from rules.selectors import rule_value

from .models import Attendance, MeetingKind, StepCode, Visit
from .quality import length_required
from .selectors import visit_meetings


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%H:%M")


class MeetingPlanForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices, initial=MeetingKind.REGULAR)
    planned_on = DateField(label=_("Planned on"))
    planned_at = forms.TimeField(label=_("At"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False,
                            help_text=_("Required for a thematic meeting."))
    is_pilot = forms.BooleanField(label=_("Cluster pilot (with observers from the cluster)"), required=False)
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = datetime.date.today()
        if not self.is_bound:
            self.fields["planned_on"].initial = today
        minimum, combined = length_required(today, rule_value)
        if combined:
            self.fields["topic"].help_text = _(
                "Required for a thematic meeting. A regular meeting that also takes a thematic topic in the same "
                "session must last at least %(combined)s minutes; any other meeting, a thematic meeting held on its "
                "own included, at least %(minimum)s.") % {"combined": combined, "minimum": minimum}


class MeetingRescheduleForm(BootstrapMixin, forms.Form):
    planned_on = DateField(label=_("Planned on"))
    planned_at = forms.TimeField(label=_("At"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)


class DocumentForm(BootstrapMixin, forms.Form):
    """A document of the meeting: a file or a link, and the day it reached the members (the benchmark judges it)."""

    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("E.g. the agenda, the draft resolution. Without one, the file's name."))
    # Checked by content, never by name (core.files): no web page, SVG, macro or program reaches the members.
    file = UploadField(label=_("File"), required=False)
    link = forms.URLField(label=_("Or a link"), required=False, assume_scheme="https",
                          help_text=_("Where members read it (the e-handbook), instead of a file. Neither: a "
                                      "paper copy handed out."))
    available_on = DateField(label=_("Reached the members on"), future=False,
                             help_text=_("The quality benchmark counts documents that reached members at least a day "
                                         "before the meeting."))
    reason = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["available_on"].initial = datetime.date.today()


class AttendanceForm(BootstrapMixin, forms.Form):
    """One presence and one reason field per member of the roster (exempt members preset as exempt)."""

    def __init__(self, *args, roster: list[Member], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        choices = [(c, label) for c, label in Attendance.Presence.choices]
        for member in roster:
            presence, reason = current.get(member.pk, ("exempt" if member.exempted_since else "present", ""))
            self.fields[f"presence_{member.pk}"] = forms.ChoiceField(label=member.full_name, choices=choices,
                                                                      initial=presence)
            self.fields[f"reason_{member.pk}"] = forms.CharField(
                label=_("Reason"), required=False, max_length=300, initial=reason,
                widget=forms.TextInput(attrs={"placeholder": _("Reason, when absent")}))

    def rows(self):
        for member in self.roster:
            yield member, self[f"presence_{member.pk}"], self[f"reason_{member.pk}"]

    def presences(self) -> dict:
        data = self.cleaned_data
        return {m.pk: (data[f"presence_{m.pk}"], data.get(f"reason_{m.pk}", "")) for m in self.roster}


class MeetingRecordForm(BootstrapMixin, forms.Form):
    held_on = DateField(label=_("Held on"))
    started_at = forms.TimeField(label=_("Started at"), widget=TimeInput())
    ended_at = forms.TimeField(label=_("Ended at"), widget=TimeInput())
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Member.objects.none(), required=False)
    minute_taker = forms.ModelChoiceField(label=_("Minute-taker"), queryset=Member.objects.none(), required=False)
    resolution = forms.CharField(label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    votes_for = forms.IntegerField(label=_("For"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstain"), min_value=0, required=False)
    self_assessment = forms.CharField(label=_("Self-assessment"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, meeting, present, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "minute_taker"):
            self.fields[name].queryset = present
        self.entries = list(meeting.entries.all())
        for entry in self.entries:
            self.fields[f"entry_{entry.order}"] = forms.CharField(
                label=f"{entry.order}. {entry.title}", required=False, initial=entry.content,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def entry_fields(self):
        return [self[f"entry_{e.order}"] for e in self.entries]

    def entry_values(self) -> dict:
        return {e.order: self.cleaned_data.get(f"entry_{e.order}", "") for e in self.entries}


class ComplianceForm(forms.Form):
    """The compliance page's question: which period (a month, a calendar quarter or year containing the chosen
    month), rolled up how, under which organisation. Every value it cannot accept refuses the page (core.views
    ReportPage), never widens it: an organisation outside the user's scope is no choice at all."""

    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            error_messages={"invalid": _("Choose a month.")})
    period = forms.ChoiceField(label=_("Period"), required=False, choices=[
        ("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))])
    by = forms.ChoiceField(label=_("Rolled up"), required=False, choices=[
        ("cell", _("per cell")), ("grassroots", _("per grassroots organisation")), ("cluster", _("per cluster"))])
    org = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False, widget=forms.HiddenInput)
    failing = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("every cell")), ("1", _("failing only"))])
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[
        ("name", _("by name")), ("result", _("worst result first")), ("attendance", _("lowest attendance first"))])
    # The number of months of the period, as older links gave it (3: a quarter, 12: a year); `period` wins.
    months = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None,
                                    choices=[("1", "1"), ("3", "3"), ("12", "12")], widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = organization_qs(user)

    def clean_month(self):
        month = self.cleaned_data.get("month")
        today = datetime.date.today()
        if month and not (datetime.date(1931, 1, 1) <= month <= today.replace(year=today.year + 5, day=1)):
            raise forms.ValidationError(_("Choose a month."))  # outside the rule data and the calendar
        return month


def compliance_window(params: dict, today: datetime.date) -> tuple[datetime.date, int, str]:
    """(first month, number of months, period kind) of the compliance form's valid values; the current month by
    default. The chosen month itself is `params["month"]` (or this month): the period is the calendar quarter or year
    containing it."""
    month = params.get("month") or today.replace(day=1)
    period = params.get("period") or {3: "quarter", 12: "year"}.get(params.get("months"), "month")
    if period == "quarter":
        return month.replace(month=(month.month - 1) // 3 * 3 + 1), 3, period
    if period == "year":
        return month.replace(month=1), 12, period
    return month, 1, "month"


class TodoForm(forms.Form):
    """The to-do list's question: which kind of item (every kind when empty)."""

    code = forms.ChoiceField(label=_("To do"), required=False, choices=[
        ("not_planned", _("regular meetings of this month not planned")),
        ("past_planned", _("planned meetings not recorded")),
        ("minutes_missing", _("minutes not approved")),
        ("notice_due", _("meetings this week without notice to members")),
        ("resolution_followup", _("resolutions to review at the coming meeting"))])


class ProcessDraftForm(BootstrapMixin, forms.Form):
    """A draft's wording, with its steps as a formset (`steps`): valid only when both are."""

    title = forms.CharField(label=_("Title"), max_length=200)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False,
                                      help_text=_("May be filled in when publishing."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = steps

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return self.steps.is_valid() and valid

    def step_rows(self) -> list[dict]:
        """The steps kept, in the order of their numbers (rows without one after the others, as typed)."""
        rows = []
        for index, form in enumerate(self.steps.forms):
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            rows.append((data.get("order") or 100 + index, index, data))
        return [data for _order, _index, data in sorted(rows, key=lambda r: (r[0], r[1]))]


class ProcessStepForm(BootstrapMixin, forms.Form):
    order = forms.IntegerField(label=_("Order"), min_value=1, max_value=99, required=False)
    code = forms.ChoiceField(label=_("Step"), choices=[("", "—"), *StepCode.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    guidance = forms.CharField(label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label=_("Required"), required=False)


ProcessStepFormSet = forms.formset_factory(ProcessStepForm, extra=2, can_delete=True, max_num=40, validate_max=True)


class ProcessPublishForm(BootstrapMixin, forms.Form):
    published_on = DateField(label=_("Takes effect on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)


class WorkingGroupForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    leader = forms.ModelChoiceField(label=_("Leader"), queryset=Member.objects.none(),
                                    help_text=_("A deputy secretary of the committee."))
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=Member.objects.none(), required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 8}))
    established_on = DateField(label=_("Established on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args, leaders=None, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders if leaders is not None else Member.objects.none()
        self.fields["members"].queryset = candidates if candidates is not None else Member.objects.none()


class VisitPlanForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Cell visited"), queryset=None)
    planned_on = DateField(label=_("Planned on"))
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args, cells=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = cells


class VisitRecordForm(BootstrapMixin, forms.Form):
    visited_on = DateField(label=_("Visited on"))
    meeting = forms.ModelChoiceField(label=_("Meeting attended"), queryset=None, required=False)
    attendees = forms.ModelMultipleChoiceField(label=_("Attended by"), queryset=Member.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    assessment = forms.ChoiceField(label=_("Assessment"), required=False)
    observations = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(label=_("Recommendations to the cell"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = visit_meetings(visit)
        self.fields["meeting"].label_from_instance = lambda m: f"{m.get_kind_display()} — {m.planned_on:%d/%m/%Y}"
        self.fields["attendees"].queryset = visit.group.members.order_by("name_sort")
        self.fields["assessment"].choices = [("", "—"), *Visit.Assessment.choices]
