from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import Admin, ReadOnlyAdmin, RevisionAdminForm
from core.templatetags.people import display_name
from core.versions import carry_version

from .models import Cluster, Organization, OrganizationKind, RestructuringEvent


class VersionedAdmin(Admin):
    """A configuration record two administrators may edit at once: the form carries the revision it was read at and
    the save is checked against it (core.versions), as the rules' administration does."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = type(f"Revision{self.form.__name__}", (RevisionAdminForm, self.form), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets = [(name, {**options, "fields": [*options["fields"], "read_revision"]}), *fieldsets[1:]]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change:  # the save itself is checked against the revision read, not only the form's clean()
            carry_version(obj, form.cleaned_data.get("read_revision"))
        super().save_model(request, obj, form, change)


@admin.register(OrganizationKind)
class OrganizationKindAdmin(VersionedAdmin):
    list_display = ("label", "code", "abbreviation", "tier", "holds_members", "elects_committee", "cell_congress_pilot",
                    "may_be_root", "sort_order")
    list_filter = ("tier", "cell_congress_pilot")
    filter_horizontal = ("allowed_parents",)
    search_fields = ("label", "^code", "^abbreviation")


@admin.register(Cluster)
class ClusterAdmin(VersionedAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "^code")


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    """Read-only here: the tree changes through dated restructuring decisions in the app."""

    list_display = ("name", "code", "kind", "parent", "status")
    list_filter = ("kind", "status", "cluster")
    list_select_related = ("kind", "parent")
    search_fields = ("name_search", "^code")


@admin.register(RestructuringEvent)
class RestructuringEventAdmin(Admin):
    """Read-only: an event is written by the restructuring service that carries it out, never typed here."""

    list_display = ("effective_on", "kind", "organization", "decision_number", "entered_by")
    list_filter = ("kind",)
    list_select_related = ("organization", "actor")
    search_fields = ("organization__name_search", "^decision_number")
    fields = ("kind", "organization", "related", "effective_on", "decision_number", "reason", "summary",
              "external_party", "entered_by", "entered_at")
    readonly_fields = ("entered_by", "entered_at")

    @admin.display(description=_("entered by"), ordering="actor__last_name")
    def entered_by(self, obj):
        return display_name(obj.actor) if obj.actor_id else ""

    @admin.display(description=_("entered at"), ordering="recorded_at")
    def entered_at(self, obj):
        return obj.recorded_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
