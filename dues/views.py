import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import add_months
from core.exports import export_response
from core.scope import DUES
from core.views import ActionPage, ExportMixin, ObjectPage, Page
from members.selectors import member_get
from rules.codes import DUES_UNPAID_MONTHS_FLAG
from rules.selectors import rule_value, rules_loaded

from . import forms, levels, selectors, services
from .models import Relief
from .reckoning import first_of


class RulesOnce:
    """The page reads the dues rules in several places (the dues reckoned, the unpaid flag, the shares kept): the
    rule data is loaded once for the request."""

    def dispatch(self, request, *args, **kwargs):
        with rules_loaded():
            return super().dispatch(request, *args, **kwargs)


def _dues_crumb() -> tuple[str, str]:
    return str(_("Party dues")), reverse("dues:home")


def _month(request) -> datetime.date:
    """The month asked (?month=yyyy-mm), this month by default; a month ahead of this one is refused (404)."""
    text = request.GET.get("month") or ""
    this_month = first_of(timezone.localdate())
    if not text:
        return this_month
    try:
        month = datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise Http404
    if month > this_month or month.year < 1930:
        raise Http404
    return month


class DuesHome(Page):
    """Where dues are collected: a secretary of one cell goes straight to its sheet; an office sees its cells with
    the month's collection, a page at a time."""

    needs = DUES
    title = _("Party dues")
    template_name = "dues/home.html"
    per_page = 50

    def get(self, request, *args, **kwargs):
        month = _month(request)
        cells = selectors.collecting_cells(self.user)
        page = Paginator(cells, self.per_page).get_page(request.GET.get("page"))
        if page.paginator.count == 1 and not request.GET.get("page"):
            return redirect(f"{reverse('dues:sheet', args=[page.object_list[0].pk])}?month={month:%Y-%m}")
        figures = selectors.cells_month(page.object_list, month)
        rows = [(cell, figures[cell.pk]) for cell in page.object_list]
        levels_ = [o for o in selectors.level_roots(self.user) if not o.kind.holds_members]
        return self.render(self.context(
            rows=rows, month=month, levels=levels_, previous=add_months(month, -1),
            next=add_months(month, 1) if month < first_of(timezone.localdate()) else None,
            pager=page, pager_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            pager_query=f"?month={month:%Y-%m}&page="))


class CellSheet(RulesOnce, ActionPage):
    """The cell's collection sheet for a month: one tick per member on a phone; the due shown, kept once recorded."""

    selector = selectors.cell_get
    action = DUES
    form_class = forms.SheetForm
    template_name = "dues/sheet.html"
    title = _("Dues collection")
    submit_label = _("Save the sheet")
    success_message = _("The month's dues are recorded.")

    def setup_page(self):
        super().setup_page()
        self.month = _month(self.request)
        self.sheet = selectors.cell_sheet(self.object, self.month)

    def crumbs(self):
        return [_dues_crumb()]

    def subtitle(self):
        return f"{self.object.name} — {self.month:%m/%Y}"

    def form_kwargs(self):
        return {"sheet": self.sheet}

    def versioned_object(self):
        return None  # each payment row is checked on its own save; the sheet has no single revision

    def perform(self, data):
        return services.dues_collect(actor=self.user, organization=self.object, month=self.month,
                                     rows=self.form.values())

    def success_url(self, result):
        return f"{self.request.path}?month={self.month:%Y-%m}"

    def back_url(self):
        return reverse("dues:home")

    def context(self, **extra):
        this_month = first_of(timezone.localdate())
        return super().context(
            sheet=self.sheet, month=self.month, previous=add_months(self.month, -1),
            next=add_months(self.month, 1) if self.month < this_month else None,
            unpaid=selectors.unpaid_members(self.object, self.month.year),
            unpaid_threshold=rule_value(DUES_UNPAID_MONTHS_FLAG, on=self.month),
            level=levels.level_month(self.object, self.month), **extra)


