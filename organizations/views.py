"""The organisation pages, declared through the shared views (core.views)."""

from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.history import history_entries
from core.scope import ACTIONS, ESTABLISH, RESTRUCTURE, VIEW
from core.views import ActionPage, ListPage, ObjectPage, Page, ReportPage, form_errors

from . import forms, hooks, selectors, services
from .filters import OrganizationFilter
from .models import Organization
from .tables import OrganizationTable


def _tree_crumb() -> tuple[str, str]:
    return str(_("Organisations")), reverse("organizations:tree")


class OrganizationPick(Page):
    """The organisation picker's search (organizations.widgets): the first names that match what was typed, as
    buttons the picker shows under its box."""

    template_name = "organizations/_pick_results.html"

    def context(self, **extra):
        action = self.request.GET.get("action") or VIEW
        if action not in ACTIONS:
            raise BadRequest("action")
        cells = self.request.GET.get("cells")
        rows, more = selectors.organization_pick(
            self.user, text=self.request.GET.get("q", "")[:100], action=action,
            active_only=self.request.GET.get("ended") != "1",
            holds_members=None if cells not in ("0", "1") else cells == "1",
            anywhere=self.request.GET.get("anywhere") == "1",
            exclude=int(exclude) if (exclude := self.request.GET.get("exclude", "")).isdigit() else None,
        )
        return super().context(organizations=rows, more=more, shown=len(rows), **extra)


class OrganizationList(ListPage):
    title = _("Organisations")
    template_name = "organizations/list.html"
    filterset_class = OrganizationFilter
    table_class = OrganizationTable
    per_page = 50
    export_name = "to-chuc-dang"

    def queryset(self):
        return selectors.organization_table_qs(self.user)

    @cached_property
    def totals(self) -> dict[str, dict[int, int]]:
        """Each figure with the whole subtree of every organisation the user sees (two queries, any size)."""
        return selectors.organization_figure_totals(self.user)

    def filterset_kwargs(self) -> dict:
        return {"totals": self.totals}

    def table_kwargs(self) -> dict:
        return {"totals": self.totals}


class OrganizationTree(ReportPage):
    """The visible tree with its figures, today or as it stood on a date."""

    title = _("Organisation tree")
    template_name = "organizations/tree.html"
    params_form = forms.AsOfForm

    def crumbs(self):
        return [(str(_("Organisations")), reverse("organizations:list"))]

    def compute(self, params):
        as_of = params.get("as_of")
        if as_of is None:
            nodes, whole, summary = selectors.tree_page(self.user)
            return {"as_of": as_of, "nodes": nodes, "whole": whole, "summary": summary}
        roots = selectors.organization_tree(self.user, as_of=as_of)
        nodes, whole = selectors.tree_rows(roots)
        return {"as_of": as_of, "nodes": nodes, "whole": whole, "summary": selectors.tree_summary(roots)}


class OrganizationTreeBranch(Page):
    """The rows of one organisation's sub-units, fetched when a branch of a large tree is opened (tree.js): a
    fragment of the tree page, not a page (nothing to export), as of the tree page's date."""

    template_name = "organizations/_tree_rows.html"

    def get(self, request, *args, **kwargs):
        form = forms.AsOfForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self.render({"filter_errors": form_errors(form)}, status=400,
                               template="core/_filter_errors.html")
        as_of = form.cleaned_data.get("as_of") if form.is_bound else None
        node = selectors.tree_branch(self.user, self.kwargs["pk"], as_of=as_of)
        return self.render({"as_of": as_of, "nodes": node.children})


class OrganizationPage(ObjectPage):
    """A page about one organisation: the tree and its ancestors the user may open in the breadcrumbs."""

    selector = selectors.organization_get

    def ancestors(self):
        organization = self.object
        return list(organization.ancestors().select_related("kind")) if organization.parent_id else []

    def crumbs(self):
        crumbs = [_tree_crumb()]
        for ancestor in self.ancestors():
            if ancestor.pk != self.object.pk:
                url = reverse("organizations:detail", args=[ancestor.pk]) if self.scope.covers(ancestor.pk) else None
                crumbs.append((ancestor.name, url))
        return crumbs


