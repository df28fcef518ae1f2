import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Member


class MemberTable(tables.Table):
    full_name = tables.Column(verbose_name=_("Full name"), linkify=True, order_by=("name_sort", "id"))
    gender = tables.Column(verbose_name=_("Gender"))
    date_of_birth = tables.DateColumn(verbose_name=_("Date of birth"), format="d/m/Y")
    organization = tables.Column(verbose_name=_("Organisation"), order_by=("organization__name_sort", "name_sort"))
    status = tables.Column(verbose_name=_("Status"))
    admitted_on = tables.DateColumn(verbose_name=_("Admitted on"), format="d/m/Y")
    theory_level = tables.Column(verbose_name=_("Political theory"))
    position = tables.Column(verbose_name=_("Position"))

    class Meta:
        model = Member
        fields = ("full_name", "gender", "date_of_birth", "organization", "status", "admitted_on",
                  "theory_level", "position")
        order_by = ("full_name",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "member-table"}
        empty_text = _("No member matches.")

    def render_organization(self, record):
        org = record.organization
        text = org.name if org else (record.home_external or "—")
        if record.temporary_organization_id:
            return format_html('{}<br><small class="text-muted">{} {}</small>', text, _("temporarily at"),
                               record.temporary_organization.name)
        if record.temporary_external:
            return format_html('{}<br><small class="text-muted">{} {}</small>', text, _("temporarily at"),
                               record.temporary_external)
        return text

    def render_status(self, record):
        css = {"full": "success", "probationary": "info"}.get(record.status, "secondary")
        extra = format_html(' <span class="badge text-bg-warning">{}</span>', _("exempt")) if record.exempted_since else ""
        return format_html('<span class="badge text-bg-{}">{}</span>{}', css, record.get_status_display(), extra)
