from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField
from rules.codes import DUES_REDUCTION_PERCENTS
from rules.selectors import rule_value

from .models import Category, Payment, Relief, Remittance


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month (yyyy-mm from the browser's month picker, or mm/yyyy typed), as its first day."""

    widget = MonthInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m", "%m/%Y", "%Y-%m-%d", "%d/%m/%Y"])
        kwargs.setdefault("error_messages", {"invalid": _("Enter a month as mm/yyyy.")})
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class SheetForm(BootstrapMixin, forms.Form):
    """The cell's month: per member a "paid" tick (`row_<id>`: the service's refusals land on it), the day and how,
    a voluntary amount above the due, and the reason when unpaid."""

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for row in sheet.own:
            pk, payment = row.member.pk, row.payment
            self.fields[f"row_{pk}"] = forms.BooleanField(
                label=_("Paid"), required=False, initial=bool(payment and (payment.paid or payment.due == 0)),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input dues-paid"}))
            self.fields[f"on_{pk}"] = DateField(label=_("Paid on"), required=False, future=False,
                                                initial=payment.paid_on if payment else None)
            self.fields[f"channel_{pk}"] = forms.ChoiceField(
                label=_("Paid by"), choices=Payment.Channel.choices, required=False,
                initial=(payment.channel if payment and payment.channel else Payment.Channel.CASH))
            self.fields[f"extra_{pk}"] = forms.IntegerField(label=_("Voluntary (đồng)"), min_value=0, required=False,
                                                            initial=payment.extra if payment and payment.extra else None)
            self.fields[f"excuse_{pk}"] = forms.CharField(
                label=_("Reason, when unpaid"), required=False, max_length=255,
                initial=payment.excuse if payment else "")

    def rows(self):
        """Each sheet row with its fields; a month another cell's sheet recorded has none (shown, not changed)."""
        for row in self.sheet.rows:
            pk = row.member.pk
            if row.elsewhere:
                yield row, None, None, None, None, None
                continue
            yield row, self[f"row_{pk}"], self[f"on_{pk}"], self[f"channel_{pk}"], self[f"extra_{pk}"], \
                self[f"excuse_{pk}"]

    def values(self) -> list[dict]:
        data = self.cleaned_data
        return [{"member": r.member.pk, "paid": data.get(f"row_{r.member.pk}"), "paid_on": data.get(f"on_{r.member.pk}"),
                 "channel": data.get(f"channel_{r.member.pk}"), "extra": data.get(f"extra_{r.member.pk}") or 0,
                 "excuse": data.get(f"excuse_{r.member.pk}", "")} for r in self.sheet.own]


class BasisForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    amount = forms.IntegerField(label=_("Amount (đồng a month)"), min_value=0, required=False,
                                help_text=_("The salary on which social insurance is paid, the benefit or the "
                                            "pension; for a category the cell sets, the monthly dues."))
    starts_on = MonthField(label=_("From the month of"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)
    reason = forms.CharField(label=_("Reason for the change"), max_length=255)


class ReliefForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Relief"), choices=Relief.Kind.choices)
    percent = forms.TypedChoiceField(label=_("Reduced by (%)"), coerce=int, required=False, empty_value=None)
    ground = forms.ChoiceField(label=_("Ground"), choices=Relief.Ground.choices)
    starts_on = MonthField(label=_("From the month of"))
    ends_on = MonthField(label=_("To the month of"), required=False,
                         help_text=_("Empty only for an exemption without end (a social pension allowance)."))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = DateField(label=_("Decided on"), future=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the reductions of the rule in force today (the service checks the month's own)
        self.fields["percent"].choices = [("", "—")] + [(p, f"{p} %") for p in rule_value(DUES_REDUCTION_PERCENTS)
                                                        or []]


class ReliefEndForm(BootstrapMixin, forms.Form):
    last_month = MonthField(label=_("Last month covered"))
    reason = forms.CharField(label=_("Reason"), max_length=255)


class RemitForm(BootstrapMixin, forms.Form):
    remitted_on = DateField(label=_("Remitted on"), future=False)
    channel = forms.ChoiceField(label=_("How"), choices=Remittance.Channel.choices,
                                initial=Remittance.Channel.PORTAL)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ConfirmForm(BootstrapMixin, forms.Form):
    confirmed_on = DateField(label=_("Received on"), future=False)