class OrganizationDetail(OrganizationPage):
    template_name = "organizations/detail.html"

    def get_title(self) -> str:
        return self.object.name

    def context(self, **extra):
        organization = self.object
        children = list(selectors.with_figures(
            organization.children.filter(self.scope.org_q("id")).select_related("kind").order_by("name_sort")))
        # the kept figures come with each row (with_figures); only a figure not kept is summed over the tree
        counted = children and any(not f.kept for f in hooks.figures)
        totals = selectors.figure_totals() if counted else {}
        for child in children:
            child.figure_cells = selectors.figure_cells(
                child.pk, {f.key: getattr(child, f"figure_{f.key}", 0) for f in hooks.figures},
                {f.key: getattr(child, f"figure_{f.key}_total", 0) if f.kept else totals.get(f.key, {}).get(child.pk, 0)
                 for f in hooks.figures})
        return super().context(
            organization=organization,
            children=[c for c in children if c.is_active],
            ended_children=[c for c in children if not c.is_active],
            figures=hooks.figures,
            events=selectors.organization_events(organization)[:100],
            versions=organization.versions.select_related("parent").order_by("-valid_from"),
            history=history_entries(organization),
            can_restructure=self.scope.covers(organization.pk, RESTRUCTURE),
            can_establish=self.scope.covers(organization.pk, ESTABLISH),
            **extra,
        )


class OrganizationAction(ActionPage, OrganizationPage):
    """A dated restructuring decision on one organisation: form, service, and back to its page."""

    action = RESTRUCTURE
    object_kwarg = "organization"

    def crumbs(self):
        return [*super().crumbs(), (self.object.name, self.object.get_absolute_url())]

    def subtitle(self) -> str:
        return self.object.name

    def context(self, **extra):
        return super().context(organization=self.object, **extra)

    def success_url(self, result) -> str:
        return (result[0] if isinstance(result, list) else result).get_absolute_url()


class OrganizationRename(OrganizationAction):
    form_class = forms.RenameForm
    title = _("Rename")
    success_message = _("The organisation was renamed.")
    service = services.organization_rename


class OrganizationMove(OrganizationAction):
    form_class = forms.MoveForm
    title = _("Move under another parent")
    success_message = _("The organisation was moved.")
    service = services.organization_move

    def form_kwargs(self):
        return {"user": self.user, "organization": self.object}


class OrganizationTransferOut(OrganizationAction):
    form_class = forms.TransferOutForm
    title = _("Transfer out to another superior committee")
    success_message = _("The organisation was transferred out.")
    service = services.organization_transfer_out


class OrganizationMerge(OrganizationAction):
    form_class = forms.MergeForm
    title = _("Merge other organisations into this one")
    success_message = _("The organisations were merged.")

    def form_kwargs(self):
        return {"user": self.user, "organization": self.object}

    def perform(self, d):
        return services.organization_merge(actor=self.user, target=self.object, **{**d, "sources": list(d["sources"])})


class OrganizationDissolve(OrganizationAction):
    form_class = forms.DissolveForm
    title = _("Dissolve")
    success_message = _("The organisation was dissolved.")
    service = services.organization_dissolve


class OrganizationSplit(OrganizationAction):
    form_class = forms.SplitForm
    template_name = "organizations/split.html"
    title = _("Split")
    success_message = _("The organisation was split.")

    def form_kwargs(self):
        organization = self.object
        return {"organization": organization,
                "children": list(organization.children.filter(status=Organization.Status.ACTIVE).order_by("name_sort")),
                "assignables": hooks.split_assignables(organization=organization)}

    def perform(self, d):
        return services.organization_split(actor=self.user, source=self.object, parts=self.form.parts(),
                                           keep_source=d["keep_source"], effective_on=d["effective_on"],
                                           decision_number=d["decision_number"], reason=d["reason"])


class OrganizationEdit(OrganizationAction):
    form_class = forms.OrganizationEditForm
    title = _("Correct the record")
    success_message = _("Saved.")
    service = services.organization_update

    def form_kwargs(self):
        return {"instance": Organization.objects.get(pk=self.object.pk)}


class OrganizationCreate(ActionPage):
    needs = ESTABLISH
    form_class = forms.OrganizationCreateForm
    title = _("Establish an organisation")
    success_message = _("The organisation was established.")
    service = services.organization_create

    def crumbs(self):
        return [_tree_crumb()]

    def back_url(self) -> str:
        return reverse("organizations:tree")

    def form_kwargs(self):
        return {"user": self.user}

    def initial(self):
        return {"parent": self.request.GET["parent"]} if self.request.GET.get("parent") else None


class OrganizationTransferIn(OrganizationCreate):
    form_class = forms.TransferInForm
    title = _("Receive an organisation")
    success_message = _("The organisation was received.")
    service = services.organization_transfer_in

    def initial(self):
        return None
