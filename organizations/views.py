from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from accounts.scope import ESTABLISH, EXPORT, RESTRUCTURE, VIEW, scope_for
from apparatus.selectors import organization_apparatus, organization_leaders
from core.exports import export_response, table_rows
from core.history import history_entries
from core.views import run_service
from members.choices import ACTIVE_STATUSES
from members.models import Member

from . import services
from .filters import OrganizationFilter
from .forms import (
    AsOfForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    OrganizationCreateForm,
    OrganizationEditForm,
    RenameForm,
    SplitForm,
    TransferInForm,
    TransferOutForm,
)
from .models import Organization
from .selectors import (
    flatten,
    organization_events,
    organization_get,
    organization_subtree_ids,
    organization_table_qs,
    organization_tree,
    tree_summary,
)
from .tables import OrganizationTable

EXPORT_COLUMNS = [
    (gettext_lazy("Code"), lambda o: o.code),
    (gettext_lazy("Name"), lambda o: o.name),
    (gettext_lazy("Kind"), lambda o: o.kind.label),
    (gettext_lazy("Parent"), lambda o: o.parent.name if o.parent else ""),
    (gettext_lazy("Host agency"), lambda o: o.host_agency),
    (gettext_lazy("Cluster"), lambda o: o.cluster.name if o.cluster else ""),
    (gettext_lazy("Members"), lambda o: o.member_count),
    (gettext_lazy("Sub-units"), lambda o: o.child_count),
    (gettext_lazy("Established"), lambda o: o.established_on),
    (gettext_lazy("Decision number"), lambda o: o.decision_number),
    (gettext_lazy("Status"), lambda o: o.get_status_display()),
    (gettext_lazy("Ended on"), lambda o: o.ended_on),
]


def _require(user, action):
    if not scope_for(user).can(action):
        raise PermissionDenied


