from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Authority, Workflow, WorkflowState, WorkflowTransition


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    """Configuration: each authority's document symbol (the `ĐUK` of `12-QĐ/ĐUK`)."""

    list_display = ("organization", "kind", "symbol")
    list_select_related = ("organization",)
    autocomplete_fields = ()

    def has_delete_permission(self, request, obj=None):
        return False  # programmes and decisions keep pointing at their authority


class StateInline(admin.TabularInline):
    model = WorkflowState
    extra = 0
    fields = ("order", "code", "label", "is_initial", "issues_decision", "sets_self_report_due",
              "requires_conclusion", "is_final", "is_cancelled")


class TransitionInline(admin.TabularInline):
    model = WorkflowTransition
    extra = 0
    fields = ("source", "target", "actor", "label")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("source", "target"):
            workflow_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = WorkflowState.objects.filter(workflow_id=workflow_id) if workflow_id \
                else WorkflowState.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    """Configuration: the states a case goes through, the allowed next states and who may move it."""

    list_display = ("code", "name")
    inlines = [StateInline, TransitionInline]

    def has_delete_permission(self, request, obj=None):
        return False
