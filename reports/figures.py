"""Every figure the app knows for a periodic report: an organisation with what was under it, over the report's period
(from its first day to its last, or to today while the period runs). A fixed number of grouped queries whatever the
size of the subtree; no name of a person anywhere (a report counts, it does not name).

Every section counts the same organisations: the report's organisation and what was under it as the tree stood on
the period's last counted day (organizations.selectors.subtrees_as_of), read once, whoever counts (the report's
page checked the user's access: reports.periodic.report_get). A member counts where they were registered on the day
(the statistics' way: reports.selectors.member_counts), a badge where its holder was registered on the day it was
presented.

The result is plain JSON ({section: {figure: number}}), frozen into the report when it is submitted; FIGURES lists
each section's figures in the order they are shown and printed, with the words the page shows (translated) and those
the report prints (Vietnamese, whatever the reader's language, as documents.printed)."""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from badges.models import BadgeAward
from core.dates import dmy
from dues.models import Payment, Remittance
from inspections.models import Case as InspectionCase
from inspections.models import CaseType, DisciplineDecision, SubjectKind
from meetings.models import CellMonth
from meetings.selectors import compliance
from members.choices import TransferKind
from members.models import Membership
from organizations.selectors import subtrees_as_of
from petitions.models import Petition
from reviews.models import MemberReview, OrganizationReview, Rating

from .selectors import member_counts

SUPERVISIONS = (CaseType.REGULAR_SUPERVISION, CaseType.THEMATIC_SUPERVISION)

# section key, (page title, printed title), [(figure key, page label, printed label)]
FIGURES = [
    ("members", (_("Party members"), "Đảng viên"), [
        ("total", _("Members at the end of the period"), "Tổng số đảng viên cuối kỳ"),
        ("probationary", _("Of whom probationary"), "Trong đó đảng viên dự bị"),
        ("admitted", _("Admitted in the period"), "Kết nạp mới trong kỳ"),
        ("arrived", _("Transferred in"), "Chuyển đến"),
        ("left", _("Transferred out"), "Chuyển đi"),
        ("lost", _("Died, expelled, struck off or left"), "Từ trần, khai trừ, xóa tên, ra khỏi Đảng"),
    ]),
    ("meetings", (_("Cell meetings"), "Sinh hoạt chi bộ"), [
        ("cells", _("Cells counted"), "Số chi bộ"),
        ("regular_held", _("Regular meetings held"), "Số cuộc sinh hoạt thường kỳ đã tổ chức"),
        ("regular_missed", _("Months a cell missed its regular meeting"), "Số lượt chi bộ không sinh hoạt thường kỳ"),
        ("thematic_held", _("Thematic meetings held"), "Số cuộc sinh hoạt chuyên đề"),
        ("thematic_missed", _("Quarters a cell missed its thematic meeting"),
         "Số lượt chi bộ thiếu sinh hoạt chuyên đề trong quý"),
        ("judged", _("Meetings judged for quality"), "Số cuộc sinh hoạt được đánh giá chất lượng"),
        ("good", _("Of which meeting the benchmark"), "Trong đó đạt yêu cầu"),
        ("attendance_percent", _("Attendance (%)"), "Tỷ lệ đảng viên dự sinh hoạt (%)"),
    ]),
    ("inspections", (_("Inspection and supervision"), "Kiểm tra, giám sát"), [
        ("inspections_opened", _("Inspections decided"), "Số cuộc kiểm tra đã quyết định"),
        ("supervisions_opened", _("Supervisions decided"), "Số cuộc giám sát đã quyết định"),
        ("concluded", _("Inspections and supervisions concluded"), "Số cuộc kiểm tra, giám sát đã kết luận"),
        ("signs_of_violation", _("Inspections on signs of violation"), "Kiểm tra khi có dấu hiệu vi phạm"),
        ("discipline_members", _("Members disciplined"), "Số đảng viên bị thi hành kỷ luật"),
        ("discipline_organizations", _("Organisations disciplined"), "Số tổ chức đảng bị thi hành kỷ luật"),
        ("expulsions", _("Of which expulsions"), "Trong đó khai trừ"),
    ]),
    ("petitions", (_("Complaints, denunciations, feedback"), "Đơn thư khiếu nại, tố cáo, phản ánh"), [
        ("received", _("Received"), "Số đơn tiếp nhận"),
        ("settled", _("Settled"), "Số đơn đã giải quyết xong"),
        ("not_handled", _("Not handled (grounds of the rule)"), "Số đơn không đủ điều kiện xử lý"),
        ("pending", _("Still being settled at the end"), "Số đơn đang giải quyết cuối kỳ"),
    ]),
    ("dues", (_("Party dues (đồng)"), "Đảng phí (đồng)"), [
        ("due", pgettext_lazy("party dues", "Due"), "Số phải thu"),
        ("collected", _("Collected"), "Số đã thu"),
        ("voluntary", _("Voluntary, above the due"), "Đóng tự nguyện"),
        ("remitted", _("Remitted to the superior"), "Nộp cấp trên"),
    ]),
    ("reviews", (_("Quality review (last campaign)"), "Đánh giá, xếp loại chất lượng (đợt gần nhất)"), [
        ("campaign_year", _("Year of the campaign"), "Năm đánh giá"),
        ("members_excellent", _("Members: excellent"), "Đảng viên hoàn thành xuất sắc nhiệm vụ"),
        ("members_good", _("Members: good"), "Đảng viên hoàn thành tốt nhiệm vụ"),
        ("members_complete", _("Members: complete"), "Đảng viên hoàn thành nhiệm vụ"),
        ("members_not_complete", _("Members: not complete"), "Đảng viên không hoàn thành nhiệm vụ"),
        ("organizations_excellent", _("Organisations: excellent"), "Tổ chức đảng hoàn thành xuất sắc nhiệm vụ"),
        ("organizations_good", _("Organisations: good"), "Tổ chức đảng hoàn thành tốt nhiệm vụ"),
        ("organizations_complete", _("Organisations: complete"), "Tổ chức đảng hoàn thành nhiệm vụ"),
        ("organizations_not_complete", _("Organisations: not complete"), "Tổ chức đảng không hoàn thành nhiệm vụ"),
    ]),
    ("badges", (_("Party badges"), "Huy hiệu Đảng"), [
        ("awarded", _("Badges presented"), "Số đảng viên được trao tặng Huy hiệu Đảng"),
    ]),
]


