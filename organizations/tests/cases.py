"""The organisation pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py)."""

import datetime

from core.testing import STAFF, VIEWERS, ScopeCase

TODAY = datetime.date.today()


def snapshot() -> dict:
    from organizations.models import Organization, OrganizationVersion, RestructuringEvent

    return {
        "organizations": list(Organization.objects.order_by("pk").values_list(
            "pk", "name", "code", "parent_id", "kind_id", "status", "ended_on", "external_superior", "host_agency")),
        "history": Organization.history.count(),
        "versions": list(OrganizationVersion.objects.order_by("pk").values_list("pk", "name", "parent_id",
                                                                                "valid_from", "valid_to")),
        "events": RestructuringEvent.objects.count(),
    }


def other(place: str) -> str:
    """The other side of the test world's tree (gc_a's subtree is side a)."""
    return "b" if "_a" in place else "a"


def org(w, place):
    return [w.orgs[place].pk]


def _decision():
    return {"effective_on": TODAY.strftime("%d/%m/%Y"), "decision_number": "99-QĐ/ĐUK", "reason": "Thử phạm vi"}


def restructure_payload(action):
    def payload(w, place):
        target = w.orgs[place]
        o = other(place)
        return {
            "edit": {"code": target.code + "-X", "host_agency": "Cơ quan sửa", "cluster": "",
                     "decision_number": "01-QĐ/ĐUK", "reason": "Sửa hồ sơ"},
            "rename": {"new_name": "Chi bộ Đã Đổi Tên", **_decision()},
            "move": {"new_parent": w.orgs[f"gc_{o}"].pk, **_decision()},
            "merge": {"sources": [w.orgs[f"cell_{o}3"].pk], **_decision()},
            "split": {"part1_code": "TACH-1", "part1_name": "Chi bộ Tách Ra", "keep_source": "on", **_decision()},
            "dissolve": _decision(),
            "transfer_out": {"to_committee": "Đảng bộ thành phố Vĩnh Yên", **_decision()},
        }[action]
    return payload


def names_at(w, place) -> set[str]:
    return {w.orgs[place].name}


def create_payload(w, place):
    cell = w.orgs["cell_a1"]
    return {"kind": cell.kind_id, "parent": w.orgs[place].pk, "code": f"MOI-{place}", "name": f"Chi bộ Mới {place}",
            "established_on": TODAY.strftime("%d/%m/%Y"), "decision_number": "20-QĐ/ĐUK"}


def transfer_in_payload(w, place):
    cell = w.orgs["cell_a1"]
    return {"from_committee": "Đảng bộ tỉnh Phú Thọ", "parent": w.orgs[place].pk, "kind": cell.kind_id,
            "code": f"DEN-{place}", "name": f"Chi bộ Chuyển Đến {place}", "effective_on": TODAY.strftime("%d/%m/%Y"),
            "decision_number": "21-QĐ/ĐUK"}


LIST_PLACES = ("gc_a", "cell_a1", "cell_a3", "gc_b", "cell_b1", "cell_b3", "gcell")

SCOPE_CASES = [
    ScopeCase("organizations:list", VIEWERS, marks=names_at, mark_places=LIST_PLACES),
    ScopeCase("organizations:list", VIEWERS, marks=names_at, mark_places=LIST_PLACES, query="export=csv"),
    ScopeCase("organizations:list", VIEWERS, marks=names_at, mark_places=LIST_PLACES,
              query="status=all&export=xlsx"),
    ScopeCase("organizations:list", VIEWERS, marks=names_at, mark_places=("cell_a1", "cell_b1"),
              query="q=chi+bo", name="search"),
    ScopeCase("organizations:tree", VIEWERS, marks=names_at, mark_places=LIST_PLACES),
    ScopeCase("organizations:tree_branch", VIEWERS, at=("bloc", "gc_a", "cell_a1", "gc_b", "gcell"), args=org),
    ScopeCase("organizations:pick", VIEWERS, marks=names_at, mark_places=("cell_a1", "cell_b1", "gcell"),
              query="q=chi+bo&ended=1", name="picker"),
    ScopeCase("organizations:tree", VIEWERS, marks=names_at, mark_places=LIST_PLACES, query="as_of=01/06/2020"),
    ScopeCase("organizations:detail", VIEWERS, at=("bloc", "gc_a", "cell_a1", "cell_a2", "gc_b", "cell_b1", "gcell"),
              args=org),
    *[ScopeCase(f"organizations:{action}", STAFF, at=("gc_a", "cell_a1", "cell_a3", "cell_b3"), args=org,
                payload=restructure_payload(action), below_only=True)
      for action in ("edit", "rename", "move", "merge", "split", "dissolve", "transfer_out")],
    ScopeCase("organizations:create", STAFF, at=("gc_a", "cell_a1", "gc_b"), payload=create_payload,
              target="payload", post_refusal=(200, 403, 404), control_at="gc_b"),
    ScopeCase("organizations:transfer_in", STAFF, at=("gc_a", "gc_b"), payload=transfer_in_payload,
              target="payload", post_refusal=(200, 403, 404), control_at="gc_b"),
]
