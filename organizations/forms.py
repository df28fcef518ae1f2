from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField
from core.scope import ESTABLISH, RESTRUCTURE

from .models import Cluster, Organization, OrganizationKind
from .selectors import organization_choices
from .widgets import OrganizationField, OrganizationMultipleField


class DecisionForm(BootstrapMixin, forms.Form):
    """Every restructuring step is a dated decision with a number and a reason."""

    effective_on = DateField(label=_("Effective on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60,
                                      widget=forms.TextInput(attrs={"placeholder": "12-QĐ/ĐUK"}))
    reason = forms.CharField(label=_("Reason / note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["effective_on", "decision_number", "reason"]


class OrganizationCreateForm(BootstrapMixin, forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=OrganizationKind.objects.all())
    parent = OrganizationField(label=_("Parent organisation"), action=ESTABLISH)
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=255)
    host_agency = forms.CharField(label=_("Host agency"), max_length=255, required=False)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.all(), required=False)
    established_on = DateField(label=_("Established on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = organization_choices(user, ESTABLISH).select_related("kind")


class OrganizationEditForm(BootstrapMixin, forms.ModelForm):
    reason = forms.CharField(label=_("Why is the record corrected?"), widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Organization
        fields = ["code", "host_agency", "cluster", "decision_number"]


class RenameForm(DecisionForm):
    new_name = forms.CharField(label=_("New name"), max_length=255)
    field_order = ["new_name", *DecisionForm.field_order]


class MoveForm(DecisionForm):
    new_parent = OrganizationField(label=_("New parent"), action=ESTABLISH)
    field_order = ["new_parent", *DecisionForm.field_order]

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = (
            organization_choices(user, ESTABLISH).exclude(pk=organization.pk)
            .filter(kind__in=organization.kind.allowed_parents.all()).select_related("kind")
        )


class TransferOutForm(DecisionForm):
    to_committee = forms.CharField(label=_("Receiving superior committee"), max_length=255,
                                   widget=forms.TextInput(attrs={"placeholder": "Đảng bộ thành phố Vĩnh Yên"}))
    field_order = ["to_committee", *DecisionForm.field_order]


class TransferInForm(DecisionForm):
    organization = forms.ModelChoiceField(
        label=_("An organisation that left earlier"), required=False, queryset=Organization.objects.none(),
        help_text=_("Leave empty to receive a new organisation."),
    )
    from_committee = forms.CharField(label=_("Coming from (superior committee)"), max_length=255)
    parent = OrganizationField(label=_("Place under"), action=ESTABLISH)
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=OrganizationKind.objects.all(), required=False)
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    host_agency = forms.CharField(label=_("Host agency"), max_length=255, required=False)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.all(), required=False)
    field_order = ["organization", "from_committee", "parent", "kind", "code", "name", "host_agency", "cluster",
                   *DecisionForm.field_order]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = organization_choices(user, ESTABLISH).select_related("kind")
        self.fields["organization"].queryset = organization_choices(user, ESTABLISH, active_only=False).filter(
            status=Organization.Status.TRANSFERRED_OUT
        )

    def clean(self):
        data = super().clean()
        if not data.get("organization"):
            for field in ("kind", "code", "name"):
                if not data.get(field):
                    self.add_error(field, _("Required for a new organisation."))
        return data


class MergeForm(DecisionForm):
    # a search, not a list of every organisation the user may restructure (a province's thousands)
    sources = OrganizationMultipleField(label=_("Organisations merged into this one"), action=RESTRUCTURE,
                                        queryset=Organization.objects.none())
    field_order = ["sources", *DecisionForm.field_order]

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].widget.exclude = organization.pk  # not offered as merged into itself
        self.fields["sources"].queryset = (
            organization_choices(user, RESTRUCTURE).exclude(pk=organization.pk).exclude(parent__isnull=True)
            .select_related("kind")
        )


class DissolveForm(DecisionForm):
    pass


PART_CHOICES = [("", _("stays")), ("1", _("part 1")), ("2", _("part 2")), ("3", _("part 3"))]


class SplitForm(DecisionForm):
    """Up to three resulting organisations; each sub-unit, and each thing another app hands out (the members: see
    hooks.split_assignables), is assigned to a part with a select."""

    keep_source = forms.BooleanField(label=_("The original organisation remains"), required=False)

    def __init__(self, *args, organization, children, assignables=(), **kwargs):
        super().__init__(*args, **kwargs)
        kinds = (OrganizationKind.objects.filter(allowed_parents=organization.parent.kind)
                 if organization.parent_id else OrganizationKind.objects.filter(pk=organization.kind_id))
        for n in (1, 2, 3):
            self.fields[f"part{n}_kind"] = forms.ModelChoiceField(
                label=_("Part %(n)d: kind") % {"n": n}, queryset=kinds, initial=organization.kind_id, required=False)
            self.fields[f"part{n}_kind"].widget.attrs["class"] = "form-select"
            self.fields[f"part{n}_code"] = forms.CharField(label=_("Part %(n)d: code") % {"n": n}, max_length=40,
                                                           required=n == 1)
            self.fields[f"part{n}_name"] = forms.CharField(label=_("Part %(n)d: name") % {"n": n}, max_length=255,
                                                           required=n == 1)
            self.fields[f"part{n}_code"].widget.attrs["class"] = "form-control"
            self.fields[f"part{n}_name"].widget.attrs["class"] = "form-control"
        groups = [*assignables, ("children", _("Where each sub-unit goes"), [(c.pk, c.name) for c in children])]
        self.groups = []  # (key, heading, [(label, field name)])
        for key, heading, rows in groups:
            fields = []
            for pk, label in rows:
                name = f"{key}_{pk}"
                self.fields[name] = forms.ChoiceField(choices=PART_CHOICES, required=False, label=label)
                self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
                fields.append((pk, name))
            self.groups.append((key, heading, fields))

    def parts(self) -> list[dict]:
        data = self.cleaned_data
        parts = []
        for n in (1, 2, 3):
            if not data.get(f"part{n}_name"):
                continue
            part = {"kind": data.get(f"part{n}_kind"), "code": data.get(f"part{n}_code", ""),
                    "name": data[f"part{n}_name"]}
            for key, _heading, fields in self.groups:
                part[key] = [pk for pk, name in fields if data.get(name) == str(n)]
            parts.append(part)
        return parts

    def part_fields(self):
        return [self[f"part{n}_{what}"] for n in (1, 2, 3) for what in ("kind", "code", "name")]

    def decision_fields(self):
        return [self[name] for name in ("effective_on", "decision_number", "keep_source")]

    def group_fields(self):
        """(heading, [bound field]) for each group that has something to assign."""
        return [(heading, [self[name] for _pk, name in fields]) for _key, heading, fields in self.groups if fields]


class AsOfForm(forms.Form):
    as_of = DateField(label=_("As of"), required=False)
