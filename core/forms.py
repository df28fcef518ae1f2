import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import dmy
from core.validation import EARLIEST_DATE


class DateInput(forms.DateInput):
    """The browser's own date picker (a phone's wheel or calendar; Vietnamese phones and browsers show dd/mm/yyyy).
    The value travels as ISO yyyy-mm-dd; the field also accepts dd/mm/yyyy typed by a program or an older browser."""

    input_type = "date"

    def __init__(self, attrs=None):
        base = {"class": "form-control"}
        base.update(attrs or {})
        super().__init__(attrs=base, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date picked or typed (dd/mm/yyyy or yyyy-mm-dd), refused on the field before `not_before` (the Party's
    founding day, as the services refuse it: core.validation) and, with `future=False`, after today; the picker
    offers only the days in between. A date of birth passes not_before=None."""

    widget = DateInput

    def __init__(self, *args, not_before: datetime.date | None = EARLIEST_DATE, future: bool = True, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": _("Enter a date as dd/mm/yyyy.")})
        self.not_before = not_before
        self.future = future
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, DateInput):
            # The picker's bounds: the year never needs six digits, the founding day is the floor.
            attrs["min"] = (self.not_before or datetime.date(1900, 1, 1)).isoformat()
            attrs["max"] = datetime.date.today().isoformat() if not self.future else "9999-12-31"
        return attrs

    def validate(self, value):
        super().validate(value)
        if value and self.not_before and value < self.not_before:
            raise forms.ValidationError(_("The date cannot be before %(date)s.") % {"date": dmy(self.not_before)},
                                        code="min_value")
        if value and not self.future and value > datetime.date.today():
            raise forms.ValidationError(_("The date cannot be in the future."), code="max_value")


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, (forms.Select, forms.SelectMultiple)) else "form-control"
            if isinstance(widget, (forms.CheckboxInput,)):
                css = "form-check-input"
            if isinstance(widget, forms.CheckboxSelectMultiple):
                css = ""
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = _("— choose —")
            existing = widget.attrs.get("class", "")
            if css and css not in existing:
                widget.attrs["class"] = f"{existing} {css}".strip()

    def add_error(self, field, error):
        # Every error, from field cleaning or from a service's refusal, passes here.
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                    widget.attrs["aria-invalid"] = "true"


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
