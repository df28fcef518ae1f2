"""The programme, statistics and inspection pages run a fixed number of queries at 1× and 5× the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
D = datetime.date

PAGES = {
    "programme": ("/inspections/programmes/{programme}/", 12),
    "statistics": ("/inspections/statistics/?period=year&year=2026", 10),
    "statistics_xlsx": ("/inspections/statistics/?period=year&year=2026&export=xlsx", 10),
    "index": ("/inspections/", 9),
    "case": ("/inspections/cases/{case}/", 16),
}


@pytest.fixture
def grow(actor, programme, gc_a, gc_b, cell_a1, cell_b1, make_member, user_khoi, conclude):
    from inspections import services

    def _grow(slices):
        case = None
        for _ in range(slices):
            members = [make_member(cell) for cell in (cell_a1, cell_b1)]
            case = services.case_create(
                actor=actor, programme=programme, type="thematic_supervision", title="Giám sát chuyên đề",
                planned_from=D(2026, 2, 1), planned_to=D(2026, 3, 1), subject_organizations=[gc_a, gc_b],
                subject_members=members, team_head=members[0], team_members=members[1:])
            services.finding_add(actor=actor, case=case, kind="violation", text="Vi phạm", organization=gc_a)
            case = conclude(case)  # remedies come with the conclusion
            for cell in (cell_a1, cell_b1):
                services.remedy_add(actor=actor, case=case, text="Khắc phục", organization=cell,
                                    deadline=D(2026, 6, 30))
            services.discipline_issue(actor=actor, authority=programme.authority, case=case, member=members[1],
                                      form="reprimand", reason="Vi phạm", decided_on=D(2026, 5, 1))
        return case

    return _grow


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", list(PAGES))
def test_fixed_query_count(page, grow, client_for, user_khoi, programme):
    url, bound = PAGES[page]
    client = client_for(user_khoi)
    case = grow(1)
    small = _count(client, url.format(programme=programme.pk, case=case.pk))
    grow(4)
    big = _count(client, url.format(programme=programme.pk, case=case.pk))
    print(f"\nQUERIES {page:<16} small={small:>3} big={big:>3}")
    assert small == big
    assert big <= bound