class CellBook(RulesOnce, ExportMixin, ObjectPage):
    """The cell's dues book for a year (sổ thu nộp đảng phí): each member's months, what was owed and paid; printed
    from the page, or exported as Excel or CSV with the same rows."""

    selector = selectors.cell_get
    action = DUES
    title = _("Dues book")
    template_name = "dues/book.html"

    def crumbs(self):
        return [_dues_crumb(), (self.object.name, reverse("dues:sheet", args=[self.object.pk]))]

    def get(self, request, *args, **kwargs):
        year = _year(request)
        this_year = timezone.localdate().year
        rows = selectors.cell_book(self.object, year)
        fmt = self.export_format()
        if fmt:
            if self.export_error(fmt):
                raise Http404
            return self.export_file(rows, year, fmt)
        months = [datetime.date(year, m, 1) for m in range(1, 13)]
        return self.render(self.context(
            rows=rows, year=year, months=months, years=list(range(this_year, this_year - 5, -1)),
            owed=sum(r.owed for r in rows), paid=sum(r.paid for r in rows), extra=sum(r.extra for r in rows),
            can_export=self.scope.can(self.export_needs)))

    def export_file(self, rows, year, fmt):
        def month_paid(index):
            def get(row):
                line = row.lines[index] if index < len(row.lines) else None
                return line.payment.paid if line is not None and line.payment else None
            return get

        columns = [(str(_("Full name")), lambda r: r.member.full_name)]
        columns += [(f"{m:02d}/{year}", month_paid(m - 1)) for m in range(1, 13)]
        columns += [(str(_("Owed")), lambda r: r.owed), (str(_("Paid")), lambda r: r.paid),
                    (str(_("Voluntary")), lambda r: r.extra)]
        return export_response(fmt, filename=f"so-dang-phi-{self.object.code or self.object.pk}-{year}",
                               columns=columns, rows=rows,
                               title=_("Dues book %(year)s") % {"year": year})


class MemberPage(ObjectPage):
    selector = member_get

    def crumbs(self):
        return [(self.object.full_name, self.object.get_absolute_url())]


class MemberDues(RulesOnce, MemberPage):
    """A member's dues, year by year: the basis, the reliefs, each month's due and payment. The member sees their
    own; whoever collects for the member's cell also sees the buttons that change them."""

    title = _("Party dues")
    template_name = "dues/member.html"

    def context(self, **extra):
        member = self.object
        years = selectors.member_years(member)
        try:
            year = int(self.request.GET.get("year") or years[0])
        except ValueError:
            raise Http404
        if year not in years:
            raise Http404
        lines = selectors.member_year(member, year)
        return super().context(
            member=member, year=year, years=years, lines=lines,
            bases=list(member.dues_bases.order_by("-starts_on")),
            reliefs=list(member.dues_reliefs.order_by("-starts_on")),
            can_change=bool(member.organization_id and self.scope.covers(member.organization_id, DUES)),
            # owed as the dues book counts it (a month the cell has not recorded yet is not)
            totals=selectors.BookRow(member, lines), **extra)


class MemberDuesAction(ActionPage, MemberPage):
    action = DUES

    def crumbs(self):
        return [*super().crumbs(), (str(_("Party dues")), reverse("dues:member", args=[self.object.pk]))]

    def subtitle(self):
        return self.object.full_name

    def back_url(self):
        return reverse("dues:member", args=[self.object.pk])

    def success_url(self, result):
        return self.back_url()


class BasisSet(MemberDuesAction):
    form_class = forms.BasisForm
    title = _("Dues basis")
    success_message = _("The dues basis is recorded.")
    service = services.dues_basis_set
    object_kwarg = "member"

    def versioned_object(self):
        return None

    def initial(self):
        current = self.object.dues_bases.order_by("-starts_on").first()
        initial = {"starts_on": first_of(timezone.localdate())}
        if current is not None:
            initial.update(category=current.category, amount=current.amount)
        return initial


class ReliefGrant(MemberDuesAction):
    form_class = forms.ReliefForm
    title = _("Exemption or reduction of dues")
    success_message = _("The relief is recorded.")
    service = services.dues_relief_grant
    object_kwarg = "member"

    def versioned_object(self):
        return None

    def initial(self):
        return {"starts_on": first_of(timezone.localdate())}