def _meetings(ids, start, end, months) -> dict:
    result = compliance(None, start=start, months=months, among=ids, month_states=False)
    cells = [row.organization.pk for row in result["cells"]]
    held = CellMonth.objects.filter(organization_id__in=cells, month__gte=start, month__lte=end).aggregate(
        regular=Sum("regular_held"), thematic=Sum("thematic_held"))
    expected = result.get("expected", 0)
    return {"cells": len(cells), "regular_held": held["regular"] or 0, "regular_missed": result.get("missed_regular", 0),
            "thematic_held": held["thematic"] or 0, "thematic_missed": result.get("missed_thematic") or 0,
            "judged": result.get("judged", 0), "good": result.get("good", 0),
            "attendance_percent": round(100 * result["present"] / expected, 1) if expected else None}


def _inspections(ids, start, end) -> dict:
    cases = InspectionCase.objects.filter(programme__authority__organization_id__in=ids)
    opened = cases.filter(decided_on__gte=start, decided_on__lte=end).aggregate(
        inspections=Count("id", filter=~Q(type__in=SUPERVISIONS)), supervisions=Count("id", filter=Q(type__in=SUPERVISIONS)),
        signs=Count("id", filter=Q(type=CaseType.SIGNS_OF_VIOLATION)))
    concluded = cases.filter(concluded_on__gte=start, concluded_on__lte=end).count()
    decisions = DisciplineDecision.objects.filter(authority__organization_id__in=ids, decided_on__gte=start,
                                                  decided_on__lte=end).aggregate(
        members=Count("member", distinct=True, filter=~Q(subject_kind=SubjectKind.ORGANIZATION)),
        organizations=Count("id", filter=Q(subject_kind=SubjectKind.ORGANIZATION)),
        expulsions=Count("id", filter=Q(form="expulsion")))
    return {"inspections_opened": opened["inspections"], "supervisions_opened": opened["supervisions"],
            "concluded": concluded, "signs_of_violation": opened["signs"],
            "discipline_members": decisions["members"], "discipline_organizations": decisions["organizations"],
            "expulsions": decisions["expulsions"]}


def _petitions(ids, start, end) -> dict:
    petitions = Petition.objects.filter(organization_id__in=ids)
    counts = petitions.aggregate(
        received=Count("id", filter=Q(received_on__gte=start, received_on__lte=end)),
        settled=Count("id", filter=Q(concluded_on__gte=start, concluded_on__lte=end)),
        not_handled=Count("id", filter=Q(state="not_handled", classified_on__gte=start, classified_on__lte=end)),
        pending=Count("id", filter=Q(received_on__lte=end) & ~Q(state__in=("not_handled", "archived"))
                      & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=end))))
    return counts


def _dues(ids, start, end) -> dict:
    paid = Payment.objects.filter(organization_id__in=ids, month__gte=start, month__lte=end).aggregate(
        due=Sum("due"), collected=Sum("paid"), voluntary=Sum("extra"))
    remitted = Remittance.objects.filter(organization_id__in=ids, month__gte=start, month__lte=end).aggregate(
        remitted=Sum("remitted"))
    return {"due": paid["due"] or 0, "collected": paid["collected"] or 0, "voluntary": paid["voluntary"] or 0,
            "remitted": remitted["remitted"] or 0}


