import datetime

import pytest

D = datetime.date


@pytest.fixture
def campaign_2026(actor, bloc, cell_a1, cell_a2, make_member):
    """The Bloc's 2026 review, opened over a tree whose cell_a1 has six full members and cell_a2 one."""
    from reviews import services

    for _ in range(6):
        make_member(cell_a1)
    make_member(cell_a2)
    return services.campaign_open(actor=actor, organization=bloc, title="Kiểm điểm năm 2026", period_kind="year",
                                  period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
                                  self_assessment_due=D(2026, 12, 10), cell_meetings_due=D(2026, 12, 20),
                                  decisions_due=D(2027, 1, 15), opened_on=D(2026, 11, 25))


@pytest.fixture
def authority(actor, bloc):
    from inspections.models import Authority
    from inspections.services import authority_ensure

    return authority_ensure(actor=actor, organization=bloc, kind=Authority.Kind.STANDING_COMMITTEE, symbol="ĐUK")
