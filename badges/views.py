import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import dmy
from core.exports import export_response
from core.scope import BADGES
from core.views import ActionPage, ExportMixin
from members.selectors import member_get
from rules.selectors import RuleBook

from . import forms, selectors, services
from .reckoning import Calendar

EARLIEST_YEAR = 1960  # the first year a list may be asked for (the first badges were given in the 1960s)


def _presentation(request, calendar: Calendar) -> datetime.date:
    """The presentation date asked (?date=yyyy-mm-dd), the next one by default; a day that is not one: 404."""
    text = request.GET.get("date") or ""
    if not text:
        return calendar.on_or_after(timezone.localdate())
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise Http404
    if day.year < EARLIEST_YEAR or day.year > timezone.localdate().year + selectors.LIST_YEARS_AHEAD \
            or not calendar.is_date(day):
        raise Http404
    return day


def _age(row) -> str:
    years, months = row.age
    return _("%(years)s y %(months)s m") % {"years": years, "months": months}


def _early(row) -> str:
    return row.due.early_label


class BadgesHome(ExportMixin, ActionPage):
    """The members due a badge on a presentation date (the next one by default), grouped by organisation: printed or
    exported as the proposal list to the superior, and the decision's awards recorded for those ticked."""

    needs = BADGES
    title = gettext_lazy("Party badges")
    template_name = "badges/home.html"
    form_class = forms.AwardForm
    submit_label = gettext_lazy("Record the awards")
    success_message = gettext_lazy("The awards are recorded.")

    def setup_page(self):
        super().setup_page()
        book = RuleBook()
        self.calendar = Calendar(book)
        self.presentation = _presentation(self.request, self.calendar)
        self.rows = selectors.due_rows(self.user, self.presentation, book=book, calendar=self.calendar)

    def get_title(self) -> str:
        return _("Party badges — %(date)s") % {"date": dmy(self.presentation)}

    def form_kwargs(self):
        return {"rows": self.rows}

    def versioned_object(self):
        return None

    def perform(self, data):
        chosen = set(data["members"])
        return services.badges_award(actor=self.user, members=[r.member for r in self.rows if r.member.pk in chosen],
                                     presentation_date=self.presentation, decision_number=data["decision_number"],
                                     decided_on=data["decided_on"], awarded_on=data.get("awarded_on"))

    def success_url(self, result):
        return f"{self.request.path}?date={self.presentation:%Y-%m-%d}"

    def back_url(self):
        return f"{self.request.path}?date={self.presentation:%Y-%m-%d}"

    def get(self, request, *args, **kwargs):
        fmt = self.export_format()
        if fmt:
            if self.export_error(fmt):
                raise Http404
            # asked first, as every export page does: it keeps the request for the security log's row (and would
            # send a list too long for a request to a background job)
            elsewhere = self.export_elsewhere(fmt, lambda: len(self.rows))
            return elsewhere or self.export_file(fmt)
        return super().get(request, *args, **kwargs)

    def export_file(self, fmt):
        numbers = {id(row): n for n, row in enumerate(self.rows, 1)}
        columns = [
            (_("No."), lambda r: numbers[id(r)]),
            (_("Full name"), lambda r: r.member.full_name),
            (_("Date of birth"), lambda r: r.member.date_of_birth),
            (_("Organisation"), lambda r: r.member.organization.name if r.member.organization else ""),
            (_("Admitted on"), lambda r: r.member.admitted_on),
            (_("Party age"), _age),
            (_("Badge (years)"), lambda r: r.due.milestone),
            (_("Early"), _early),
            (_("Deceased"), lambda r: r.member.status_since if r.due.deceased else None),
            (_("Decision"), lambda r: f"{r.due.award.decision_number} ({dmy(r.due.award.decided_on)})"
             if r.due.award else ""),
        ]
        return export_response(fmt, filename=f"de-nghi-huy-hieu-dang-{self.presentation:%Y%m%d}", columns=columns,
                               rows=self.rows, title=_("Badges %(date)s") % {"date": f"{self.presentation:%d-%m-%Y}"})

    def context(self, **extra):
        today = timezone.localdate()
        form = extra.get("form")
        ticked = {str(v) for v in (form["members"].value() or [])} if form is not None and form.is_bound else set()
        return super().context(ticked=ticked,
            presentation=self.presentation, groups=selectors.grouped(self.rows), rows=self.rows,
            dates=selectors.dates_around(self.calendar, self.presentation), next_date=self.calendar.on_or_after(today),
            to_award=sum(1 for r in self.rows if r.due.award is None), can_export=self.scope.can(self.export_needs),
            **extra)


class MemberAction(ActionPage):
    """A record about one member that the badges reckoning reads, from the member's page."""

    selector = member_get
    action = BADGES
    object_kwarg = "member"

    def crumbs(self):
        return [(self.object.full_name, self.object.get_absolute_url())]

    def subtitle(self):
        return self.object.full_name

    def versioned_object(self):
        return None  # a new record; the member's file is not changed

    def success_url(self, result):
        return self.object.get_absolute_url() + "#member-badges"

    def back_url(self):
        return self.object.get_absolute_url()


class InterruptionRecord(MemberAction):
    form_class = forms.InterruptionForm
    title = gettext_lazy("Interrupted membership")
    success_message = gettext_lazy("The interruption is recorded: it no longer counts toward the Party age.")
    service = services.interruption_record


class IllnessRecord(MemberAction):
    form_class = forms.IllnessForm
    title = gettext_lazy("Serious illness")
    success_message = gettext_lazy("The illness is recorded: the member's next badge may come early.")
    service = services.illness_record

    def initial(self):
        return {"certified_on": timezone.localdate()}