def _relief_get(user, pk, action=DUES) -> Relief:
    try:
        relief = Relief.objects.select_related("member").get(pk=pk)
    except (Relief.DoesNotExist, ValueError):
        raise Http404
    member_get(user, relief.member_id, action)  # 404 outside the scope
    return relief


class ReliefEnd(ActionPage):
    selector = _relief_get
    action = DUES
    form_class = forms.ReliefEndForm
    title = _("End the relief early")
    success_message = _("The relief ends with the month given.")

    def crumbs(self):
        member = self.object.member
        return [(member.full_name, member.get_absolute_url()),
                (str(_("Party dues")), reverse("dues:member", args=[member.pk]))]

    def back_url(self):
        return reverse("dues:member", args=[self.object.member_id])

    def success_url(self, result):
        return self.back_url()

    def initial(self):
        return {"last_month": first_of(timezone.localdate())}

    def perform(self, data):
        return services.dues_relief_end(actor=self.user, relief=self.object, last_month=data["last_month"],
                                        reason=data["reason"])

    def blocked(self):
        if self.object.ends_on is not None and self.object.ends_on < first_of(timezone.localdate()):
            messages.info(self.request, _("This relief has already ended."))
            return redirect(self.back_url())
        return None


def _year(request) -> int:
    """The year asked (?year=yyyy), this year by default; outside 1930 to this year is refused (404)."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        raise Http404
    if not 1930 <= year <= this_year:
        raise Http404
    return year


def _level_url(organization, month) -> str:
    """Where an organisation's month of dues is handled: a cell's sheet, any other level's page."""
    name = "dues:sheet" if organization.kind.holds_members else "dues:level"
    return f"{reverse(name, args=[organization.pk])}?month={month:%Y-%m}"


class LevelMonthPage(RulesOnce, ObjectPage):
    """A level's month of dues (a grassroots committee, the Bloc): what each subordinate remitted and whether it was
    received (confirmed with a tap), what reached the level, the share it keeps and what it remitted upward."""

    selector = selectors.level_get
    action = DUES
    title = _("Dues of the level")
    template_name = "dues/level.html"

    def crumbs(self):
        crumbs = [_dues_crumb()]
        parent = self.object.parent
        if parent is not None and self.scope.covers(parent.pk, DUES):
            crumbs.append((parent.name, _level_url(parent, self.month)))
        return crumbs

    def setup_page(self):
        super().setup_page()
        self.month = _month(self.request)

    def context(self, **extra):
        level = levels.level_month(self.object, self.month)
        children = [(line, _level_url(line.organization, self.month), self.scope.covers(line.organization.pk, DUES))
                    for line in level.children]
        return super().context(
            level=level, children=children, month=self.month, previous=add_months(self.month, -1),
            next=add_months(self.month, 1) if self.month < first_of(timezone.localdate()) else None,
            confirm_form=forms.ConfirmForm(initial={"confirmed_on": timezone.localdate()}),
            own_url=_level_url(self.object, self.month) if self.object.kind.holds_members else "", **extra)


class Remit(RulesOnce, ActionPage):
    """Remit the month's dues upward: the figures worked out from what reached the organisation, only the day, the
    way and a note typed."""

    selector = selectors.level_get
    action = DUES
    form_class = forms.RemitForm
    title = _("Remit the dues upward")
    template_name = "dues/remit.html"
    submit_label = _("Record the remittance")
    success_message = _("The remittance is recorded; the level above confirms receiving it.")

    def setup_page(self):
        super().setup_page()
        self.month = _month(self.request)
        self.level = levels.level_month(self.object, self.month)

    def crumbs(self):
        return [_dues_crumb()]

    def subtitle(self):
        return f"{self.object.name} — {self.month:%m/%Y}"

    def versioned_object(self):
        return None  # a remittance is added, never edited

    def initial(self):
        return {"remitted_on": timezone.localdate()}

    def blocked(self):
        if self.request.method == "GET" and self.level.pending <= 0:
            messages.info(self.request, _("Nothing has reached this organisation for %(month)s since its last "
                                          "remittance.") % {"month": f"{self.month:%m/%Y}"})
            return redirect(self.back_url())
        return None

    def perform(self, data):
        return services.dues_remit(actor=self.user, organization=self.object, month=self.month, **data)

    def back_url(self):
        return _level_url(self.object, self.month)

    def success_url(self, result):
        return self.back_url()

    def context(self, **extra):
        kept, remitted = self.level.pending_split
        return super().context(level=self.level, kept=kept, remitted=remitted, month=self.month, **extra)


