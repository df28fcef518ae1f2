from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from accounts.scope import EDIT_MEMBER, EXPORT, MANAGE_MEMBERS, scope_for
from apparatus.selectors import member_seats
from core.exports import export_response, table_rows
from core.history import history_entries
from core.views import run_service
from meetings.selectors import member_meetings

from . import services
from .filters import MemberFilter
from .forms import (
    MemberAdmitForm,
    MemberDatedReasonForm,
    MemberEditForm,
    MemberEndForm,
    MemberInductionForm,
    MemberRecogniseForm,
    MemberRegisterForm,
    MemberTransferForm,
    MemberTransferInForm,
)
from .models import Member
from .selectors import member_allows, member_get, member_list_qs
from .tables import MemberTable

EXPORT_COLUMNS = [
    (gettext_lazy("Full name"), lambda m: m.full_name),
    (gettext_lazy("Gender"), lambda m: m.get_gender_display()),
    (gettext_lazy("Date of birth"), lambda m: m.date_of_birth),
    (gettext_lazy("Citizen ID"), lambda m: m.citizen_id),
    (gettext_lazy("Ethnicity"), lambda m: m.get_ethnicity_display()),
    (gettext_lazy("Religion"), lambda m: m.get_religion_display()),
    (gettext_lazy("Hometown"), lambda m: m.hometown),
    (gettext_lazy("General education"), lambda m: m.get_education_display()),
    (gettext_lazy("Professional qualification"), lambda m: m.get_qualification_display()),
    (gettext_lazy("Political theory"), lambda m: m.get_theory_level_display()),
    (gettext_lazy("Position"), lambda m: m.position),
    (gettext_lazy("Agency"), lambda m: m.agency),
    (gettext_lazy("Phone"), lambda m: m.phone),
    (gettext_lazy("Email"), lambda m: m.email),
    (gettext_lazy("Admitted on"), lambda m: m.admitted_on),
    (gettext_lazy("Full member on"), lambda m: m.full_on),
    (gettext_lazy("Party card number"), lambda m: m.card_number),
    (gettext_lazy("Organisation"), lambda m: m.organization.name if m.organization else m.home_external),
    (gettext_lazy("Temporarily at"), lambda m: m.temporary_organization.name if m.temporary_organization
        else m.temporary_external),
    (gettext_lazy("Status"), lambda m: m.get_status_display()),
    (gettext_lazy("Exempt since"), lambda m: m.exempted_since),
]


@login_required
def member_list(request):
    scope = scope_for(request.user)
    if scope.is_member_only:
        return redirect("members:detail", pk=scope.own_member_id)
    if not scope.can("view"):
        raise PermissionDenied
    filterset = MemberFilter(request.GET, queryset=member_list_qs(request.user), user=request.user)
    table = MemberTable(filterset.qs)
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        if not scope.can(EXPORT):
            raise PermissionDenied
        # The export is the list the user sees: same filters, same order, every page.
        RequestConfig(request, paginate=False).configure(table)
        return export_response(export, filename="dang-vien", columns=EXPORT_COLUMNS,
                               rows=table_rows(table), title=_("Members"))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "members/list.html", {
        "filter": filterset, "table": table, "title": _("Members"),
        "can_manage": scope.can(MANAGE_MEMBERS), "can_export": scope.can(EXPORT),
    })


@login_required
def member_detail(request, pk):
    member = member_get(request.user, pk)
    return render(request, "members/detail.html", {
        "member": member,
        "memberships": member.memberships.select_related("organization").order_by("-started_on", "-id"),
        "seats": member_seats(member),
        "meetings": member_meetings(member),
        "history": history_entries(member),
        "can_edit": member_allows(request.user, member, EDIT_MEMBER),
        "can_manage": member_allows(request.user, member, MANAGE_MEMBERS),
        "title": member.full_name,
    })


def _member_action(request, pk, form_class, call, title, success, *, action=MANAGE_MEMBERS, form_kwargs=None):
    member = member_get(request.user, pk, action)
    form = form_class(request.POST or None, **(form_kwargs(member) if form_kwargs else {}))
    if request.method == "POST":
        response = run_service(request, form, lambda d: call(member, d), success_message=success,
                               success_url=member.get_absolute_url())
        if response:
            return response
    return render(request, "members/action.html", {"form": form, "member": member, "title": title})


@login_required
def member_edit(request, pk):
    member = member_get(request.user, pk, EDIT_MEMBER)
    form = MemberEditForm(request.POST or None, instance=Member.objects.get(pk=member.pk))
    if request.method == "POST":
        response = run_service(
            request, form,
            lambda d: services.member_update(actor=request.user, member=member, reason=d["reason"],
                                             **form.file_data()),
            success_message=_("The member's file was saved."), success_url=member.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "members/action.html", {"form": form, "member": member,
                                                   "title": _("Correct the member's file")})


