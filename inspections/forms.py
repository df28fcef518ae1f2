import datetime

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from apparatus.models import Seat
from core.files import UploadField
from core.forms import BootstrapMixin, DateField
from core.validation import free_text_max
from members.models import Member
from members.widgets import MemberField
from organizations.models import Organization
from organizations.widgets import OrganizationField, OrganizationMultipleField

from .models import Authority, CaseType, DisciplineForm, Finding
from .selectors import members_under, subtrees

TEXTAREA = {"rows": 3}


class _ShownChoices(ModelChoiceIterator):
    """The options a select renders: part of the field's queryset, which still validates the whole of it."""

    def __init__(self, field, queryset):
        super().__init__(field)
        self.queryset = queryset


def _ids(values) -> set[int]:
    if values is None or values == "":
        return set()
    if isinstance(values, (str, int)) or hasattr(values, "pk"):
        values = [values]
    found = set()
    for value in values:
        try:
            found.add(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            pass
    return found


def _active(organizations):
    return organizations.filter(status=Organization.Status.ACTIVE)


class ProgrammeForm(BootstrapMixin, forms.Form):
    organization = OrganizationField(label=_("Committee"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Body"), choices=Authority.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1930)
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("Left empty: “Inspection and supervision programme <year>”."))
    approved_on = DateField(label=_("Approved on"), required=False)

    def __init__(self, *args, organizations, organizations_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].widget.url = organizations_url
        if not self.is_bound:
            self.fields["year"].initial = datetime.date.today().year


class CaseForm(BootstrapMixin, forms.Form):
    """The member selects do not list every member under the authority (thousands at the Bloc): they show the
    members of `member_pool` (by default `default_pool`: the authority's committee members and its own cells,
    where the team comes from), those of the organisations inspected (for the members inspected) and those already
    chosen; any member under the authority is still accepted. "Show the members" re-renders the form with what
    was typed. The organisations are pickers searching `organizations_url` (those under the authority) once they
    are more than a list holds."""

    type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    planned_from = DateField(label=_("Planned from"))
    planned_to = DateField(label=_("Planned to"))
    subject_organizations = OrganizationMultipleField(label=_("Organisations inspected"), required=False,
                                                      queryset=Organization.objects.none())
    subject_members = forms.ModelMultipleChoiceField(label=_("Members inspected"), required=False,
                                                     queryset=Member.objects.none())
    team_head = forms.ModelChoiceField(label=_("Team head"), required=False, queryset=Member.objects.none())
    team_members = forms.ModelMultipleChoiceField(label=_("Team members"), required=False,
                                                  queryset=Member.objects.none())
    member_pool = OrganizationField(
        label=_("List the members of"), required=False, queryset=Organization.objects.none(),
        help_text=_("The member lists show this organisation's members, those of the organisations inspected and "
                    "those already chosen; pick another organisation and press “Show the members”."))
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    MEMBER_FIELDS = ("subject_members", "team_head", "team_members")

    def __init__(self, *args, organizations, organizations_url, default_pool=None, **kwargs):
        """`organizations`: those under the authority (a queryset, ended ones included)."""
        super().__init__(*args, **kwargs)
        for name in ("subject_organizations", "member_pool"):
            self.fields[name].queryset = _active(organizations)
            self.fields[name].widget.url = organizations_url
        members = members_under(organizations.order_by().values("pk"))
        for name in self.MEMBER_FIELDS:
            self.fields[name].queryset = members
        for name in ("subject_organizations", "subject_members", "team_members"):
            self.fields[name].widget.attrs["size"] = 6
        typed = self._raw("member_pool") | self._raw("subject_organizations")
        under = set(organizations.filter(pk__in=typed).values_list("pk", flat=True)) if typed else set()
        pool = self._raw("member_pool") & under
        pool_q = Q(organization_id__in=subtrees(pool)) if pool else (default_pool or Q(pk__in=[]))
        subject_q = Q(organization_id__in=subtrees(self._raw("subject_organizations") & under))
        for name in self.MEMBER_FIELDS:
            shown = pool_q | subject_q if name == "subject_members" else pool_q
            field = self.fields[name]
            field.widget.choices = _ShownChoices(field, members.filter(shown | Q(pk__in=self._raw(name))))

    def _raw(self, name) -> set[int]:
        """The ids typed (bound) or given (initial) for a field, before validation."""
        if self.is_bound:
            key = self.add_prefix(name)
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else self.data.get(key)
        else:
            values = self.initial.get(name)
        return _ids(values)


class CaseEditForm(CaseForm):
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class TransitionForm(BootstrapMixin, forms.Form):
    target = forms.ChoiceField(label=_("Next step"))
    on = DateField(label=_("Date"))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False,
                                      help_text=_("A decision's number is given by the system."))
    document_title = forms.CharField(label=_("Document"), max_length=300, required=False)
    document = UploadField(label=_("File"), required=False)
    self_report_due = DateField(label=_("Self-report due"), required=False,
                                help_text=_("Required with the notice to the subject."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.transitions = {str(t.target_id): t for t in transitions}
        self.fields["target"].choices = [(str(t.target_id), t.label or t.target.label) for t in transitions]
        if not self.is_bound:
            self.fields["on"].initial = datetime.date.today()


class AssessmentForm(BootstrapMixin, forms.Form):
    strengths = forms.CharField(label=_("Strengths"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    shortcomings = forms.CharField(label=_("Shortcomings"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    conclusion = forms.CharField(label=_("Conclusion"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    recommendations = forms.CharField(label=_("Recommendations"), required=False,
                                      widget=forms.Textarea(attrs=TEXTAREA))


class FindingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Finding.Kind.choices)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs=TEXTAREA))
    organization = OrganizationField(label=_("Organisation concerned"), required=False,
                                     queryset=Organization.objects.none())
    member = MemberField(label=_("Member concerned"), required=False, queryset=Member.objects.none())

    def __init__(self, *args, organizations, organizations_url, members, members_url, **kwargs):
        """`organizations` (ended ones too) and `members`: the querysets their searches (the urls) answer from."""
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].widget.url = organizations_url
        self.fields["member"].queryset = members
        self.fields["member"].widget.url = members_url


class RemedyForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Remedy"), widget=forms.Textarea(attrs=TEXTAREA))
    organization = OrganizationField(label=_("Responsible organisation"), queryset=Organization.objects.none())
    deadline = DateField(label=_("Deadline"))

    def __init__(self, *args, organizations, organizations_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _active(organizations)
        self.fields["organization"].widget.url = organizations_url


class RemedyReportForm(BootstrapMixin, forms.Form):
    reported_on = DateField(label=_("Date"))
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs=TEXTAREA))
    evidence_title = forms.CharField(label=_("Evidence (document)"), max_length=300, required=False)
    evidence = UploadField(label=_("Evidence file"), required=False)
    done = forms.BooleanField(label=_("The remedy is done"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["reported_on"].initial = datetime.date.today()


class RemedyCheckForm(BootstrapMixin, forms.Form):
    OUTCOMES = [("done", _("Done")), ("not_done", _("Not done yet: back to the responsible organisation")),
                ("carry_over", _("Carry over to a later programme"))]
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES)
    checked_on = DateField(label=_("Checked on"))
    note = forms.CharField(label=_("What the check found"), widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["checked_on"].initial = datetime.date.today()


class DisciplineFormForm(BootstrapMixin, forms.Form):
    organization = OrganizationField(label=_("Organisation disciplined"), required=False,
                                     queryset=Organization.objects.none())
    member = MemberField(label=_("Member disciplined"), required=False, queryset=Member.objects.none())
    form = forms.ChoiceField(label=_("Form of discipline"), choices=DisciplineForm.choices)
    seat = forms.ModelChoiceField(label=_("Post removed from"), required=False, queryset=None,
                                  help_text=_("Only for a removal from post."))
    # The decision's grounds: a free text, not the reason for a change that a history row keeps (whose bound is
    # shorter), so its bound is given here and BootstrapMixin leaves it.
    reason = forms.CharField(label=_("Reason"), max_length=free_text_max(), widget=forms.Textarea(attrs=TEXTAREA))
    decided_on = DateField(label=_("Decided on"))
    effective_on = DateField(label=_("Effective on"), required=False)
    received_on = DateField(label=_("Received by the subject on"), required=False)

    def __init__(self, *args, organizations, organizations_url, members, members_url, **kwargs):
        """`members`: who may be disciplined (`case_member_choices`), the set `members_url` searches."""
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _active(organizations)
        self.fields["organization"].widget.url = organizations_url
        self.fields["member"].queryset = members
        self.fields["member"].widget.url = members_url
        self.fields["seat"].queryset = Seat.objects.filter(member__in=members, ended_on__isnull=True).select_related(
            "member", "body__organization")
        self.fields["seat"].label_from_instance = lambda s: f"{s.member} — {s.get_position_display()}, " \
                                                          f"{s.body.organization}"
        if not self.is_bound:
            self.fields["decided_on"].initial = datetime.date.today()


class ReceiptForm(BootstrapMixin, forms.Form):
    received_on = DateField(label=_("Received by the subject on"))


class StatisticsForm(BootstrapMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False, choices=[
        ("month", _("Month")), ("q1", _("First quarter")), ("h1", _("6 months")), ("m9", _("9 months")),
        ("year", _("Year")), ("term", _("Term"))])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    month = forms.IntegerField(label=_("Month"), required=False, min_value=1, max_value=12)
