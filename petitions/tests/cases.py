"""The petition pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

A petition sits in the register of the committee that received it. The petitions action is held by admin,
bloc_standing and committee_staff over their subtree; a cell secretary and a plain member hold none, so their
register, API and statistics are empty and every petition answers 404. In every register (gc_a, gc_b, gcell and the
Bloc's) one letter per step: received, accepted, being verified (handled by `khoi`, so the only one who sees its
sender and opens its scan), concluded, not handled. What the sender's masking and the access log need (handlers,
the inspection chair) is checked in petitions/tests/test_access.py and test_scope.py. The register's JSON is the
API's, /api/v1/petitions: its scope matrix is api/tests/test_api_scope.py, its query count api/tests/cases.py.
"""

import datetime

from core.testing import EVERYONE, STAFF, VIEWERS, QueryCase, ScopeCase
from core.testing.pages import doc

D = datetime.date
TODAY = datetime.date.today()
RECEIVED = D(2025, 3, 3)
DAY = RECEIVED.strftime("%d/%m/%Y")
# register -> the organisation the letters are about (within that register's jurisdiction)
REGISTERS = {"gc_a": "cell_a1", "gc_b": "cell_b1", "gcell": "gcell", "bloc": "gc_a"}
PLACES = tuple(REGISTERS)
STEPS = ("received", "accepted", "in_progress", "concluded", "not_handled")
AUTHORITY = frozenset({"admin", "khoi"})  # who runs the competent committees' inspection case files (INSPECT)


def snapshot() -> dict:
    from petitions.models import Access, Attachment, Handler, Petition

    return {
        "petitions": list(Petition.objects.order_by("pk").values_list(
            "pk", "number", "state", "kind", "not_handled_reason", "due_on", "concluded_on", "sender_name",
            "grounds", "forwarded_to", "outcome", "notified_on", "archived_on", "inspection_case_id",
            "discipline_decision_id")),
        "handlers": list(Handler.objects.order_by("pk").values_list("pk", "user_id", "ended_on")),
        "attachments": Attachment.objects.count(),
        "accesses": Access.objects.count(),
        "history": (Petition.history.count(), Handler.history.count()),
    }


def kind_of(key: str) -> str:
    return "complaint" if key == "bloc" else "denunciation"  # the Bloc settles a complaint about gc_a itself


def concerns_of(key: str) -> str:
    return "organization" if key == "bloc" else "member"


