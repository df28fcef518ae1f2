"""The member pages, declared through the shared views (core.views): read with the selectors, write with the
services."""

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core import security
from core.history import history_entries
from core.scope import CONFIGURE, EDIT_MEMBER, MANAGE_MEMBERS, VIEW
from core.views import ActionPage, ListPage, ObjectPage, Page

from . import forms, services
from .figures import member_list_count
from .filters import MemberFilter
from .models import Member
from .selectors import (
    DueKind,
    letter_period_get,
    mark_due,
    member_allows,
    member_get,
    member_list_qs,
    member_timeline,
    members_due,
    papers_period_get,
)
from .tables import MemberTable


def _list_crumb() -> tuple[str, str]:
    return str(_("Members")), reverse("members:list")


def identity_shown(page, member: Member) -> None:
    """The member's citizen ID is on the page in full: the security log keeps who read it (not the member reading
    their own file, nor a file that has none)."""
    if member.citizen_id and page.scope.own_member_id != member.pk:
        security.security_event(security.IDENTITY_READ, request=page.request, target=member,
                                organization_id=member.organization_id or member.temporary_organization_id,
                                detail="citizen_id")


class MemberList(ListPage):
    title = _("Members")
    template_name = "members/list.html"
    filterset_class = MemberFilter
    table_class = MemberTable
    export_name = "dang-vien"

    def guard(self):
        if self.scope.is_member_only:  # a member sees their own record only: the list leads there
            return redirect("members:detail", pk=self.scope.own_member_id)
        return super().guard()

    def queryset(self):
        historic = any(self.request.GET.get(name) for name in ("as_of", "movement"))
        return member_list_qs(self.user, historic=historic)

    def filterset_kwargs(self) -> dict:
        return {"user": self.user}

    def known_count(self) -> int | None:
        return member_list_count(self.user, self.filterset)

    def context(self, **extra) -> dict:
        return super().context(can_manage=self.scope.can(MANAGE_MEMBERS), movement=self.movement(), **extra)

    def movement(self) -> dict | None:
        """What a movement filter lists, said above the rows (the statistics' figure it opens)."""
        data = getattr(self.filterset.form, "cleaned_data", None) or {}
        if not data.get("movement") or self.filterset.form.errors:
            return None
        since, until = self.filterset.movement_period()
        return {"label": dict(self.filterset.filters["movement"].extra["choices"])[data["movement"]],
                "since": since, "until": until}


class MemberPage(ObjectPage):
    """A page about one member: the list, the member's organisation and the member in the breadcrumbs."""

    selector = member_get

    def crumbs(self):
        member = self.object
        crumbs = [] if self.scope.is_member_only else [_list_crumb()]
        if member.organization:
            covered = self.scope.covers(member.organization_id)
            crumbs.append((member.organization.name,
                           reverse("organizations:detail", args=[member.organization_id]) if covered else None))
        return crumbs


class MemberDetail(MemberPage):
    template_name = "members/detail.html"

    def get_title(self) -> str:
        return self.object.full_name

    def account(self) -> dict | None:
        """For an administrator (CONFIGURE): the login account linked to the file, with the administration pages that
        show it and link one (None for everyone else)."""
        if not self.scope.can(CONFIGURE):
            return None
        member = self.object

        def admin_url(name, *args):
            try:
                return reverse(name, args=args)
            except NoReverseMatch:  # that page is not in the administration
                return None

        return {"user_url": admin_url("admin:auth_user_change", member.user_id) if member.user_id else None,
                "link_url": admin_url("admin:members_member_change", member.pk)}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        identity_shown(self, self.object)
        return response

    def context(self, **extra) -> dict:
        member = self.object
        memberships = list(member.memberships.select_related("organization").order_by("-started_on", "-id"))
        timeline = member_timeline(member, memberships)
        for period in memberships:
            period.notes = timeline["notes"].get(period.pk, [])
            # the sending side records the papers, the receiving cell the letter: each where it manages members
            period.can_act = self.scope.covers(period.organization_id, MANAGE_MEMBERS)
        return super().context(
            member=member,
            own_view=self.scope.own_member_id == member.pk,
            account=self.account(),
            memberships=memberships,
            full_due=timeline["full"],
            transfer_notes=bool(timeline["notes"]),
            history=history_entries(member),
            can_edit=member_allows(self.user, member, EDIT_MEMBER),
            can_manage=member_allows(self.user, member, MANAGE_MEMBERS),
            **extra,
        )


class MemberAction(ActionPage, MemberPage):
    """A dated decision about one member: form, service, and back to the member's page."""

    action = MANAGE_MEMBERS
    object_kwarg = "member"

    def crumbs(self):
        return [*super().crumbs(), (self.object.full_name, self.object.get_absolute_url())]

    def subtitle(self) -> str:
        return self.object.full_name

    def context(self, **extra) -> dict:
        return super().context(member=self.object, **extra)


class MemberEdit(MemberAction):
    action = EDIT_MEMBER
    form_class = forms.MemberEditForm
    title = _("Correct the member's file")
    success_message = _("The member's file was saved.")
    service = services.member_update

    def form_kwargs(self):
        return {"instance": Member.objects.get(pk=self.object.pk)}

    def render(self, context=None, **kwargs):
        response = super().render(context, **kwargs)
        identity_shown(self, self.object)  # the form shows the citizen ID in full
        return response


class MemberTransfer(MemberAction):
    form_class = forms.MemberTransferForm
    title = _("Transfer")
    success_message = _("The transfer was recorded.")
    service = services.member_transfer

    def form_kwargs(self):
        return {"user": self.user, "member": self.object}


