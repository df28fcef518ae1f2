"""The pages run a fixed number of queries whatever the data size (no N+1).

Each page is measured (CaptureQueriesContext, after one warm-up request) on a small data set and
again after the data has grown five-fold (organisations and members, with probationary, exempt,
temporarily transferred and ended members and clusters, so every column that follows a relation
is exercised). The two counts must be equal, and below an explicit bound.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing.pages import content, detail_links, member_table_names, organization_table_names, tree_names

pytestmark = pytest.mark.django_db
D = datetime.date

# page -> (url, explicit upper bound on the number of queries)
PAGES = {
    "dashboard": ("/", 24),  # 21, then the week's notices and resolutions and the overdue remedies joined the to-do
    "members": ("/members/", 8),
    "members_by_organization": ("/members/?organization={gc_a}", 10),
    "members_by_status": ("/members/?status=full", 8),
    "members_by_search": ("/members/?q=van", 8),
    "members_sorted_by_birth": ("/members/?sort=-date_of_birth", 8),
    "members_sorted_by_organization": ("/members/?sort=organization", 8),
    "members_page_2": ("/members/?page=2", 8),
    "organizations": ("/organizations/", 9),
    "tree": ("/organizations/tree/", 7),
    "tree_as_of": ("/organizations/tree/?as_of=01/06/2024", 7),
    # beyond the brief: the other pages that list many rows
    "members_csv": ("/members/?export=csv", 5),
    "members_xlsx": ("/members/?status=all&export=xlsx", 5),
    "organizations_csv": ("/organizations/?export=csv", 5),
    "search": ("/search/?q=van", 7),
    "organization_detail": ("/organizations/{gc_a}/", 25),
    "apparatus_health": ("/apparatus/health/", 13),
    "apparatus_staffing": ("/apparatus/staffing/", 11),
    "apparatus_staffing_xlsx": ("/apparatus/staffing/?export=xlsx", 9),
    "apparatus_allowances": ("/apparatus/allowances/?month=2026-06", 8),
    "apparatus_allowances_xlsx": ("/apparatus/allowances/?month=2026-06&export=xlsx", 6),
    "apparatus_seats": ("/apparatus/seats/", 9),
    "apparatus_seats_grassroots": ("/apparatus/seats/?level=grassroots&sort=member", 9),
    "apparatus_seats_xlsx": ("/apparatus/seats/?state=all&export=xlsx", 5),
    "apparatus_organization": ("/apparatus/organizations/{gc_a}/", 18),
    "apparatus_cell": ("/apparatus/organizations/{cell_a1}/", 18),
}


@pytest.fixture
def grow(tree, make_org, make_member, actor):
    """grow(factor): add `factor` slices of data; each slice = 2 cells per committee and 44 members."""
    from members import services as ms
    from organizations.models import Cluster

    clusters = [Cluster.objects.create(code=f"cum-{i}", name=f"Cụm thi đua số {i}") for i in (1, 2)]
    state = {"n": 0, "cells": [tree.cell_a1, tree.cell_a2, tree.cell_b1, tree.cell_b2]}

    def _grow(factor):
        for _ in range(factor):
            state["n"] += 1
            n = state["n"]
            new_cells = [
                make_org("cell", tree.gc_a, name=f"Chi bộ Phòng số {n}A", cluster=clusters[n % 2]),
                make_org("cell", tree.gc_a, name=f"Chi bộ Tổ số {n}B", cluster=clusters[(n + 1) % 2]),
                make_org("cell", tree.gc_b, name=f"Chi bộ Khoa số {n}C", cluster=clusters[n % 2]),
                make_org("cell", tree.gc_b, name=f"Chi bộ Trạm số {n}D"),
            ]
            state["cells"].extend(new_cells)
            # 30 in gc_a (so that a committee-staff list has a page 2 even at the small size), 10 in gc_b, 4 in gcell
            targets = [tree.cell_a1, tree.cell_a2, *new_cells[:2]] * 8
            targets = targets[:30] + [tree.cell_b1, tree.cell_b2, *new_cells[2:]] * 3
            targets = targets[:40] + [tree.gcell] * 4
            for i, cell in enumerate(targets):
                kwargs = {}
                if i % 5 == 0:
                    kwargs = {"status": "probationary", "admitted_on": D(2025, 3, 1)}
                member = make_member(cell, date_of_birth=D(1960 + i, 1 + i % 12, 1 + i % 27),
                                     theory_level=["none", "elementary", "intermediate", "advanced"][i % 4], **kwargs)
                if i % 7 == 3:
                    ms.member_exempt(actor=actor, member=member, effective_on=D(2024, 5, 1), reason="Sức khỏe")
                if i % 9 == 4:
                    host = tree.cell_b1 if cell.parent_id == tree.gc_a.pk else tree.cell_a2
                    ms.member_transfer(actor=actor, member=member, kind="temporary", effective_on=D(2025, 2, 1),
                                       reason="Biệt phái", to_organization=host,
                                           until=D(2025, 2, 1) + datetime.timedelta(days=183))
                if i % 11 == 6:
                    ms.member_end(actor=actor, member=member, status="left", effective_on=D(2025, 4, 1),
                                  reason="Xin ra khỏi Đảng")
            _grow_apparatus(tree, new_cells, actor)

    return _grow


def _grow_apparatus(tree, new_cells, actor):
    """Terms, committees and seats for the new slice, so the apparatus pages have rows that follow relations."""
    from apparatus import services as aps
    from apparatus.models import AllowanceCategory, Body, Term

    category = AllowanceCategory.objects.order_by("sort_order").first()
    for org in (tree.gc_a, tree.gc_b, tree.cell_a1, *new_cells):
        term = Term.objects.filter(organization=org, ended_on__isnull=True).first() or aps.term_open(
            actor=actor, organization=org, label="2025–2030", congress_on=D(2025, 6, 10))
        body = term.bodies.get(kind__in=(Body.Kind.EXECUTIVE_COMMITTEE, Body.Kind.CELL_COMMITTEE))
        taken = set(body.seats.filter(ended_on__isnull=True).values_list("member_id", flat=True))
        candidates = [m for m in org.members.filter(status="full", full_on__lt=D(2025, 6, 10)) if m.pk not in taken]
        if org.kind.holds_members:
            if candidates and not body.seats.filter(position="secretary").exists():
                aps.seat_assign(actor=actor, body=body, member=candidates[0], position="secretary",
                                started_on=D(2025, 6, 10), allowance_category=category)
            continue
        from members.models import Member

        below = [m for m in Member.objects.filter(organization__parent=org, status="full", full_on__lt=D(2025, 6, 10))
                 .exclude(pk__in=taken)[:2]]
        for i, member in enumerate(below):
            position = "secretary" if not body.seats.filter(position="secretary").exists() and i == 0 \
                else "committee_member"
            aps.seat_assign(actor=actor, body=body, member=member, position=position, started_on=D(2025, 6, 10),
                            allowance_category=category, engagement="full_time" if i else "concurrent")


def measure(client, url):
    client.get(url)  # warm-up: per-process caches (content types, translations) are not what we measure
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        body = content(response)  # a streamed export runs its queries while it is read
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response, body, [q["sql"] for q in ctx.captured_queries]


def _shown(page, response, body):
    """How many rows the page shows (to make sure both sizes really render data)."""
    if page.startswith("members_csv"):
        return len(body.decode("utf-8-sig").strip().splitlines()) - 1
    if page.startswith("members") and "xlsx" not in page:
        return len(member_table_names(response))
    if page == "organizations":
        return len(organization_table_names(response))
    if page.startswith("tree"):
        return len(tree_names(response))
    return None


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("user_name", ["user_khoi", "user_coso"])
def test_query_count_does_not_grow_with_the_data(request, client_for, tree, grow, user_name, page):
    client = client_for(request.getfixturevalue(user_name))
    template, bound = PAGES[page]
    url = template.format(gc_a=tree.gc_a.pk, cell_a1=tree.cell_a1.pk)

    grow(1)
    small, response, _body, small_sql = measure(client, url)
    small_rows = _shown(page, response, _body)
    grow(4)
    big, response, _body, big_sql = measure(client, url)
    big_rows = _shown(page, response, _body)

    print(f"\nQUERIES {user_name:10s} {page:32s} small={small:3d} big={big:3d}")
    if small_rows is not None:
        assert small_rows > 0 and big_rows >= small_rows, "the page shows no data"
    if page == "members_page_2":  # really the second page (django-tables2 silently shows page 1 otherwise)
        first = detail_links(content(client.get("/members/")).decode(), "members")
        assert first and not first & detail_links(_body.decode(), "members")
    assert big == small, "query count grows with the data (N+1):\n" + "\n".join(
        sql for sql in big_sql if sql not in small_sql)
    assert small <= bound, f"{small} queries (bound {bound}):\n" + "\n".join(small_sql)
