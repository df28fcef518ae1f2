from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Cluster, Organization, OrganizationKind, RestructuringEvent


@admin.register(OrganizationKind)
class OrganizationKindAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "abbreviation", "tier", "holds_members", "elects_committee", "may_be_root", "sort_order")
    filter_horizontal = ("allowed_parents",)


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    """Read-only here: the tree changes through dated restructuring decisions in the app."""

    list_display = ("code", "name", "kind", "parent", "status")
    list_filter = ("kind", "status", "cluster")
    search_fields = ("name_search", "code")


@admin.register(RestructuringEvent)
class RestructuringEventAdmin(admin.ModelAdmin):
    list_display = ("effective_on", "kind", "organization", "decision_number", "actor")
    list_filter = ("kind",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
