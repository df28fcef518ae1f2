"""The member file in the administration (read-only: it changes through the app's services) and, on the user's page of
`accounts.admin`, the member record a login account opens: linked in the same save as the account and its roles."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin as AccountsUserAdmin
from accounts.admin import UserCreateForm
from core.admin import ReadOnlyAdmin

from . import services
from .choices import ACTIVE_STATUSES
from .models import Member

User = get_user_model()


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    """Read-only: the file changes through the app's services; the login account is linked on the user's page."""

    list_display = ("full_name", "date_of_birth", "organization", "status", "login_account")
    list_filter = ("status",)
    search_fields = ("name_search", "=citizen_id")
    list_select_related = ("organization", "user")
    fields = ("full_name", "date_of_birth", "citizen_id", "organization", "status", "login_account")
    readonly_fields = ("login_account",)

    def get_urls(self):
        view = self.admin_site.admin_view(MemberRecordAutocomplete.as_view(admin_site=self.admin_site))
        return [path("link-autocomplete/", view, name="members_member_link_autocomplete"), *super().get_urls()]

    @admin.display(description=_("login account"), ordering="user__username")
    def login_account(self, member):
        if not member.user_id:
            return ""
        url = reverse("admin:auth_user_change", args=[member.user_id])
        return format_html('<a href="{}">{}</a>', url, member.user.get_username())


class MemberRecordAutocomplete(AutocompleteJsonView):
    """The member records offered on the user's page: the members' admin search (names with or without diacritics),
    each with its organisation, so that two members of the same name can be told apart."""

    def process_request(self, request):
        return request.GET.get("term", ""), self.admin_site._registry[Member], None, "pk"

    def has_perm(self, request, obj=None):
        return request.user.has_perm("auth.change_user") and self.model_admin.has_view_permission(request, obj)

    def get_queryset(self):
        queryset = self.model_admin.get_queryset(self.request).select_related("organization", "user")
        queryset, duplicates = self.model_admin.get_search_results(self.request, queryset, self.term)
        return queryset.distinct() if duplicates else queryset

    def serialize_result(self, member, to_field_name):
        return {"id": str(member.pk), "text": member_choice_label(member)}


def member_choice_label(member: Member) -> str:
    where = member.organization or member.home_external
    text = f"{member.full_name} – {where}" if where else member.full_name
    if member.user_id:
        text += " " + gettext("(account: %(account)s)") % {"account": member.user.get_username()}
    return text


class MemberRecordSelect(AutocompleteSelect):
    url_name = "%s:members_member_link_autocomplete"


class MemberRecordField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return member_choice_label(member)


class MemberLinkMixin(forms.Form):
    """The member record field of the user's page: an active member whose record no other account opens."""

    member = MemberRecordField(
        queryset=Member.objects.select_related("user", "organization"), required=False,
        widget=MemberRecordSelect(User._meta.get_field("member"), admin.site),
        label=_("member record"),
        help_text=_("For a party member: the record this account opens (“My record”), needed for the member role. "
                    "Type a name with or without diacritics."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "member" not in self.initial:
            self.initial["member"] = Member.objects.filter(user=self.instance).values_list("pk", flat=True).first()

    def clean_member(self):
        member = self.cleaned_data.get("member")
        if member is None or (self.instance.pk and member.user_id == self.instance.pk):
            return member
        if member.user_id:
            raise ValidationError(
                _("The record of %(member)s is already linked to the account “%(account)s”: unlink it there first."),
                code="member_taken", params={"member": member.full_name, "account": member.user.get_username()})
        if member.status not in ACTIVE_STATUSES:
            raise ValidationError(
                _("%(member)s is no longer an active member (%(status)s): the record cannot open an account."),
                code="member_inactive", params={"member": member.full_name, "status": member.get_status_display()})
        return member

    def clean(self):
        cleaned = super().clean()
        if "member" in cleaned:
            # The role rows of the same page are checked against the record chosen here, not the one saved before:
            # the member role may be given in the same save that links the record.
            User._meta.get_field("member").set_cached_value(self.instance, cleaned["member"])
        return cleaned


class UserLinkCreateForm(MemberLinkMixin, UserCreateForm):
    pass


class UserLinkChangeForm(MemberLinkMixin, AccountsUserAdmin.form):
    pass


class UserAdmin(AccountsUserAdmin):
    """The user's page with the member record it opens."""

    add_form = UserLinkCreateForm
    form = UserLinkChangeForm
    person_fields = (*AccountsUserAdmin.person_fields, "member")
    list_display = ("username", "full_name", "member_record", "roles", "is_active", "is_staff")
    list_select_related = ("member",)
    search_fields = (*AccountsUserAdmin.search_fields, "member__name_search")

    @admin.display(description=_("member record"), ordering="member__name_sort")
    def member_record(self, user):
        member = getattr(user, "member", None)
        if member is None:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("admin:members_member_change", args=[member.pk]),
                           member.full_name)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "member" in form.cleaned_data:
            services.member_link_account(actor=request.user, user=obj, member=form.cleaned_data["member"])


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
