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

from core import security as events
from core.admin import FoldedSearchMixin, HistoryAdmin, RevisionAdminForm
from core.history import stamp
from core.templatetags.people import display_name

from .models import RoleAssignment
from .security import record

User = get_user_model()
CHANGE_REASON = _("Changed in the administration")


ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser")


def assignment_text(assignment) -> str:
    return (f"role={assignment.role} organization={assignment.organization_id or '-'} "
            f"from={assignment.started_on or '-'} to={assignment.ended_on or '-'}")


def record_role_change(request, assignment, what: str, changed=()) -> None:
    """A role assigned, changed (its end included) or removed in the administration (core.security.ROLE_CHANGE)."""
    detail = f"{what} user={assignment.user.get_username()} {assignment_text(assignment)}"
    if changed:
        detail += f" changed={','.join(changed)}"
    record(events.ROLE_CHANGE, request=request, user=request.user,
           target=assignment if assignment.pk is not None else assignment.user,
           organization_id=assignment.organization_id, detail=detail)


class RoleAssignmentForm(RevisionAdminForm, forms.ModelForm):
    """A refusal about the user (the member role without a member record) is shown on the role: on the user's page
    the user is the page itself, not a field of the row. Each row carries the revision it was drawn from, so that two
    administrators editing the same roles do not overwrite each other (core.versions)."""

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
    fields = ("role", "organization", "started_on", "ended_on", "note", "read_revision")
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_role_change(request, obj, "changed" if change else "assigned",
                           [f for f in form.changed_data if f != "read_revision"] if change else ())

    def delete_model(self, request, obj):
        record_role_change(request, obj, "removed")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("user"):
            record_role_change(request, assignment, "removed")
        super().delete_queryset(request, queryset)


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

    def save_model(self, request, obj, form, change):
        access = [f for f in ACCESS_FIELDS if f in form.changed_data] if change else []
        super().save_model(request, obj, form, change)
        if not change:
            record(events.ROLE_CHANGE, request=request, user=request.user, target=obj,
                   detail=f"user created: {obj.get_username()}")
        elif access:
            record(events.ROLE_CHANGE, request=request, user=request.user, target=obj,
                   detail=f"user {obj.get_username()}: " + " ".join(f"{f}={getattr(obj, f)}" for f in access))

    def delete_model(self, request, obj):
        record(events.ROLE_CHANGE, request=request, user=request.user, detail=f"user deleted: {obj.get_username()}")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            record(events.ROLE_CHANGE, request=request, user=request.user,
                   detail=f"user deleted: {user.get_username()}")
        super().delete_queryset(request, queryset)

    def user_change_password(self, request, id, form_url=""):
        """Django's set-password page (AUTH_PASSWORD_VALIDATORS apply): a password set is a security event."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            record(events.PASSWORD_CHANGE, request=request, user=request.user, target=user,
                   detail=f"set by an administrator for {user.get_username() if user else id}")
        return response

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            stamp(inline_form.instance, actor=request.user, reason=str(CHANGE_REASON))
        super().save_formset(request, form, formset, change)
        if formset.model is RoleAssignment:
            for assignment in formset.new_objects:
                record_role_change(request, assignment, "assigned")
            for assignment, changed in formset.changed_objects:
                record_role_change(request, assignment, "changed", [f for f in changed if f != "read_revision"])
            for assignment in formset.deleted_objects:
                record_role_change(request, assignment, "removed")


class GroupAdmin(FoldedSearchMixin, DjangoGroupAdmin):
    """Django's permission groups (for the staff of this administration), searched like every admin."""


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)


# ---- login protection's own records (django-axes, django-otp), searched like every admin -----------------------------
# User names and addresses are matched as typed (from the start; they are ASCII), never folded row by row in Python:
# the attempt and log tables can be long.

def _searched_as_typed(model, model_admin, fields):
    admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (FoldedSearchMixin, model_admin),
                                    {"search_fields": fields, "__module__": __name__}))


def _register_login_protection() -> None:
    from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model, model_admin in ((AccessAttempt, AccessAttemptAdmin), (AccessLog, AccessLogAdmin),
                               (AccessFailureLog, AccessFailureLogAdmin)):
        if admin.site.is_registered(model):
            _searched_as_typed(model, model_admin, ("^username", "^ip_address"))
    if admin.site.is_registered(TOTPDevice):
        _searched_as_typed(TOTPDevice, TOTPDeviceAdmin, ("^user__username", "^name"))


_register_login_protection()