class MemberRecognise(MemberAction):
    form_class = forms.MemberRecogniseForm
    title = _("Recognise full membership")
    success_message = _("Full membership was recorded.")
    service = services.member_recognise_full


class MemberInduction(MemberAction):
    form_class = forms.MemberInductionForm
    title = _("Record the induction ceremony")
    success_message = _("The induction ceremony was recorded.")
    service = services.member_record_induction


class MemberDatedAction(MemberAction):
    """Effective date and reason, then the service named by `service`."""

    form_class = forms.MemberDatedReasonForm


class MemberTemporaryEnd(MemberDatedAction):
    service = services.member_temporary_end
    title = _("End the temporary transfer")
    success_message = _("The temporary transfer was ended.")


class MemberExempt(MemberDatedAction):
    service = services.member_exempt
    title = _("Exempt from work and meetings")
    success_message = _("The exemption was recorded.")


class MemberExemptionEnd(MemberDatedAction):
    service = services.member_exemption_end
    title = _("End the exemption")
    success_message = _("The exemption was ended.")


class MemberEnd(MemberAction):
    form_class = forms.MemberEndForm
    title = _("End the membership")
    success_message = _("The membership was ended.")
    service = services.member_end


class MemberDue(Page):
    """What is due for the members of the organisations the user manages: full membership to consider, transfer
    papers to issue, introduction letters awaited, each with its working-day deadline."""

    needs = MANAGE_MEMBERS
    title = _("What is due for members")
    template_name = "members/due.html"

    def crumbs(self):
        return [_list_crumb()]

    def context(self, **extra) -> dict:
        due = members_due(self.user)
        kinds = [("full_membership", DueKind.FULL_MEMBERSHIP, _("Full membership to consider")),
                 ("papers", DueKind.PAPERS, _("Transfer papers to issue")),
                 ("letters", DueKind.LETTER, _("Introduction letters awaited"))]
        chosen = next((kind for kind in kinds if kind[0] == self.request.GET.get("kind")), None)
        page = None
        if chosen is not None:
            # One kind, page by page: a whole country owes thousands of items
            page = Paginator(_DueOfKind(due, chosen[1]), DUE_PER_PAGE).get_page(self.request.GET.get("page"))
            sections = [(chosen[0], label, list(page.object_list), due.count(code))
                        for key, code, label in kinds if key == chosen[0]]
        else:
            shown = due.sections(DUE_SECTION_SHOWN)
            sections = [(key, label, shown[code], due.count(code)) for key, code, label in kinds]
        mark_due(self.user, [item for _key, _label, items, _count in sections for item in items])
        page_range = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1) if page else ()
        page_query = f"?kind={chosen[0]}&page=" if chosen else ""
        return super().context(due=due, sections=sections, page=page, page_range=page_range, page_query=page_query,
                               **extra)


DUE_SECTION_SHOWN = 50  # each kind's first items on the due page; the rest page by page
DUE_PER_PAGE = 100


class _DueOfKind:
    """One kind of a due list as a sequence a Paginator can slice: only the page shown is read."""

    def __init__(self, due, kind):
        self.due, self.kind = due, kind

    def __len__(self):
        return self.due.count(self.kind)

    def __getitem__(self, index):
        return self.due.select(index.stop - index.start, kind=self.kind, start=index.start)


class MembershipAction(ActionPage):
    """A date on a membership period of a permanent transfer (the sending side's papers, the receiving cell's
    letter); back to the member's page, or to the due page when the member is no longer the user's to see."""

    action = MANAGE_MEMBERS
    object_kwarg = "membership"

    def member_visible(self) -> bool:
        return member_allows(self.user, self.object.member, VIEW)

    def crumbs(self):
        crumbs = [_list_crumb()]
        if self.member_visible():
            crumbs.append((self.object.member.full_name, self.object.member.get_absolute_url()))
        else:
            crumbs.append((str(MemberDue.title), reverse("members:due")))
        return crumbs

    def subtitle(self) -> str:
        return self.object.member.full_name

    def success_url(self, result) -> str:
        return self.back_url()

    def back_url(self) -> str:
        return self.object.member.get_absolute_url() if self.member_visible() else reverse("members:due")


class MembershipPapers(MembershipAction):
    selector = papers_period_get
    form_class = forms.MembershipPapersForm
    title = _("Record the transfer papers")
    success_message = _("The transfer papers were recorded.")
    service = services.membership_record_papers

    def initial(self):
        return {"issued_on": self.object.papers_issued_on}


class MembershipLetter(MembershipAction):
    selector = letter_period_get
    form_class = forms.MembershipLetterForm
    title = _("Record the introduction letter")
    success_message = _("The introduction letter was recorded.")
    service = services.membership_record_letter

    def form_kwargs(self):
        return {"membership": self.object}

    def initial(self):
        return {"presented_on": self.object.letter_presented_on}


class MemberCreate(ActionPage):
    """A new member file in a cell the user manages; the member's page follows."""

    needs = MANAGE_MEMBERS

    def crumbs(self):
        return [_list_crumb()]

    def back_url(self) -> str:
        return reverse("members:list")

    def form_kwargs(self):
        return {"user": self.user}


class MemberAdmit(MemberCreate):
    form_class = forms.MemberAdmitForm
    title = _("Admit a new member")
    success_message = _("The new member was admitted.")
    service = services.member_admit


class MemberRegister(MemberCreate):
    form_class = forms.MemberRegisterForm
    title = _("Enter an existing member")
    success_message = _("The member was entered in the register.")
    service = services.member_register


class MemberTransferIn(MemberCreate):
    form_class = forms.MemberTransferInForm
    title = _("Receive a member from outside")
    success_message = _("The member was received.")
    service = services.member_transfer_in
