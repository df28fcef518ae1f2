import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.dates import dmy
from core.validation import EARLIEST, date_bounds, field_date_range, free_text_max, reason_max, resolve_not_before


class DateInput(forms.DateInput):
    """The browser's own date picker (a phone's wheel or calendar; Vietnamese phones and browsers show dd/mm/yyyy).
    The value travels as ISO yyyy-mm-dd; the field also accepts dd/mm/yyyy typed by a program or an older browser."""

    input_type = "date"

    def __init__(self, attrs=None):
        base = {"class": "form-control"}
        base.update(attrs or {})
        super().__init__(attrs=base, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date picked or typed (dd/mm/yyyy or yyyy-mm-dd), refused on the field before `not_before` (the rules'
    earliest day unless said otherwise, as the services refuse it: core.validation) and, with `future=False`, after
    today; the picker offers only the days in between. A date of birth passes not_before=None (its floor is the
    rules' oldest age). The bounds are read for each form (a form's fields are copied from its class for each form
    made), so a change of the rules or of the day reaches the picker without a restart."""

    widget = DateInput

    def __init__(self, *args, not_before=EARLIEST, future: bool = True, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": _("Enter a date as dd/mm/yyyy.")})
        self.not_before = not_before
        self.future = future
        super().__init__(*args, **kwargs)

    def first_day(self) -> datetime.date:
        return resolve_not_before(self.not_before) or date_bounds().birth_earliest()

    def last_day(self) -> datetime.date:
        return datetime.date.today() if not self.future else date_bounds().latest()

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        if isinstance(copy.widget, DateInput):
            copy.widget.attrs.update(min=copy.first_day().isoformat(), max=copy.last_day().isoformat())
        return copy

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        not_before = resolve_not_before(self.not_before)
        if not_before and value < not_before:
            raise forms.ValidationError(_("The date cannot be before %(date)s.") % {"date": dmy(not_before)},
                                        code="min_value")
        if not self.future and value > datetime.date.today():
            raise forms.ValidationError(_("The date cannot be in the future."), code="max_value")
        bounds = date_bounds()
        if self.future and value > bounds.latest():
            raise forms.ValidationError(
                _("The date cannot be after %(date)s (more than %(years)s years ahead).")
                % {"date": dmy(bounds.latest()), "years": bounds.years_ahead}, code="max_value")
        if not not_before and value < bounds.birth_earliest():
            raise forms.ValidationError(_("The date cannot be before %(date)s.")
                                        % {"date": dmy(bounds.birth_earliest())}, code="min_value")


def bound_field(name: str, field: forms.Field) -> None:
    """The bounds every form field gets (BootstrapMixin): a date within field_date_range (the picker offers only
    those days), a text within its length (a reason within reason_max(), any other unbounded text within
    free_text_max())."""
    if isinstance(field, forms.DateField) and not isinstance(field, DateField):
        first, last = field_date_range(name)

        def within(value, first=first, last=last):
            if value and value < first:
                raise forms.ValidationError(_("The date cannot be before %(date)s.") % {"date": dmy(first)},
                                            code="min_value")
            if value and value > last:
                raise forms.ValidationError(_("The date cannot be after %(date)s.") % {"date": dmy(last)},
                                            code="max_value")

        field.validators.append(within)
        if getattr(field.widget, "input_type", "") == "date":
            field.widget.attrs.setdefault("min", first.isoformat())
            field.widget.attrs.setdefault("max", last.isoformat())
    elif isinstance(field, forms.CharField) and not isinstance(field, forms.JSONField) and not field.max_length \
            and not isinstance(
            field.widget, (forms.HiddenInput, forms.PasswordInput)):
        limit = reason_max() if name == "reason" else free_text_max()
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs.setdefault("maxlength", str(limit))


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            bound_field(name, field)
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


class RevisionField(forms.IntegerField):
    """The revision of the record the form was drawn from (core.versions): hidden, sent back with the edit."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
