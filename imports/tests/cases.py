"""The import pages' scope and query-count cases.

A batch is seen by its owner and by whoever may do what its kind does over its organisation (members: whoever manages
the members there); only its owner commits or sets it aside. The test world has, at every place, a checked batch
owned by `khoi` (ready to import, with the error file of an earlier check), so committee staff see their side's."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.testing import PLACES, STAFF, QueryCase, ScopeCase
from core.testing.pages import doc


def snapshot() -> dict:
    from imports.models import ImportBatch, ImportRecord

    return {
        "batches": list(ImportBatch.objects.order_by("pk").values_list("pk", "state", "commit_job_id", "owner_id")),
        "records": ImportRecord.objects.count(),
    }


def _batch(w, place: str, number: int):
    from imports.models import ImportBatch, State

    batch = ImportBatch(kind="members", organization=w.orgs[place], owner=w.users["khoi"], reason="Nhập hồ sơ có sẵn",
                        file_name=f"dang-vien-{place}-{number}.xlsx", file_sha256="0" * 64, state=State.READY,
                        counts={"rows": 1, "new": 1, "changed": 0, "unchanged": 0, "errors": 0},
                        changes=[{"row": 2, "label": f"Người mới {place}", "action": "create", "changes": []}])
    batch.file.save(batch.file_name, ContentFile(b"PK\x03\x04"), save=False)
    batch.error_file.save("loi.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    batch.save()
    return batch


def build(w) -> None:
    w.batches = {place: _batch(w, place, 1) for place in PLACES}


def grow(w, factor: int) -> None:
    n = w.__dict__.setdefault("imports_grown", {"n": 1})
    for _ in range(factor):
        n["n"] += 1
        for place in ("gc_a", "cell_a1", "gc_b"):
            batch = _batch(w, place, n["n"])
            w.__dict__.setdefault("grown_batch", batch)


def batch_at(w, place):
    return [w.batches[place].pk]


def files_at(w, place) -> set[str]:
    return {w.batches[place].file_name}


def upload_payload(w, place):
    from imports.tests.helpers import member_row, xlsx

    return {"organization": w.orgs[place].pk, "reason": "Nhập hồ sơ có sẵn",
            "file": SimpleUploadedFile("dv.xlsx", xlsx([member_row()]))}


OWNER = frozenset({"khoi"})

SCOPE_CASES = [
    ScopeCase("imports:list", STAFF, marks=files_at, mark_places=PLACES),
    ScopeCase("imports:list", STAFF, query="state=ready", name="filtered"),
    ScopeCase("imports:upload_members", STAFF, at=("gc_a", "gc_b"), payload=upload_payload, target="payload",
              post_refusal=(200, 403, 404), control_at="gc_b"),
    ScopeCase("imports:template_members", STAFF),
    ScopeCase("imports:upload_organizations", STAFF),
    ScopeCase("imports:template_organizations", STAFF),
    ScopeCase("imports:upload_seats", STAFF),
    ScopeCase("imports:template_seats", STAFF),
    ScopeCase("imports:detail", STAFF, at=PLACES, args=batch_at),
    ScopeCase("imports:status", STAFF, at=PLACES, args=batch_at),
    ScopeCase("imports:errors", STAFF, at=PLACES, args=batch_at),
    ScopeCase("imports:file", STAFF, at=PLACES, args=batch_at),
    ScopeCase("imports:commit", OWNER, at=PLACES, args=batch_at, method="post", payload=lambda w, p: {}),
    ScopeCase("imports:abandon", OWNER, at=PLACES, args=batch_at, method="post", payload=lambda w, p: {}),
]


def batch_rows(response) -> list:
    return doc(response).xpath('//table[@id="batch-table"]/tbody/tr[.//a]')


QUERY_CASES = [
    QueryCase("imports_list", lambda w: reverse("imports:list"), 8, rows=batch_rows),
    QueryCase("imports_detail", lambda w: reverse("imports:detail", args=[w.grown_batch.pk]), 7),
]
