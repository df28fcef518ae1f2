import datetime

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.files import DOCUMENTS, accept_attr, accept_upload, upload_max_bytes
from core.forms import BootstrapMixin, DateField
from core.templatetags.people import display_name
from inspections.models import Authority
from organizations.models import Organization

from .models import Channel, Concerns, Ground, Kind, Outcome, Petition
from .services import DECISION_NOT_VISIBLE

# Every date typed in the petitions pages is refused before the Party's founding day, where the rule data starts
# (core.forms.DateField, as the services refuse it).


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _files_help() -> str:
    return gettext("PDF, images, Office documents or plain text; at most %(limit)s each.") % {
        "limit": filesizeformat(upload_max_bytes())}


_accepted_help = lazy(_files_help, str)


class MultipleFileField(forms.FileField):
    """Several scans at once, each checked as core.files.UploadField checks one (kind by content, size): one file
    refused refuses the field, so nothing is stored."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.help_text:  # lazy: the field is built once, at import, and shown in each user's language
            self.help_text = _accepted_help()

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("accept", accept_attr(DOCUMENTS))
        return attrs

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(d, initial) for d in data if d] if isinstance(data, (list, tuple)) else (
            [single(data, initial)] if data else [])
        return [accept_upload(f) for f in files if f]


class OrganizationPathField(forms.ModelChoiceField):
    """An organisation picked by its name followed by where it sits (its parent, and the parent's parent up to,
    not including, the top of the tree), so that the many cells of the same name ("Chi bộ Phòng Kế hoạch – Tài
    chính") can be told apart. The choices come in the queryset's order (Vietnamese collation: name_sort); the
    paths are read in one query when the select is drawn."""

    separator = " › "

    def _paths(self) -> dict[int, str]:
        if getattr(self, "_path_cache", None) is None:
            rows = {pk: (name, parent) for pk, name, parent in Organization.objects.values_list("id", "name",
                                                                                             "parent_id")}
            paths = {}
            for pk in rows:
                names, parent = [], rows[pk][1]
                while parent is not None and parent in rows and rows[parent][1] is not None:
                    names.append(rows[parent][0])
                    parent = rows[parent][1]
                paths[pk] = self.separator.join(names)
            self._path_cache = paths
        return self._path_cache

    def label_from_instance(self, obj) -> str:
        path = self._paths().get(obj.pk, "")
        return f"{obj.name} — {path}" if path else obj.name


class ReceiveForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Register of"), queryset=Organization.objects.none())
    received_on = DateField(label=_("Received on"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    forwarded_by = forms.CharField(label=_("Forwarded by"), max_length=255, required=False)
    anonymous = forms.BooleanField(label=_("Anonymous letter"), required=False)
    sender_name = forms.CharField(label=_("Sender"), max_length=200, required=False)
    sender_address = forms.CharField(label=_("Sender's address"), max_length=300, required=False)
    sender_contact = forms.CharField(label=_("Sender's contact"), max_length=200, required=False)
    signatory_count = forms.IntegerField(label=_("Number of signatories"), min_value=1, initial=1)
    signatories = forms.CharField(label=_("Other signatories"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    signed_original = forms.BooleanField(label=_("Signed original (not an unsigned copy)"), required=False,
                                         initial=True)
    subject_persons = forms.CharField(label=_("Persons concerned"), max_length=500, required=False)
    subject_organization = OrganizationPathField(label=_("Organisation concerned"), required=False,
                                                 queryset=Organization.objects.none())
    concerns = forms.ChoiceField(label=_("The letter is about"), choices=Concerns.choices)
    summary = forms.CharField(label=_("Summary"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(label=_("Scans or files of the letter"), required=False)

    def __init__(self, *args, organizations, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["subject_organization"].queryset = subjects
        if not self.is_bound:
            self.fields["received_on"].initial = datetime.date.today()
            first = organizations.first()
            if first is not None and organizations.count() == 1:
                self.fields["organization"].initial = first.pk


class SenderCheckForm(forms.Form):
    """What the intake form's sender check reads of the fields being typed (nothing is saved)."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(),
                                          error_messages={"required": _("Choose the register first."),
                                                          "invalid_choice": _("Choose the register first.")})
    anonymous = forms.BooleanField(required=False)
    sender_name = forms.CharField(max_length=200, required=False)
    sender_address = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, registers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = registers


def decision_label(decision) -> str:
    subject = decision.member.full_name if decision.member_id else (
        decision.organization.name if decision.organization_id else "")
    return f"{decision.number} — {decision.decided_on:%d/%m/%Y} — {decision.get_form_display()} — {subject}"


CHECKED_GROUNDS = [(g, Ground(g).label) for g in (Ground.FALSE_IDENTITY, Ground.REPEATED, Ground.VAGUE)]


class ClassifyForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("— choose —"))] + Kind.choices)
    also_denounces = forms.BooleanField(
        label=_("The letter both complains and denounces"), required=False,
        help_text=_("A complaint that also denounces is handled as a complaint (the sender is told how to denounce); "
                    "a feedback letter that also denounces is handled as a denunciation."))
    subject_organization = OrganizationPathField(label=_("Organisation concerned"),
                                                 queryset=Organization.objects.none(),
                                                 help_text=_("Each name is followed by where it sits."))
    concerns = forms.ChoiceField(label=_("The letter is about"), choices=Concerns.choices)
    classified_on = DateField(label=_("Classified on"))
    discipline_decision = forms.ModelChoiceField(
        label=_("Disciplinary decision (issued in this system)"), required=False, queryset=None,
        help_text=_("Pick it when it was issued here: its number and date are filled in. Otherwise type them below."),
        error_messages={"invalid_choice": DECISION_NOT_VISIBLE})
    decision_number = forms.CharField(label=_("Disciplinary decision number"), max_length=60, required=False)
    decision_date = DateField(label=_("Decision dated"), required=False)
    decision_received_on = DateField(label=_("Decision received by the complainant on"), required=False)
    facts = forms.MultipleChoiceField(label=_("Found on checking the letter"), choices=CHECKED_GROUNDS,
                                      required=False, widget=forms.CheckboxSelectMultiple)
    repeat_of = forms.ModelChoiceField(
        label=_("Repeat of"), queryset=Petition.objects.none(), required=False,
        help_text=_("Only earlier letters of this register from the same sender are offered: the system compares the "
                    "names and addresses, which stay masked."))
    forwarded_to = forms.CharField(label=_("Forwarded to (when out of jurisdiction)"), max_length=255, required=False,
                                   help_text=_("Leave empty to forward to the competent committee found."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, petition, subjects, earlier, decisions, proposed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_organization"].queryset = subjects
        self.fields["discipline_decision"].queryset = decisions
        self.fields["discipline_decision"].label_from_instance = decision_label
        self.fields["repeat_of"].queryset = earlier
        if not self.is_bound:
            self.fields["classified_on"].initial = datetime.date.today()
            self.fields["subject_organization"].initial = petition.subject_organization_id
            self.fields["concerns"].initial = petition.concerns
            if proposed is not None:
                self.fields["repeat_of"].initial = proposed.pk


class AssignForm(BootstrapMixin, forms.Form):
    users = forms.ModelMultipleChoiceField(label=_("Handlers"), queryset=None,
                                           help_text=_("The first chosen leads, unless the petition already has "
                                                       "handlers."))
    assigned_on = DateField(label=_("Assigned on"))
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = candidates
        self.fields["users"].label_from_instance = display_name
        if not self.is_bound:
            self.fields["assigned_on"].initial = datetime.date.today()


class VerifyForm(BootstrapMixin, forms.Form):
    verification = forms.CharField(label=_("Verification findings"), widget=forms.Textarea(attrs={"rows": 4}))
    verified_on = DateField(label=_("Verified on"), initial=datetime.date.today)


class ConcludeForm(BootstrapMixin, forms.Form):
    verification = forms.CharField(label=_("Verification findings"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Required unless already recorded."))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", _("— choose —"))] + Outcome.choices)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))
    concluded_on = DateField(label=_("Concluded on"), initial=datetime.date.today)
    inspection_proposed = forms.BooleanField(label=_("Propose an inspection on signs of violation"), required=False)


class NotifyForm(BootstrapMixin, forms.Form):
    notification = forms.CharField(label=_("What the sender was told"), widget=forms.Textarea(attrs={"rows": 4}))
    notified_on = DateField(label=_("Notified on"), initial=datetime.date.today)


class ArchiveForm(BootstrapMixin, forms.Form):
    archived_on = DateField(label=_("Archived on"), initial=datetime.date.today)


class PeriodForm(BootstrapMixin, forms.Form):
    """The statistics' period (by default from 1 January to today)."""

    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period cannot come before its start."))
        return data


class OpenInspectionForm(BootstrapMixin, forms.Form):
    """Open an inspection on signs of violation on a denunciation (services.petition_open_inspection)."""

    authority_kind = forms.ChoiceField(label=_("Inspecting body"), choices=())
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("Left empty: “Inspection on signs of violation (denunciation <number>)”."))
    planned_from = DateField(label=_("Planned from"))
    planned_to = DateField(label=_("Planned to"))
    subject_members = forms.ModelMultipleChoiceField(label=_("Members inspected"), required=False, queryset=None,
                                                     help_text=_("The persons the letter concerns, if they are "
                                                                 "members."))
    team_head = forms.ModelChoiceField(label=_("Team head"), required=False, queryset=None)
    reason = forms.CharField(label=_("Signs of violation (reason)"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority_kind"].choices = Authority.Kind.choices
        self.fields["subject_members"].queryset = members
        self.fields["subject_members"].widget.attrs["size"] = 6
        self.fields["team_head"].queryset = team
        if not self.is_bound:
            today = datetime.date.today()
            self.fields["planned_from"].initial = today
            self.fields["planned_to"].initial = today + datetime.timedelta(days=60)