@login_required
def organization_list(request):
    _require(request.user, VIEW)
    filterset = OrganizationFilter(request.GET, queryset=organization_table_qs(request.user))
    table = OrganizationTable(filterset.qs)
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        _require(request.user, EXPORT)
        RequestConfig(request, paginate=False).configure(table)
        return export_response(export, filename="to-chuc-dang", columns=EXPORT_COLUMNS, rows=table_rows(table),
                               title=_("Organisations"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "organizations/list.html", {"filter": filterset, "table": table,
                                                       "title": _("Organisations")})


@login_required
def organization_tree_view(request):
    _require(request.user, VIEW)
    form = AsOfForm(request.GET or None)
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    roots = organization_tree(request.user, as_of=as_of)
    return render(request, "organizations/tree.html", {
        "form": form, "as_of": as_of, "nodes": flatten(roots), "summary": tree_summary(roots),
        "title": _("Organisation tree"),
    })


@login_required
def organization_detail(request, pk):
    organization = organization_get(request.user, pk)
    scope = scope_for(request.user)
    children = (
        organization.children.filter(scope.org_q("id")).select_related("kind")
        .annotate(member_count=Count("members", filter=Q(members__status__in=ACTIVE_STATUSES)))
        .order_by("-status", "name_sort")
    )
    members = organization.members.filter(status__in=ACTIVE_STATUSES).order_by("name_sort")
    guests = organization.temporary_members.filter(status__in=ACTIVE_STATUSES).select_related("organization")
    apparatus = organization_apparatus(request.user, organization) if organization.is_active else None
    return render(request, "organizations/detail.html", {
        "organization": organization,
        "ancestors": organization.ancestors().select_related("kind") if organization.parent_id else [],
        "children": children,
        "members": members[:100],
        "member_count": members.count(),
        "subtree_member_count": Member.objects.filter(
            organization_id__in=sorted(organization_subtree_ids(request.user, organization)),
            status__in=ACTIVE_STATUSES).count(),
        "guests": guests,
        "events": organization_events(organization)[:100],
        "versions": organization.versions.select_related("parent").order_by("-valid_from"),
        "history": history_entries(organization),
        "apparatus": apparatus,
        "leaders": organization_leaders(apparatus),
        "can_restructure": scope.covers(organization.pk, RESTRUCTURE),
        "can_establish": scope.covers(organization.pk, ESTABLISH),
        "title": organization.name,
    })


def _decision_view(request, pk, form_class, call, template_title, success, *, form_kwargs=None):
    """A dated restructuring decision on one organisation: form, service, and back to its page."""
    organization = organization_get(request.user, pk, RESTRUCTURE)
    form = form_class(request.POST or None, **(form_kwargs(organization) if form_kwargs else {}))
    if request.method == "POST":
        response = run_service(
            request, form, lambda data: call(organization, data), success_message=success,
            success_url=lambda result: (result[0] if isinstance(result, list) else result).get_absolute_url(),
        )
        if response:
            return response
    return render(request, "organizations/action.html",
                  {"form": form, "organization": organization, "title": template_title})


def _decision(data):
    return {"effective_on": data["effective_on"], "decision_number": data["decision_number"],
            "reason": data.get("reason", "")}


@login_required
def organization_rename(request, pk):
    return _decision_view(
        request, pk, RenameForm,
        lambda org, d: services.organization_rename(actor=request.user, organization=org, new_name=d["new_name"],
                                                    **_decision(d)),
        _("Rename"), _("The organisation was renamed."),
    )


@login_required
def organization_move(request, pk):
    return _decision_view(
        request, pk, MoveForm,
        lambda org, d: services.organization_move(actor=request.user, organization=org,
                                                  new_parent=d["new_parent"], **_decision(d)),
        _("Move under another parent"), _("The organisation was moved."),
        form_kwargs=lambda org: {"user": request.user, "organization": org},
    )


@login_required
def organization_transfer_out(request, pk):
    return _decision_view(
        request, pk, TransferOutForm,
        lambda org, d: services.organization_transfer_out(actor=request.user, organization=org,
                                                          to_committee=d["to_committee"], **_decision(d)),
        _("Transfer out to another superior committee"), _("The organisation was transferred out."),
    )


@login_required
def organization_merge(request, pk):
    return _decision_view(
        request, pk, MergeForm,
        lambda org, d: services.organization_merge(actor=request.user, sources=list(d["sources"]), target=org,
                                                   **_decision(d)),
        _("Merge other organisations into this one"), _("The organisations were merged."),
        form_kwargs=lambda org: {"user": request.user, "organization": org},
    )


@login_required
def organization_dissolve(request, pk):
    return _decision_view(
        request, pk, DissolveForm,
        lambda org, d: services.organization_dissolve(actor=request.user, organization=org, **_decision(d)),
        _("Dissolve"), _("The organisation was dissolved."),
    )


@login_required
def organization_split(request, pk):
    organization = organization_get(request.user, pk, RESTRUCTURE)
    form = SplitForm(
        request.POST or None, organization=organization,
        members=list(organization.members.filter(status__in=ACTIVE_STATUSES).order_by("name_sort")),
        children=list(organization.children.filter(status=Organization.Status.ACTIVE).order_by("name_sort")),
    )
    if request.method == "POST":
        response = run_service(
            request, form,
            lambda d: services.organization_split(actor=request.user, source=organization, parts=form.parts(),
                                                  keep_source=d.get("keep_source", False), **_decision(d)),
            success_message=_("The organisation was split."),
            success_url=lambda created: created[0].get_absolute_url(),
        )
        if response:
            return response
    return render(request, "organizations/split.html", {"form": form, "organization": organization,
                                                        "title": _("Split")})


@login_required
def organization_edit(request, pk):
    organization = organization_get(request.user, pk, RESTRUCTURE)
    form = OrganizationEditForm(request.POST or None, instance=Organization.objects.get(pk=organization.pk))
    if request.method == "POST":
        fields = ["code", "host_agency", "cluster", "decision_number"]
        response = run_service(
            request, form,
            lambda d: services.organization_update(actor=request.user, organization=organization,
                                                   reason=d["reason"], **{f: d[f] for f in fields}),
            success_message=_("Saved."), success_url=organization.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "organizations/action.html", {"form": form, "organization": organization,
                                                         "title": _("Correct the record")})


@login_required
def organization_create(request):
    _require(request.user, ESTABLISH)
    initial = {}
    if request.GET.get("parent"):
        initial["parent"] = request.GET["parent"]
    form = OrganizationCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        response = run_service(
            request, form,
            lambda d: services.organization_create(actor=request.user, **d),
            success_message=_("The organisation was established."), success_url=lambda org: org.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "organizations/action.html", {"form": form, "title": _("Establish an organisation")})


@login_required
def organization_transfer_in(request):
    _require(request.user, ESTABLISH)
    form = TransferInForm(request.POST or None, user=request.user)
    if request.method == "POST":
        response = run_service(
            request, form,
            lambda d: services.organization_transfer_in(
                actor=request.user, parent=d["parent"], from_committee=d["from_committee"],
                organization=d.get("organization"), kind=d.get("kind"), code=d.get("code", ""),
                name=d.get("name", ""), host_agency=d.get("host_agency", ""), cluster=d.get("cluster"),
                **_decision(d)),
            success_message=_("The organisation was received."), success_url=lambda org: org.get_absolute_url(),
        )
        if response:
            return response
    return render(request, "organizations/action.html", {"form": form, "title": _("Receive an organisation")})