def build(w) -> None:
    """In every register, one letter per step, each with a scan (see the module's docstring): `w.petitions`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from petitions import services

    actor, khoi = w.actor, w.users["khoi"]
    found = {}
    for key, subject_key in REGISTERS.items():
        organization, subject = w.orgs[key], w.orgs[subject_key]

        def new(summary, organization=organization, key=key):
            return services.petition_receive(
                actor=actor, organization=organization, received_on=RECEIVED, channel="post", summary=summary,
                content="Nội dung.", sender_name=f"Người gửi {key}", sender_address="Vĩnh Yên",
                attachments=[SimpleUploadedFile("don.pdf", b"%PDF", "application/pdf")])

        def classify(petition, subject=subject, key=key, **kw):
            return services.petition_classify(actor=actor, petition=petition, kind=kind_of(key), classified_on=RECEIVED,
                                              subject_organization=subject, concerns=concerns_of(key), **kw)

        letters = {"received": new(f"Mới nhận {key}"), "accepted": classify(new(f"Đã thụ lý {key}"))}
        letters["in_progress"] = classify(new(f"Đang xác minh {key}"))
        services.petition_assign(actor=actor, petition=letters["in_progress"], users=[khoi], assigned_on=RECEIVED)
        letters["concluded"] = classify(new(f"Đã kết luận {key}"))
        services.petition_assign(actor=actor, petition=letters["concluded"], users=[khoi], assigned_on=RECEIVED)
        services.petition_conclude(actor=actor, petition=letters["concluded"], outcome="unfounded",
                                   conclusion="Không đúng.", concluded_on=RECEIVED, verification="Đã xác minh.")
        letters["not_handled"] = classify(new(f"Không giải quyết {key}"), facts=["vague"])
        found[key] = letters
    w.petitions = found


def letter(step: str):
    def args(w, place):
        return [w.petitions[place][step].pk]
    return args


def attachment_args(w, place):
    petition = w.petitions[place]["in_progress"]
    return [petition.pk, petition.attachments.get().pk]


def summaries_at(w, place) -> set[str]:
    return {p.summary for p in w.petitions[place].values()}


def receive_payload(w, place):
    return {"organization": w.orgs[place].pk, "received_on": DAY, "channel": "post", "sender_name": "Lê Văn Gửi",
            "sender_address": "Vĩnh Yên", "signatory_count": "1", "signed_original": "on", "concerns": "member",
            "summary": "Thư mới", "content": "Nội dung."}


def classify_payload(w, place):
    return {"kind": kind_of(place), "subject_organization": w.orgs[REGISTERS[place]].pk,
            "concerns": concerns_of(place), "classified_on": DAY}


def open_inspection_payload(w, place):
    return {"authority_kind": "inspection_committee", "planned_from": TODAY.strftime("%d/%m/%Y"),
            "planned_to": (TODAY + datetime.timedelta(days=60)).strftime("%d/%m/%Y"),
            "reason": "Có dấu hiệu vi phạm về quản lý tài chính"}


LIST = dict(marks=summaries_at, mark_places=PLACES)
STATISTICS = "start=01/01/2025&end=31/12/2025"

SCOPE_CASES = [
    ScopeCase("petitions:register", EVERYONE, **LIST),
    ScopeCase("petitions:register", EVERYONE, query="state=accepted", name="filtered"),
    ScopeCase("petitions:register", VIEWERS, query="export=csv", **LIST),  # a member holds no export
    ScopeCase("petitions:register", VIEWERS, query="export=xlsx", **LIST),
    ScopeCase("petitions:statistics", EVERYONE),
    ScopeCase("petitions:statistics", EVERYONE, query=STATISTICS),
    ScopeCase("petitions:statistics", VIEWERS, query=f"{STATISTICS}&export=xlsx"),
    ScopeCase("petitions:todo", EVERYONE),
    # the intake form's sender check: GET answers its empty block, the check itself is a POST (test_sender_check.py)
    ScopeCase("petitions:sender_check", STAFF),
    ScopeCase("petitions:receive", STAFF, at=("gc_a", "gc_b"), payload=receive_payload, target="payload",
              post_refusal=(200, 403, 404), control_at="gc_b"),
    ScopeCase("petitions:detail", STAFF, at=PLACES, args=letter("accepted")),
    ScopeCase("petitions:attachment", frozenset({"khoi"}), at=PLACES, args=attachment_args),  # the handler only
    ScopeCase("petitions:classify", STAFF, at=PLACES, args=letter("received"), payload=classify_payload),
    ScopeCase("petitions:assign", STAFF, at=PLACES, args=letter("accepted"),
              payload=lambda w, p: {"users": [w.users["khoi"].pk], "assigned_on": DAY}),
    ScopeCase("petitions:verify", STAFF, at=PLACES, args=letter("in_progress"),
              payload=lambda w, p: {"verification": "Xác minh.", "verified_on": DAY}),
    ScopeCase("petitions:conclude", STAFF, at=PLACES, args=letter("in_progress"), payload=lambda w, p: {
        "verification": "Xác minh.", "outcome": "founded", "conclusion": "Đúng.", "concluded_on": DAY}),
    ScopeCase("petitions:notify", STAFF, at=PLACES, args=letter("concluded"),
              payload=lambda w, p: {"notification": "Đã trả lời.", "notified_on": DAY}),
    ScopeCase("petitions:archive", STAFF, at=PLACES, args=letter("not_handled"),
              payload=lambda w, p: {"archived_on": DAY}),
    # gc_a's and gc_b's denunciations: the committee's own inspection case files (INSPECT over them) open one
    ScopeCase("petitions:open_inspection", AUTHORITY, at=("gc_a", "gc_b"), args=letter("in_progress"),
              payload=open_inspection_payload),
]


# ---- data grown for the query counts ------------------------------------------------------------------------------

def grow(w, factor: int) -> None:
    """`factor` slices of two letters in gc_a's register and two in gc_b's, one kind after the other (a third of
    them anonymous); the accepted ones settled by `khoi`."""
    from petitions import services
    from petitions.models import Kind, State

    actor, khoi = w.actor, w.users["khoi"]
    state = w.__dict__.setdefault("petitions_grown", {"n": 0})
    for _ in range(factor * 2):
        i = state["n"]
        state["n"] += 1
        for organization, subject in ((w.gc_a, w.cell_a1), (w.gc_b, w.cell_b1)):
            received_on = D(2025, 1, 2) + datetime.timedelta(days=i)
            anonymous = i % 3 == 0
            petition = services.petition_receive(
                actor=actor, organization=organization, received_on=received_on, channel="post",
                summary="Phản ánh đảng viên vi phạm", content="Nội dung đơn.", anonymous=anonymous,
                sender_name="" if anonymous else "Nguyễn Văn Tố",
                sender_address="" if anonymous else "Số 5 phố Mê Linh, Vĩnh Yên",
                sender_contact="" if anonymous else "0912 345 678")
            kind = [Kind.DENUNCIATION, Kind.COMPLAINT, Kind.FEEDBACK][i % 3]
            petition = services.petition_classify(actor=actor, petition=petition, kind=kind, classified_on=received_on,
                                                  subject_organization=subject, concerns="member")
            state.setdefault("petition", petition)
            if petition.state == State.ACCEPTED:
                services.petition_assign(actor=actor, petition=petition, users=[khoi], assigned_on=received_on)
                services.petition_conclude(actor=actor, petition=petition, conclusion="Kết luận.",
                                           outcome="answered" if kind == Kind.FEEDBACK else "founded",
                                           concluded_on=received_on, verification="Đã xác minh.")


def register_rows(response) -> list:
    return doc(response).xpath('//table[@id="petition-table"]/tbody/tr[@data-number]')


QUERY_CASES = [
    # + the one bulk insert logging the senders shown (Access via register)
    # +1 where senders are shown: the security log's one identity-read row for the page (issue 15), whatever its rows
    QueryCase("petition_register", "/petitions/", 12, users=("khoi", "coso"), rows=register_rows),
    QueryCase("petition_register_filtered", "/petitions/?eligibility=handled&deadline=overdue&kind=denunciation", 11,
              users=("khoi", "coso")),
    QueryCase("petition_register_xlsx", "/petitions/?export=xlsx", 11, users=("khoi", "coso")),  # +1: the EXPORT row
    QueryCase("petition_statistics", "/petitions/statistics/", 7, users=("khoi", "coso")),
    QueryCase("petition_todo", "/petitions/todo/", 9, users=("khoi", "coso")),
]
