"""The API's scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

The token pages belong to each user alone: everyone opens their list and makes tokens; only the owner revokes one
(anyone else's is not found). The API's endpoints are django-ninja views, not pages: their scope matrix is
api/tests/test_api_scope.py; their lists' query counts are here, measured through the session as a browser would.
"""

import datetime
import json

from core.dates import add_months
from core.testing import EVERYONE, QueryCase, ScopeCase

LAST_MONTH = add_months(datetime.date.today().replace(day=1), -1)


def snapshot() -> dict:
    from api.models import ApiToken

    return {"tokens": list(ApiToken.objects.order_by("pk").values_list("pk", "user_id", "name", "access", "expires_on",
                                                                      "revoked_at")),
            "history": ApiToken.history.count()}


def build(w) -> None:
    import datetime

    from django.utils import timezone

    from api import services

    w.api_tokens = {}
    for name, user in getattr(w, "users", {}).items():
        token, text = services.api_token_create(actor=user, name=f"Ứng dụng của {name}", access="read_write",
                                                expires_on=timezone.localdate() + datetime.timedelta(days=30))
        w.api_tokens[name] = (token, text)


def grow(w, factor: int) -> None:
    """The apparatus' slices (new cells with members, terms, committees and seats), the meetings' (new cells with
    members and meetings, the Bloc's working group visiting them), the inspections' (concluded items of a programme
    with their remedies) and the petitions': what the organisation, member, term, body, seat, meeting, working group,
    visit, programme, case file, remedy and petition lists show."""
    from apparatus.tests.cases import grow as apparatus_grow
    from inspections.tests.cases import grow as inspections_grow
    from meetings.tests.cases import grow as meetings_grow
    from petitions.tests.cases import grow as petitions_grow

    apparatus_grow(w, factor)
    meetings_grow(w, factor)
    inspections_grow(w, factor)
    petitions_grow(w, factor)


def token_payload(w, place):
    import datetime

    from django.utils import timezone

    return {"name": "Ứng dụng điện thoại", "access": "read", "expires_on": (
        timezone.localdate() + datetime.timedelta(days=60)).strftime("%d/%m/%Y")}


def khoi_token(w, place):
    return [w.api_tokens["khoi"][0].pk]


def results(response) -> list:
    return json.loads(response.content)["results"]


def tree_rows(response) -> list:
    """Every organisation of a nested tree."""
    found, stack = [], list(json.loads(response.content)["results"])
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node["children"])
    return found


SCOPE_CASES = [
    ScopeCase("api:tokens", openers=EVERYONE),
    ScopeCase("api:token_create", openers=EVERYONE, payload=token_payload),
    ScopeCase("api:token_revoke", openers=frozenset({"khoi"}), method="post", args=khoi_token, refusal=(404,),
              post_refusal=(404,)),
]

QUERY_CASES = [
    QueryCase("api organisations", "/api/v1/organizations?page_size=100", bound=12, rows=results),
    QueryCase("api members", "/api/v1/members?page_size=100", bound=12, rows=results),
    QueryCase("api members search", "/api/v1/members?q=nguyen&page_size=100&status=all", bound=12),
    QueryCase("api meetings", "/api/v1/meetings?page_size=100", bound=12, rows=results),
    QueryCase("api terms", "/api/v1/terms?page_size=100", bound=12, rows=results),
    QueryCase("api bodies", "/api/v1/bodies?page_size=100", bound=12, rows=results),
    QueryCase("api seats", "/api/v1/seats?page_size=100&state=all", bound=12, rows=results),
    QueryCase("api petitions", "/api/v1/petitions?page_size=100", bound=14, rows=results),
    # the oversight resources (api/oversight.py): the Bloc's working group and programme are khoi's only
    QueryCase("api working groups", "/api/v1/working-groups?page_size=100", bound=12, users=("khoi",), rows=results),
    QueryCase("api visits", "/api/v1/visits?page_size=100", bound=12, rows=results),
    QueryCase("api programmes", "/api/v1/programmes?page_size=100", bound=12, users=("khoi",), rows=results),
    QueryCase("api case files", "/api/v1/cases?page_size=100", bound=12, users=("khoi",), rows=results),
    QueryCase("api case files filtered", "/api/v1/cases?page_size=100&stage=open&event=concluded", bound=12,
              users=("khoi",)),
    QueryCase("api remedies", "/api/v1/remedies?page_size=100", bound=12, rows=results),
    QueryCase("api remedies to carry out", "/api/v1/remedies?page_size=100&role=carry_out&status=open", bound=12),
    QueryCase("api rules", "/api/v1/rules", bound=12, rows=lambda response: json.loads(response.content)),
    QueryCase("api organisation tree", "/api/v1/organizations/tree", bound=12, rows=tree_rows),
    QueryCase("api organisation tree flat", "/api/v1/organizations/tree?shape=flat&as_of=2020-01-01", bound=12,
              rows=results),
    QueryCase("api organisation subtree", lambda w: f"/api/v1/organizations/tree?root={w.gc_a.pk}", bound=12,
              rows=tree_rows),
    QueryCase("api compliance", f"/api/v1/compliance?month={LAST_MONTH:%Y-%m}&period=quarter&page_size=100", bound=14,
              rows=results),
    QueryCase("api compliance range", f"/api/v1/compliance?month_from={LAST_MONTH.replace(month=1):%Y-%m}"
              f"&month_to={LAST_MONTH:%Y-%m}&ordering=result&page_size=100", bound=14, rows=results),
]