@login_required
def member_transfer(request, pk):
    return _member_action(
        request, pk, MemberTransferForm,
        lambda m, d: services.member_transfer(
            actor=request.user, member=m, kind=d["kind"], effective_on=d["effective_on"], reason=d["reason"],
            to_organization=d.get("to_organization"), to_external=d.get("to_external", ""),
            decision_number=d.get("decision_number", ""), until=d.get("until"),
            for_study=d.get("for_study", False)),
        _("Transfer"), _("The transfer was recorded."),
        form_kwargs=lambda m: {"user": request.user, "member": m},
    )


@login_required
def member_recognise(request, pk):
    return _member_action(
        request, pk, MemberRecogniseForm,
        lambda m, d: services.member_recognise_full(actor=request.user, member=m, decided_on=d["decided_on"],
                                                    decision_number=d["decision_number"], reason=d.get("reason", "")),
        _("Recognise full membership"), _("Full membership was recorded."),
    )


@login_required
def member_induction(request, pk):
    return _member_action(
        request, pk, MemberInductionForm,
        lambda m, d: services.member_record_induction(actor=request.user, member=m, inducted_on=d["inducted_on"],
                                                      reason=d.get("reason", "")),
        _("Record the induction ceremony"), _("The induction ceremony was recorded."),
    )


@login_required
def member_temporary_end(request, pk):
    return _member_action(
        request, pk, MemberDatedReasonForm,
        lambda m, d: services.member_temporary_end(actor=request.user, member=m, effective_on=d["effective_on"],
                                                   reason=d["reason"]),
        _("End the temporary transfer"), _("The temporary transfer was ended."),
    )


@login_required
def member_exempt(request, pk):
    return _member_action(
        request, pk, MemberDatedReasonForm,
        lambda m, d: services.member_exempt(actor=request.user, member=m, effective_on=d["effective_on"],
                                            reason=d["reason"]),
        _("Exempt from work and meetings"), _("The exemption was recorded."),
    )


@login_required
def member_exemption_end(request, pk):
    return _member_action(
        request, pk, MemberDatedReasonForm,
        lambda m, d: services.member_exemption_end(actor=request.user, member=m, effective_on=d["effective_on"],
                                                   reason=d["reason"]),
        _("End the exemption"), _("The exemption was ended."),
    )


@login_required
def member_end(request, pk):
    return _member_action(
        request, pk, MemberEndForm,
        lambda m, d: services.member_end(actor=request.user, member=m, status=d["status"],
                                         effective_on=d["effective_on"], reason=d["reason"],
                                         decision_number=d.get("decision_number", "")),
        _("End the membership"), _("The membership was ended."),
    )


def _create_view(request, form_class, call, title, success):
    if not scope_for(request.user).can(MANAGE_MEMBERS):
        raise PermissionDenied
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST":
        response = run_service(request, form, lambda d: call(form, d), success_message=success,
                               success_url=lambda m: m.get_absolute_url())
        if response:
            return response
    return render(request, "members/action.html", {"form": form, "title": title})


@login_required
def member_admit(request):
    return _create_view(
        request, MemberAdmitForm,
        lambda form, d: services.member_admit(actor=request.user, organization=d["organization"],
                                              admitted_on=d["admitted_on"], decision_number=d["decision_number"],
                                              inducted_on=d.get("inducted_on"), **form.file_data()),
        _("Admit a new member"), _("The new member was admitted."),
    )


@login_required
def member_register(request):
    return _create_view(
        request, MemberRegisterForm,
        lambda form, d: services.member_register(actor=request.user, organization=d["organization"],
                                                 status=d["status"], admitted_on=d["admitted_on"],
                                                 full_on=d.get("full_on"), **form.file_data()),
        _("Enter an existing member"), _("The member was entered in the register."),
    )


@login_required
def member_transfer_in(request):
    return _create_view(
        request, MemberTransferInForm,
        lambda form, d: services.member_transfer_in(
            actor=request.user, organization=d["organization"], from_external=d["from_external"], kind=d["kind"],
            effective_on=d["effective_on"], status=d["status"], admitted_on=d["admitted_on"],
            full_on=d.get("full_on"), decision_number=d.get("decision_number", ""), until=d.get("until"),
            for_study=d.get("for_study", False), **form.file_data()),
        _("Receive a member from outside"), _("The member was received."),
    )
