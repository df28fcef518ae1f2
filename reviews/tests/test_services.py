"""The review's writes: a campaign lists the members and organisations; the member self-assesses; the cell proposes
in one sheet; the competent committee decides, held to the cap on excellent and the disciplined member's ceiling,
with a message naming the member; nothing is written on a refusal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reviews import services
from reviews.models import MemberReview, OrganizationReview, Rating, Treatment

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


def reviews_of(campaign, cell):
    return list(MemberReview.objects.filter(campaign=campaign, organization=cell).select_related("member")
                .order_by("member__name_sort", "member_id"))


def propose(actor, campaign, cell, ratings):
    rows = [{"review": r.pk, "rating": rating} for r, rating in ratings]
    return services.review_propose(actor=actor, campaign=campaign, organization=cell, meeting_on=TODAY,
                                   meeting_reference="Biên bản họp chi bộ", rows=rows)


def decide(actor, campaign, unit, ratings, number="01-QĐ/ĐU"):
    return services.review_decide(actor=actor, campaign=campaign, organization=unit, decided_on=TODAY,
                                  decision_number=number,
                                  rows=[{"review": r.pk, "rating": rating} for r, rating in ratings])


def test_opening_lists_every_member_and_organisation_under_the_committee(campaign_2026, tree):
    assert MemberReview.objects.filter(campaign=campaign_2026).count() == 7
    reviewed = set(OrganizationReview.objects.filter(campaign=campaign_2026).values_list("organization_id", flat=True))
    assert reviewed == {o.pk for o in tree.all if o != tree.bloc}
    review = MemberReview.objects.filter(campaign=campaign_2026).first()
    assert review.history.first().history_change_reason


def test_opening_refuses_a_second_review_of_the_same_members_over_the_same_period(campaign_2026, actor, gc_a):
    with pytest.raises(ValidationError) as refused:
        services.campaign_open(actor=actor, organization=gc_a, title="Trùng", period_kind="year",
                               period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
                               self_assessment_due=D(2026, 12, 10), cell_meetings_due=D(2026, 12, 20),
                               decisions_due=D(2027, 1, 15))
    assert "period_start" in refused.value.error_dict


def test_opening_refuses_deadlines_out_of_order_and_a_cell(actor, bloc, cell_a1):
    args = dict(actor=actor, title="Năm 2026", period_kind="year", period_start=D(2026, 1, 1),
                period_end=D(2026, 12, 31), self_assessment_due=D(2026, 12, 20), cell_meetings_due=D(2026, 12, 10),
                decisions_due=D(2027, 1, 15))
    with pytest.raises(ValidationError) as refused:
        services.campaign_open(organization=bloc, **args)
    assert "cell_meetings_due" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.campaign_open(organization=cell_a1, **{**args, "cell_meetings_due": D(2026, 12, 25)})
    assert "organization" in refused.value.error_dict


def test_self_assessment_checks_each_part_of_the_scale(campaign_2026, cell_a1, actor):
    review = reviews_of(campaign_2026, cell_a1)[0]
    with pytest.raises(ValidationError) as refused:
        services.review_self_assess(actor=actor, review=review, general_points=Decimal(31), task_points=Decimal(71))
    assert set(refused.value.error_dict) == {"general_points", "task_points"}
    services.review_self_assess(actor=actor, review=review, general_points=Decimal("27.5"),
                                task_points=Decimal(62), self_notes="Hoàn thành tốt nhiệm vụ")
    review.refresh_from_db()
    assert review.points == Decimal("89.5") and review.self_assessed_on == TODAY and review.self_entered_by == actor


def test_the_cell_proposes_every_member_in_one_sheet(campaign_2026, cell_a1, actor):
    rows = reviews_of(campaign_2026, cell_a1)
    propose(actor, campaign_2026, cell_a1, [(r, Rating.GOOD) for r in rows])
    assert all(r.proposed_rating == Rating.GOOD and r.proposed_on == TODAY
               for r in MemberReview.objects.filter(campaign=campaign_2026, organization=cell_a1))


def test_the_cap_on_excellent_names_the_members_and_writes_nothing(campaign_2026, cell_a1, gc_a, actor):
    rows = reviews_of(campaign_2026, cell_a1)  # six members
    propose(actor, campaign_2026, cell_a1, [(r, Rating.GOOD) for r in rows])
    ratings = [(rows[0], Rating.EXCELLENT), *[(r, Rating.GOOD) for r in rows[1:4]], (rows[4], Rating.COMPLETE),
               (rows[5], Rating.GOOD)]  # 4 good allow no excellent at 20 %
    with pytest.raises(ValidationError) as refused:
        decide(actor, campaign_2026, cell_a1, ratings)
    message = " ".join(refused.value.messages)
    assert rows[0].member.full_name in message and "20" in message
    assert not MemberReview.objects.filter(campaign=campaign_2026).exclude(rating="").exists()


def test_within_the_cap_the_decision_is_recorded_by_the_grassroots_committee(campaign_2026, cell_a1, gc_a, actor):
    rows = reviews_of(campaign_2026, cell_a1)
    propose(actor, campaign_2026, cell_a1, [(r, Rating.GOOD) for r in rows])
    ratings = [(rows[0], Rating.EXCELLENT), *[(r, Rating.GOOD) for r in rows[1:]]]  # 5 good allow 1 excellent
    decide(actor, campaign_2026, cell_a1, ratings)
    decided = {r.pk: r for r in MemberReview.objects.filter(campaign=campaign_2026, organization=cell_a1)}
    assert decided[rows[0].pk].rating == Rating.EXCELLENT and decided[rows[0].pk].decided_by == gc_a
    assert "01-QĐ/ĐU" in decided[rows[0].pk].history.first().history_change_reason


def test_the_cap_counts_what_the_committee_decided_before(campaign_2026, cell_a1, cell_a2, gc_a, actor):
    rows = reviews_of(campaign_2026, cell_a1)
    propose(actor, campaign_2026, cell_a1, [(r, Rating.GOOD) for r in rows])
    decide(actor, campaign_2026, cell_a1, [(rows[0], Rating.EXCELLENT), *[(r, Rating.GOOD) for r in rows[1:]]])
    other = reviews_of(campaign_2026, cell_a2)
    propose(actor, campaign_2026, cell_a2, [(r, Rating.EXCELLENT) for r in other])
    with pytest.raises(ValidationError):  # 5 good, now 2 excellent
        decide(actor, campaign_2026, cell_a2, [(r, Rating.EXCELLENT) for r in other], number="02-QĐ/ĐU")


def test_a_disciplined_member_cannot_be_proposed_or_decided_above_the_rule(campaign_2026, cell_a1, actor, authority):
    from inspections.services import discipline_issue

    rows = reviews_of(campaign_2026, cell_a1)
    culprit = rows[2]
    discipline_issue(actor=actor, authority=authority, form="reprimand", reason="Vi phạm quy chế làm việc",
                     decided_on=D(2026, 6, 1), member=culprit.member)
    with pytest.raises(ValidationError) as refused:
        propose(actor, campaign_2026, cell_a1, [(r, Rating.GOOD) for r in rows])
    assert list(refused.value.error_dict) == [f"row_{culprit.pk}"]
    assert culprit.member.full_name in refused.value.error_dict[f"row_{culprit.pk}"][0].messages[0]
    assert not MemberReview.objects.filter(campaign=campaign_2026).exclude(proposed_rating="").exists()
    propose(actor, campaign_2026, cell_a1, [(r, Rating.NOT_COMPLETE if r == culprit else Rating.GOOD) for r in rows])
    with pytest.raises(ValidationError) as refused:
        decide(actor, campaign_2026, cell_a1, [(culprit, Rating.COMPLETE)])
    assert f"row_{culprit.pk}" in refused.value.error_dict


def test_a_discipline_of_another_year_does_not_count(campaign_2026, cell_a1, actor, authority):
    from inspections.services import discipline_issue

    rows = reviews_of(campaign_2026, cell_a1)
    discipline_issue(actor=actor, authority=authority, form="reprimand", reason="Vi phạm năm trước",
                     decided_on=D(2025, 6, 1), member=rows[0].member)
    propose(actor, campaign_2026, cell_a1, [(r, Rating.GOOD) for r in rows])


def test_probationary_members_are_rated_exempt_members_listed_not_rated(world, actor):
    campaign = services.campaign_open(actor=actor, organization=world.bloc, title="Năm 2026", period_kind="year",
                                      period_start=D(2026, 1, 1), period_end=D(2026, 12, 31),
                                      self_assessment_due=D(2026, 12, 10), cell_meetings_due=D(2026, 12, 20),
                                      decisions_due=D(2027, 1, 15))
    reviews = {r.member_id: r for r in MemberReview.objects.filter(campaign=campaign).select_related("member")}
    assert reviews[world.a.prob.pk].treatment == Treatment.RATED
    exempt = reviews[world.a.exempt.pk]
    assert exempt.treatment == Treatment.NOT_RATED
    with pytest.raises(ValidationError) as refused:
        services.review_propose(actor=actor, campaign=campaign, organization=world.cell_a1, meeting_on=TODAY,
                                rows=[{"review": exempt.pk, "rating": Rating.GOOD}])
    assert world.a.exempt.full_name in refused.value.messages[0]
    # an exempt member may still self-assess if they wish
    services.review_self_assess(actor=actor, review=exempt, general_points=Decimal(25), task_points=Decimal(50))


def test_the_superior_decides_its_organisations_and_a_disciplined_subordinate_blocks_excellent(
        campaign_2026, actor, authority, bloc, gc_a, cell_a1):
    from inspections.services import discipline_issue

    discipline_issue(actor=actor, authority=authority, form="reprimand", reason="Buông lỏng lãnh đạo",
                     decided_on=D(2026, 3, 1), organization=cell_a1)
    review = OrganizationReview.objects.get(campaign=campaign_2026, organization=gc_a)
    with pytest.raises(ValidationError) as refused:
        services.organization_decide(actor=actor, campaign=campaign_2026, parent=bloc, decided_on=TODAY,
                                     decision_number="05-QĐ/ĐUK", rows=[{"review": review.pk, "rating": "excellent"}])
    assert gc_a.name in refused.value.error_dict[f"row_{review.pk}"][0].messages[0]
    services.organization_decide(actor=actor, campaign=campaign_2026, parent=bloc, decided_on=TODAY,
                                 decision_number="05-QĐ/ĐUK", rows=[{"review": review.pk, "rating": "good"}])
    review.refresh_from_db()
    assert review.rating == "good" and review.decided_by == bloc


def test_a_cell_under_a_partial_committee_is_decided_by_the_grassroots_committee(make_org, tree, make_member):
    from reviews.selectors import deciding_organization

    partial = make_org("sub_committee", tree.gc_a, code="STC-BP", name="Đảng bộ bộ phận Khối Văn phòng")
    cell = make_org("cell", partial, code="STC-BP-1", name="Chi bộ Phòng Hành chính")
    assert deciding_organization(cell) == tree.gc_a  # not the partial committee, which never decides
    assert deciding_organization(tree.cell_a1) == tree.gc_a
    assert deciding_organization(tree.gcell) == tree.gcell  # a grassroots cell decides its own members


def test_a_closed_review_takes_no_more_decisions_and_reminds_nobody(actor, campaign_2026, cell_a1, gc_a):
    services.campaign_close(actor=actor, campaign=campaign_2026)
    campaign_2026.refresh_from_db()
    assert campaign_2026.closed_on == TODAY
    assert campaign_2026.history.first().history_change_reason
    with pytest.raises(ValidationError):
        services.campaign_close(actor=actor, campaign=campaign_2026)
    with pytest.raises(ValidationError):
        decide(actor, campaign_2026, gc_a, [(r, "good") for r in reviews_of(campaign_2026, cell_a1)])
    assert not MemberReview.objects.filter(campaign=campaign_2026).exclude(rating="").exists()
