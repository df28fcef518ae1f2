"""The document registers' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

At each place of PLACES the register holds an outgoing resolution of the committee, an incoming letter with a file
and a confidential incoming letter. The registers belong to whoever holds DOCUMENTS over the place (committee staff,
the cell's secretary for cell_a1); the confidential letter only to the committee staff (SECRET_DOCUMENTS), never to
the cell's secretary, so its cases name STAFF alone. A plain member keeps no register.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.testing import STAFF, VIEWERS, QueryCase, ScopeCase
from core.testing.pages import doc

PLACES = ("bloc", "gc_a", "cell_a1", "gc_b", "cell_b1", "gcell")
KEEPERS = VIEWERS  # the staff and the cell's secretary
# one word per place, found in its documents' summaries (the marks of the list)
MARKS = {"bloc": "Tùng Lâm", "gc_a": "Bạch Đằng", "cell_a1": "Hồng Lĩnh", "cell_a2": "Hồng Hà", "gc_b": "Cửu Long",
         "cell_b1": "Trường Sơn", "gcell": "Tây Nguyên"}
PDF = b"%PDF-1.4\n" + b"0" * 200


def day(offset: int = 0) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=offset)


def _issue(w, place, n=0):
    from documents import services

    return services.document_issue(
        actor=w.actor, organization=w.orgs[place], issuer="committee", kind="NQ", issued_on=day(3),
        title=f"Nghị quyết lãnh đạo nhiệm vụ {MARKS[place]} {n or ''}".strip(), place="Vĩnh Phúc",
        body="Đảng ủy quyết nghị.\nGiao các chi bộ thực hiện.", recipients="Các chi bộ trực thuộc\nBan Thường vụ",
        sign_as="T/M", signer_position="Bí thư", signer_name="Nguyễn Văn Ký")


def _receive(w, place, *, secret=False, n=0, actor=None):
    from documents import services

    title = f"Tài liệu mật số {n}" if secret else f"Công văn đến về việc {MARKS[place]} {n or ''}".strip()
    return services.document_register_incoming(
        actor=actor or w.actor, organization=w.orgs[place], kind="CV", symbol=f"{120 + n}-CV/TU", issued_on=day(5),
        sender="Tỉnh ủy Vĩnh Phúc", received_on=day(4), title=title, signer_name="Trần Văn Gửi",
        confidentiality="confidential" if secret else "normal",
        file=SimpleUploadedFile("cong-van.pdf", PDF, content_type="application/pdf"))


def snapshot() -> dict:
    from documents.models import Counter, Document, Issuer

    return {
        "documents": list(Document.objects.order_by("pk").values_list(
            "pk", "direction", "number", "symbol", "title", "status", "confidentiality", "revision")),
        "counters": list(Counter.objects.order_by("pk").values_list("key", "last")),
        "issuers": list(Issuer.objects.order_by("pk").values_list("pk", "symbol")),
        "history": (Document.history.count(), Issuer.history.count()),
    }


def build(w) -> None:
    admin = w.users["admin"]
    w.documents = {}
    for place in PLACES:
        w.documents[place] = {"out": _issue(w, place), "in": _receive(w, place),
                              "secret": _receive(w, place, secret=True, n=900 + PLACES.index(place), actor=admin)}


def grow(w, factor: int) -> None:
    """`factor` slices: an outgoing and an incoming document in gc_a and in cell_a1."""
    state = w.__dict__.setdefault("documents_grown", {"n": 0})
    for _ in range(factor):
        state["n"] += 1
        for place in ("gc_a", "cell_a1"):
            state.setdefault("out", _issue(w, place, state["n"]))
            _receive(w, place, n=state["n"])


def marks(w, place):
    return [MARKS[place]]


def out_args(w, place):
    return [w.documents[place]["out"].pk]


def in_args(w, place):
    return [w.documents[place]["in"].pk]


def secret_args(w, place):
    return [w.documents[place]["secret"].pk]


def issue_payload(w, place):
    return {"organization": w.orgs[place].pk, "issuer": "committee", "kind": "KH",
            "issued_on": day().strftime("%d/%m/%Y"), "place": "Vĩnh Phúc", "title": "Kế hoạch học tập nghị quyết",
            "body": "Nội dung kế hoạch.", "recipients": "Các chi bộ", "sign_as": "T/M", "signer_position": "Bí thư",
            "signer_name": "Nguyễn Văn Ký", "confidentiality": "normal"}


def receive_payload(w, place):
    return {"organization": w.orgs[place].pk, "kind": "TB", "symbol": "45-TB/TU",
            "issued_on": day(2).strftime("%d/%m/%Y"), "sender": "Tỉnh ủy Vĩnh Phúc",
            "received_on": day(1).strftime("%d/%m/%Y"), "title": "Thông báo kết luận", "signer_name": "",
            "recipients": "", "confidentiality": "normal"}


def correct_payload(w, place):
    return {"title": "Nghị quyết lãnh đạo nhiệm vụ (đã sửa)", "body": "Đảng ủy quyết nghị.", "place": "Vĩnh Phúc",
            "recipients": "Các chi bộ", "sign_as": "T/M", "signer_position": "Phó Bí thư",
            "signer_name": "Nguyễn Văn Ký", "confidentiality": "normal", "reason": "Sửa chức vụ người ký"}


def cancel_payload(w, place):
    return {"reason": "Vào sổ nhầm"}


SCOPE_CASES = [
    ScopeCase("documents:list", KEEPERS, marks=marks),
    ScopeCase("documents:list", KEEPERS, marks=marks, query="export=xlsx", name="xlsx"),
    ScopeCase("documents:list", KEEPERS, marks=marks, query="q=hong linh", mark_places=("cell_a1",),
              name="diacritic-blind search"),
    ScopeCase("documents:detail", KEEPERS, at=PLACES, args=out_args),
    ScopeCase("documents:detail", STAFF, at=PLACES, args=secret_args, name="confidential"),
    ScopeCase("documents:issue", KEEPERS, at=PLACES, payload=issue_payload, target="payload",
              post_refusal=(200, 403)),
    ScopeCase("documents:receive", KEEPERS, at=PLACES, payload=receive_payload, target="payload",
              post_refusal=(200, 403)),
    ScopeCase("documents:correct", KEEPERS, at=PLACES, args=out_args, payload=correct_payload),
    ScopeCase("documents:correct", STAFF, at=PLACES, args=secret_args, name="confidential",
              payload=lambda w, p: {"kind": "CV", "symbol": "901-CV/TU", "issued_on": day(5).strftime("%d/%m/%Y"),
                                    "sender": "Tỉnh ủy", "received_on": day(4).strftime("%d/%m/%Y"),
                                    "title": "Tài liệu mật (sửa)", "confidentiality": "confidential",
                                    "reason": "Sửa nơi gửi"}),
    ScopeCase("documents:cancel", KEEPERS, at=PLACES, args=in_args, payload=cancel_payload),
    ScopeCase("documents:file", KEEPERS, at=PLACES, args=in_args),
    ScopeCase("documents:file", STAFF, at=PLACES, args=secret_args, name="confidential"),
    ScopeCase("documents:docx", KEEPERS, at=PLACES, args=out_args),
]


def list_rows(response) -> list:
    return doc(response).xpath('//table[@id="document-table"]/tbody/tr[@data-document]')


QUERY_CASES = [
    QueryCase("documents_list", "/documents/", 12, rows=list_rows),
    QueryCase("documents_list_filtered", "/documents/?direction=incoming&q=cong+van", 12, rows=list_rows),
    QueryCase("documents_detail", lambda w: f"/documents/{w.documents_grown['out'].pk}/", 12,
              rows=lambda r: doc(r).xpath('//*[@id="document-symbol"]')),
]
