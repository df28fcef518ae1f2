"""The user accounts and their role assignments in the administration: the user's page gives the roles (an inline),
and `members.admin` adds the member record it is linked to, so that one save does all three."""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.forms.models import InlineForeignKeyField
from django.utils.translation import gettext_lazy as _

from core.admin import FoldedSearchMixin, HistoryAdmin
from core.history import stamp
from core.templatetags.people import display_name

from .models import RoleAssignment

User = get_user_model()
CHANGE_REASON = _("Changed in the administration")


class RoleAssignmentForm(forms.ModelForm):
    """A refusal about the user (the member role without a member record) is shown on the role: on the user's page
    the user is the page itself, not a field of the row."""

    def _update_errors(self, errors):
        if (hasattr(errors, "error_dict") and "user" in errors.error_dict
                and isinstance(self.fields.get("user"), InlineForeignKeyField)):
            errors.error_dict.setdefault("role", []).extend(errors.error_dict.pop("user"))
        super()._update_errors(errors)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    fk_name = "user"
    extra = 1
    fields = ("role", "organization", "started_on", "ended_on", "note")
    autocomplete_fields = ("organization",)
    verbose_name = _("role")
    verbose_name_plural = _("Roles")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field.widget, "widget", field.widget) if field else None
        if db_field.name == "organization":
            widget.attrs["data-width"] = "20em"
        elif db_field.name == "note":
            widget.attrs.update({"size": 16, "class": ""})
        return field


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(HistoryAdmin):
    list_display = ("user", "role", "organization", "started_on", "ended_on")
    list_filter = ("role",)
    list_select_related = ("user", "organization")
    search_fields = ("^user__username", "user__member__name_search", "organization__name_search")
    autocomplete_fields = ("user", "organization")


class UserCreateForm(UserCreationForm):
    """A new account: login name and password (twice), and the person's name."""

    class Meta(UserCreationForm.Meta):
        fields = ("username", "last_name", "first_name", "email")


def roles_in_force(user, today: datetime.date) -> list[RoleAssignment]:
    return [a for a in user.role_assignments.all()
            if (a.started_on is None or a.started_on <= today) and (a.ended_on is None or a.ended_on > today)]


class UserAdmin(FoldedSearchMixin, DjangoUserAdmin):
    """A login account, its roles (inline) and, from `members.admin`, the member record it opens."""

    add_form = UserCreateForm
    add_form_template = "admin/accounts/user/add_form.html"
    person_fields: tuple[str, ...] = ("last_name", "first_name", "email")
    inlines = [RoleAssignmentInline]
    list_display = ("username", "full_name", "roles", "is_active", "is_staff")
    list_filter = ("role_assignments__role", "is_active", "is_staff", "is_superuser")
    search_fields = ("^username", "last_name", "first_name", "=email")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return (
                (None, {"fields": ("username", "password1", "password2")}),
                (_("Person"), {"fields": self.person_fields}),
            )
        return (
            (None, {"fields": ("username", "password")}),
            (_("Person"), {"fields": self.person_fields}),
            (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser"),
                           "description": _("The roles below say what the person sees and does in the app. "
                                            "“Staff status” opens this administration; a superuser may do "
                                            "everything.")}),
            (_("Important dates"), {"fields": ("last_login", "date_joined"), "classes": ("collapse",)}),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments__organization")

    @admin.display(description=_("full name"), ordering="first_name")
    def full_name(self, user):
        return display_name(user) if (user.first_name or user.last_name) else ""

    @admin.display(description=_("Roles"))
    def roles(self, user):
        today = datetime.date.today()
        return "; ".join(f"{a.get_role_display()}{' – ' + str(a.organization) if a.organization_id else ''}"
                         for a in roles_in_force(user, today))

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            stamp(inline_form.instance, actor=request.user, reason=str(CHANGE_REASON))
        super().save_formset(request, form, formset, change)


class GroupAdmin(FoldedSearchMixin, DjangoGroupAdmin):
    """Django's permission groups (for the staff of this administration), searched like every admin."""


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)
