from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField
from documents.widgets import DocumentField
from meetings.forms import AttendanceForm

from . import selectors
from .models import ImplementationReport, Level, Mode, ProgrammeTask, StudyAttendance


class LaunchForm(BootstrapMixin, forms.Form):
    document = DocumentField(label=_("Document"), queryset=None, url=reverse_lazy("studies:launch_documents"),
                             help_text=_("A resolution, directive or conclusion of your register: type its number "
                                         "or words of its summary."))
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.THOROUGH)
    level = forms.ChoiceField(label=_("Who holds the sessions"), choices=Level.choices, initial=Level.GRASSROOTS,
                              help_text=_("Each cell: every cell studies with its own members, and its secretary "
                                          "records the session."))
    title = forms.CharField(label=_("Title"), max_length=500, required=False,
                            help_text=_("The document's summary when left empty."))
    sessions_by = DateField(label=_("Sessions held by"))
    takeaways_by = DateField(label=_("Takeaways written by"))
    programmes_by = DateField(label=_("Action programmes adopted by"), required=False)
    report_by = DateField(label=_("Final reports by"), required=False,
                          help_text=_("Each organisation's final report (tổng kết) on its programme."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = selectors.launch_documents(user)


class SessionPlanForm(BootstrapMixin, forms.Form):
    planned_on = DateField(label=_("Planned on"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    reporter = forms.CharField(label=_("Reporter"), max_length=200, required=False)


class SessionRecordForm(AttendanceForm):
    """The meetings' attendance form (a presence and a reason per member), the session's day, place and reporter
    above it; the study's presences have no "exempt": an exempt member studies too."""

    held_on = DateField(label=_("Held on"))
    place = forms.CharField(label=_("Place"), max_length=200)
    reporter = forms.CharField(label=_("Reporter"), max_length=200)

    def __init__(self, *args, roster, current, **kwargs):
        super().__init__(*args, roster=roster, current=current, **kwargs)
        for member in roster:
            field = self.fields[f"presence_{member.pk}"]
            field.choices = StudyAttendance.Presence.choices
            if member.pk not in current:
                field.initial = StudyAttendance.Presence.PRESENT

    def head(self):
        return [self["held_on"], self["place"], self["reporter"]]


class MakeUpForm(BootstrapMixin, forms.Form):
    attendance = forms.ModelChoiceField(label=_("Member"), queryset=None)
    made_up_on = DateField(label=_("Made up on"))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].queryset = selectors.to_make_up(session)
        self.fields["attendance"].label_from_instance = lambda a: a.member.full_name


class TakeawayForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Your takeaway"), widget=forms.Textarea(attrs={"rows": 12}))


class AssessForm(BootstrapMixin, forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        (ACCEPT, _("Accept")), (RETURN, _("Return to rewrite"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Required when the takeaway is returned."))


class ProgrammeForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=500)
    adopted_on = DateField(label=_("Adopted on"))
    document = DocumentField(label=_("Document"), queryset=None, required=False,
                             help_text=_("The plan or programme in your register (KH, CTr), if issued."))

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = selectors.adoptable_organizations(user, campaign)
        self.fields["organization"].queryset = organizations
        self.fields["document"].queryset = selectors.programme_documents(user, campaign, organizations)
        self.fields["document"].widget.url = reverse("studies:programme_documents", args=[campaign.pk])


class TaskForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    owner_organization = forms.ModelChoiceField(label=_("Owner organisation"), queryset=None, required=False)
    owner_name = forms.CharField(label=_("Owner (person)"), max_length=200, required=False,
                                 help_text=_("Who answers for it, when it is a person."))
    deadline = DateField(label=_("Deadline"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organization"].queryset = selectors.owner_organizations(programme)


class TaskUpdateForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeTask.Status.choices)
    done_on = DateField(label=_("Done on"), required=False)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("What was done (or why it is dropped)."))
    evidence_document = DocumentField(label=_("Evidence document"), queryset=None, required=False)
    deadline = DateField(label=_("Deadline"), required=False)

    def __init__(self, *args, user, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_document"].queryset = selectors.evidence_documents(user, task)
        self.fields["evidence_document"].widget.url = reverse("studies:task_documents", args=[task.pk])


class ReportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ImplementationReport.Kind.choices)
    reported_on = DateField(label=_("Reported on"))
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("The tasks and their figures are added below your text."))
    signer_position = forms.CharField(label=_("Signer's position"), max_length=100)
    signer_name = forms.CharField(label=_("Signer"), max_length=100)


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
