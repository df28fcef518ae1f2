from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.files import SPREADSHEETS, accept_attr, clean_name
from core.forms import BootstrapMixin
from organizations.widgets import OrganizationField

from .sheets import check_spreadsheet

DEFAULT_REASON = gettext_lazy("Bringing in the committee's existing records")


class UploadForm(BootstrapMixin, forms.Form):
    organization = OrganizationField(label=gettext_lazy("Import into"),
                                     help_text=gettext_lazy("Every row must belong to this organisation or to one "
                                                            "under it."))
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": accept_attr(SPREADSHEETS)}))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500,
                             help_text=gettext_lazy("Kept in the history of every record the file creates or changes."))

    def __init__(self, *args, user, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].for_user(user, action=action)
        if not self.is_bound:
            self.fields["reason"].initial = DEFAULT_REASON

    def clean_file(self):
        """Only a spreadsheet by its content (.xlsx or .csv, at most IMPORT_MAX_BYTES): imports.sheets.check_spreadsheet.
        """
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(_("The file is %(size)s MB; at most %(max)s MB can be imported at once. Split it (for "
                                    "instance one file per grassroots organisation).")
                                  % {"size": round(upload.size / 1024 / 1024, 1), "max": limit // 1024 // 1024})
        check_spreadsheet(upload)
        return upload

    @property
    def upload_data(self) -> dict:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return {"organization": self.cleaned_data["organization"], "file_name": clean_name(upload.name),
                "content": upload.read(), "reason": self.cleaned_data["reason"]}
