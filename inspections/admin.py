from django.contrib import admin

from core.admin import Admin, HistoryAdmin

from .models import Authority, Workflow, WorkflowState, WorkflowTransition


@admin.register(Authority)
class AuthorityAdmin(HistoryAdmin):
    """Configuration: each authority's document symbol (the `ĐUK` of `12-QĐ/ĐUK`)."""

    list_display = ("organization", "kind", "symbol")
    list_select_related = ("organization",)
    search_fields = ("organization__name_search", "symbol")
    autocomplete_fields = ("organization",)

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
class WorkflowAdmin(Admin):
    """Configuration: the states a case goes through, the allowed next states and who may move it."""

    list_display = ("name", "code")
    search_fields = ("name", "^code")
    inlines = [StateInline, TransitionInline]

    def has_delete_permission(self, request, obj=None):
        return False