def _reviews(ids, end) -> dict:
    """The ratings decided in the last campaign (by its period's end, up to the report's end) that reviewed members
    of the subtree."""
    reviews = MemberReview.objects.filter(organization_id__in=ids, campaign__period_end__lte=end)
    last = reviews.order_by("-campaign__period_end", "-campaign_id").values_list(
        "campaign_id", "campaign__period_end").first()
    found = {"campaign_year": last[1].year if last else None}
    ratings = Rating.values
    members = dict(reviews.filter(campaign_id=last[0]).exclude(rating="").order_by().values_list("rating")
                   .annotate(n=Count("id")).values_list("rating", "n")) if last else {}
    organizations = dict(OrganizationReview.objects.filter(organization_id__in=ids, campaign_id=last[0])
                         .exclude(rating="").order_by().values_list("rating").annotate(n=Count("id"))
                         .values_list("rating", "n")) if last else {}
    for rating in ratings:
        found[f"members_{rating}"] = members.get(rating, 0)
        found[f"organizations_{rating}"] = organizations.get(rating, 0)
    return found


def _badges(ids, start, end) -> dict:
    """The badges presented over the period to members registered in the subtree on the day (a badge presented
    after its holder's death or departure: where they were last registered)."""
    registered = (Membership.objects.filter(member=OuterRef("member_id"), kind=TransferKind.PERMANENT,
                                            started_on__lte=OuterRef("awarded_on"))
                  .order_by("-started_on", "-id").values("organization_id")[:1])
    awarded = (BadgeAward.objects.filter(awarded_on__gte=start, awarded_on__lte=end)
               .annotate(registered_in=Subquery(registered)).filter(registered_in__in=ids))
    return {"awarded": awarded.count()}


def periodic_figures(organization, start: datetime.date, end: datetime.date, months: int,
                     today: datetime.date | None = None) -> dict:
    """{section: {figure: number}} for `organization` with what was under it over [start, end] (end cut at today),
    the same organisations in every section: the subtree as it stood on the end (the caller checked the access)."""
    today = today or datetime.date.today()
    end = min(end, today)
    if end < start:
        return {key: {} for key, _titles, _rows in FIGURES}
    ids = sorted(subtrees_as_of([organization.pk], end))
    return {
        "members": member_counts(ids, as_of=end, since=start),
        "meetings": _meetings(ids, start, end, months),
        "inspections": _inspections(ids, start, end),
        "petitions": _petitions(ids, start, end),
        "dues": _dues(ids, start, end),
        "reviews": _reviews(ids, end),
        "badges": _badges(ids, start, end),
        "as_of": end.isoformat(),
    }


def figure_sections(figures: dict, *, printed: bool = False) -> list[dict]:
    """The figures in the order shown: [{"key", "title", "rows": [(key, label, value)]}] (a figure not counted,
    e.g. a snapshot taken before it existed, is None)."""
    sections = []
    for key, (title, printed_title), rows in FIGURES:
        values = figures.get(key) or {}
        sections.append({"key": key, "title": printed_title if printed else str(title),
                         "rows": [(figure, printed_label if printed else str(label), values.get(figure))
                                  for figure, label, printed_label in rows]})
    return sections


def figures_as_of(figures: dict) -> datetime.date | None:
    """The last day the figures counted (stored as an ISO date in the JSON)."""
    try:
        return datetime.date.fromisoformat(figures["as_of"])
    except (KeyError, TypeError, ValueError):
        return None


def compared_sections(figures: dict, before: dict | None, links: dict | None = None) -> list[dict]:
    """The page's sections: each row (key, label, value, changed, value before, link), `changed` where the report's
    previous submission (`before`, its frozen figures; None: none) had another value, `link` the list of the rows a
    figure counts (`links`: {"section:figure": url}; None where it has none)."""
    sections = figure_sections(figures)
    for section in sections:
        old = (before or {}).get(section["key"]) or {}
        section["rows"] = [(key, label, value, before is not None and old.get(key) != value, old.get(key),
                            (links or {}).get(f"{section['key']}:{key}"))
                           for key, label, value in section["rows"]]
    return sections


def figures_changes(old, new) -> tuple[str, str] | None:
    """The history's words for a change of the frozen figures (core.history.history_entries' `shown`): the day they
    were counted to and each figure that changed, as before and after; None when nothing was frozen."""
    if not new:
        return None
    old, new = old or {}, new or {}
    counted = _("counted to %(date)s")
    before, after = [], []
    if old:
        day = figures_as_of(old)
        before.append(str(counted) % {"date": dmy(day)} if day else "—")
    day = figures_as_of(new)
    after.append(str(counted) % {"date": dmy(day)} if day else "—")
    if old:
        for key, (_title, _printed), rows in FIGURES:
            was, now = old.get(key) or {}, new.get(key) or {}
            for figure, label, _printed_label in rows:
                if was.get(figure) != now.get(figure):
                    before.append(f"{label}: {_shown(was.get(figure))}")
                    after.append(f"{label}: {_shown(now.get(figure))}")
    return "; ".join(before) if old else "", "; ".join(after)


def _shown(value) -> str:
    return "—" if value is None else str(value)