class ConfirmReceipt(ActionPage):
    """The receiving level confirms a subordinate's remittance reached it."""

    selector = selectors.remittance_get
    action = DUES
    form_class = forms.ConfirmForm
    title = _("Confirm the dues received")
    template_name = "dues/confirm.html"
    submit_label = _("Confirm receipt")
    success_message = _("The receipt is confirmed.")

    def crumbs(self):
        return [_dues_crumb()]

    def subtitle(self):
        return f"{self.object.organization.name} — {self.object.month:%m/%Y}"

    def versioned_object(self):
        return None  # the service locks the row and refuses a second confirmation

    def initial(self):
        return {"confirmed_on": timezone.localdate()}

    def blocked(self):
        if self.object.confirmed_on:
            messages.info(self.request, _("This remittance was already confirmed."))
            return redirect(self.back_url())
        return None

    def perform(self, data):
        return services.dues_remittance_confirm(actor=self.user, remittance=self.object, **data)

    def back_url(self):
        return _level_url(self.object.recipient, self.object.month)

    def success_url(self, result):
        return self.back_url()


class LevelBook(RulesOnce, ExportMixin, ObjectPage):
    """A level's dues book for a year: month by month what reached it (its own members' dues, its subordinates'
    remittances received), what it kept and what it remitted upward, and whether the level above confirmed it;
    printed from the page, or exported as Excel or CSV with the same rows."""

    selector = selectors.level_get
    action = DUES
    title = _("Dues book of the level")
    template_name = "dues/level_book.html"

    def crumbs(self):
        return [_dues_crumb(), (self.object.name, _level_url(self.object, first_of(timezone.localdate())))]

    def get(self, request, *args, **kwargs):
        year = _year(request)
        rows = levels.level_year(self.object, year, last=timezone.localdate())
        fmt = self.export_format()
        if fmt:
            if self.export_error(fmt):
                raise Http404
            return self.export_file(rows, year, fmt)
        this_year = timezone.localdate().year
        return self.render(self.context(
            rows=rows, year=year, years=list(range(this_year, this_year - 5, -1)),
            totals={name: sum(getattr(r, name) for r in rows)
                    for name in ("collected", "from_below", "reached", "kept", "remitted")},
            can_export=self.scope.can(self.export_needs)))

    def export_file(self, rows, year, fmt):
        def sent_on(row):
            return ", ".join(f"{r.remitted_on:%d/%m/%Y}" for r in row.sent)

        def confirmed(row):
            return ", ".join(f"{r.confirmed_on:%d/%m/%Y}" if r.confirmed_on else "—" for r in row.sent)

        columns = [(str(_("Month")), lambda r: f"{r.month:%m/%Y}"),
                   (str(_("Own members' dues")), lambda r: r.collected),
                   (str(_("Received from below")), lambda r: r.from_below),
                   (str(_("Reached the level")), lambda r: r.reached), (str(_("Kept")), lambda r: r.kept),
                   (str(_("Remitted upward")), lambda r: r.remitted), (str(_("Remitted on")), sent_on),
                   (str(_("Receipt confirmed on")), confirmed)]
        return export_response(fmt, filename=f"so-dang-phi-cap-{self.object.code or self.object.pk}-{year}",
                               columns=columns, rows=rows, title=_("Dues book of %(name)s, %(year)s") % {
                                   "name": self.object.name, "year": year})
