"""The statistics page: whoever sees organisations opens it for their own scope (a member only is refused); its
query count does not grow with the members, organisations and seats it counts."""

import datetime

from core.testing import STAFF, VIEWERS, QueryCase, ScopeCase

LAST_YEAR = datetime.date.today().replace(month=1, day=1) - datetime.timedelta(days=1)
TODAY = datetime.date.today()
# The periodic reports: at each reporting place a draft for the first 6 months of this year and last year's annual
# report, submitted. They are kept by whoever holds DOCUMENTS over the place (the staff covering it), received or
# returned by whoever holds it over the place's parent (the Bloc's: khoi, admin); the Bloc's own goes outside the app.
REPORTING = ("bloc", "gc_a", "gc_b", "gcell")
BELOW_BLOC = ("gc_a", "gc_b", "gcell")
SUPERIORS = frozenset({"admin", "khoi"})

def _periodic(w, place):
    from reports import services

    organization = w.orgs[place]
    draft = services.periodic_report_create(actor=w.actor, organization=organization, kind="half_year",
                                            year=TODAY.year)
    draft = services.periodic_report_update_text(actor=w.actor, report=draft, situation="Tình hình chung.")
    last = services.periodic_report_create(actor=w.actor, organization=organization, kind="year",
                                           year=TODAY.year - 1)
    last = services.periodic_report_update_text(actor=w.actor, report=last, situation=f"Tình hình {organization.name}",
                                                results="Hoàn thành các chỉ tiêu.")
    last = services.periodic_report_submit(actor=w.users["admin"], report=last, signer_position="Bí thư",
                                           signer_name="Nguyễn Văn Ký", place="Vĩnh Phúc")
    return {"draft": draft, "submitted": last}


def build(w) -> None:
    w.periodic = {place: _periodic(w, place) for place in REPORTING}


def snapshot() -> dict:
    from reports.models import PeriodicReport

    return {"periodic": list(PeriodicReport.objects.order_by("pk").values_list(
        "pk", "status", "situation", "results", "document_id", "revision")),
        "history": PeriodicReport.history.count()}


def grow(w, factor: int) -> None:
    """The members' slices with their cells, terms, committees and seats (apparatus.tests.cases.grow); the periodic
    reports of gc_a once (their figures count the grown data)."""
    from apparatus.tests.cases import grow as grow_apparatus

    grow_apparatus(w, factor)
    if not hasattr(w, "periodic"):
        w.periodic = {"gc_a": _periodic(w, "gc_a")}


def draft_args(w, place):
    return [w.periodic[place]["draft"].pk]


def submitted_args(w, place):
    return [w.periodic[place]["submitted"].pk]


def create_payload(w, place):
    return {"organization": w.orgs[place].pk, "kind": "month", "year": TODAY.year, "number": 1}


def text_payload(w, place):
    return {"situation": "Tình hình chung ổn định.", "results": "Kết quả tốt.", "shortcomings": "", "tasks": "",
            "revision": w.periodic[place]["draft"].revision}


def submit_payload(w, place):
    return {"signer_position": "Bí thư", "signer_name": "Nguyễn Văn Ký", "place": "Vĩnh Phúc", "recipients": "",
            "revision": w.periodic[place]["draft"].revision}


SCOPE_CASES = [
    ScopeCase("reports:statistics", VIEWERS),
    ScopeCase("reports:statistics", VIEWERS, query=f"as_of={LAST_YEAR.isoformat()}"),
    ScopeCase("reports:statistics", VIEWERS, query="export=xlsx"),
    # the list shows the reports of the places the user keeps (the submitted ones' text is no mark: the list shows
    # names and periods); chibo keeps a cell's register, which makes no such report: an empty list
    ScopeCase("reports:periodic", VIEWERS),
    ScopeCase("reports:periodic_create", VIEWERS, at=REPORTING, payload=create_payload, target="payload",
              post_refusal=(200, 403)),
    ScopeCase("reports:periodic_detail", STAFF, at=REPORTING, args=draft_args),
    ScopeCase("reports:periodic_detail", STAFF, at=REPORTING, args=submitted_args, name="submitted"),
    ScopeCase("reports:periodic_text", STAFF, at=REPORTING, args=draft_args, payload=text_payload),
    ScopeCase("reports:periodic_submit", STAFF, at=REPORTING, args=draft_args, payload=submit_payload),
    ScopeCase("reports:periodic_receive", SUPERIORS, at=BELOW_BLOC, args=submitted_args, method="post"),
    ScopeCase("reports:periodic_return", SUPERIORS, at=BELOW_BLOC, args=submitted_args,
              payload=lambda w, p: {"reason": "Bổ sung số liệu kiểm tra."}),
    ScopeCase("reports:periodic_docx", STAFF, at=REPORTING, args=draft_args),
    ScopeCase("reports:periodic_docx", STAFF, at=REPORTING, args=submitted_args, name="submitted"),
    ScopeCase("reports:periodic_xlsx", STAFF, at=REPORTING, args=submitted_args),
]




def doc(response):
    from core.testing.pages import doc as parse

    return parse(response)


def _member_links(response):
    """The member figures that link to their rows (not fewer with more data)."""
    return doc(response).xpath('//section[@data-form="members"]//a[@data-figure]')


# As measured when declared (the periodic reports: the list 11, the live figures of a draft and its .docx 36, the
# sections' grouped queries and the page's; after review the list 10 with the subordinates owing a report, the draft
# 25 and its .docx 28: the members counted with one query and the movements' four instead of the whole statistics,
# the subtree as of the period's end read once for every section, the .docx reading the recorded issuing body).
# The statistics: the session, user and scope; the rule, the tree of the day and the kinds; the members' figures
# (6 grouped queries), the movements (4), the seats (1), the issuer, the picker's choices (the export: its security
# event instead of the page's menu); the same whatever the number of members and organisations counted.
QUERY_CASES = [
    QueryCase("reports_statistics", "/reports/statistics/", 21, rows=_member_links),
    QueryCase("reports_statistics_past", f"/reports/statistics/?as_of={LAST_YEAR.isoformat()}", 21),
    QueryCase("reports_statistics_xlsx", "/reports/statistics/?export=xlsx", 21),
    QueryCase("reports_periodic_list", "/reports/periodic/", 14,
              rows=lambda r: doc(r).xpath('//tr[@data-report]')),
    # the live figures of a draft (every section: members, meetings, inspections, petitions, dues, reviews, badges)
    QueryCase("reports_periodic_detail", lambda w: f"/reports/periodic/{w.periodic['gc_a']['draft'].pk}/", 29,
              rows=lambda r: doc(r).xpath('//*[@data-figure]')),
    QueryCase("reports_periodic_docx", lambda w: f"/reports/periodic/{w.periodic['gc_a']['draft'].pk}/docx/", 32),
]
