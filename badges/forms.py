from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField


class InterruptionForm(BootstrapMixin, forms.Form):
    starts_on = DateField(label=_("Not counted from"), future=False,
                          help_text=_("The day the membership was interrupted (struck off, left…)."))
    ends_on = DateField(label=_("Counted again from"), future=False,
                        help_text=_("The day of the re-admission, or the membership's restoration."))
    reason = forms.CharField(label=_("Reason"), max_length=255)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)


class IllnessForm(BootstrapMixin, forms.Form):
    certified_on = DateField(label=_("Certified on"), future=False)
    reason = forms.CharField(label=_("Condition"), max_length=255)
    evidence = forms.CharField(label=_("Evidence or decision"), max_length=255,
                               help_text=_("The medical certificate or the committee's decision, with its number."))


class AwardForm(BootstrapMixin, forms.Form):
    """The awards of the date shown: the members ticked in the list (only those due and not yet awarded are offered),
    under one decision."""

    members = forms.TypedMultipleChoiceField(label=_("Members"), coerce=int, widget=forms.CheckboxSelectMultiple,
                                             error_messages={"required": _("Tick the members the decision awards."),
                                                             "invalid_choice": _("A member ticked is not due a "
                                                                                 "badge on this date here.")})
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = DateField(label=_("Decided on"), future=False)
    awarded_on = DateField(label=_("Presented on"), required=False,
                           help_text=_("Empty: on the presentation date."))

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(r.member.pk, r.member.full_name) for r in rows if r.due.award is None]
