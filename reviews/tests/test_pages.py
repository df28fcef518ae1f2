"""The review pages as their users meet them: the Bloc opens the year's review; a member self-assesses from the home
page on their own record only; the cell secretary proposes the whole cell in one sheet, a refused row naming the
member and keeping what was chosen; the grassroots committee decides; the results show the distribution beside last
year's, and export it; the member's page lists their ratings; the printed forms carry the Party's heading."""

import datetime
from decimal import Decimal

import pytest

from core.testing.pages import doc, xlsx_rows
from reviews import services
from reviews.models import MemberReview, ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


def open_year(actor, bloc, year):
    return services.campaign_open(actor=actor, organization=bloc, title=f"Kiểm điểm năm {year}", period_kind="year",
                                  period_start=D(year, 1, 1), period_end=D(year, 12, 31),
                                  self_assessment_due=D(year, 12, 10), cell_meetings_due=D(year, 12, 20),
                                  decisions_due=D(year + 1, 1, 15), opened_on=D(year, 11, 20))


@pytest.fixture
def cell(cell_a1, make_member, member_dangvien):
    cell_a1.review_members = [member_dangvien, *(make_member(cell_a1) for _ in range(5))]
    return cell_a1


def test_the_bloc_opens_the_years_review(client_for, user_khoi, bloc, cell):
    client = client_for(user_khoi)
    page = doc(client.get("/reviews/"))
    assert page.xpath('//a[@id="review-open"]')
    form = doc(client.get("/reviews/open/"))
    assert form.xpath('//input[@name="period_start"]/@value')
    response = client.post("/reviews/open/", {
        "organization": bloc.pk, "title": "Kiểm điểm năm 2026", "period_kind": "year", "period_start": "01/01/2026",
        "period_end": "31/12/2026", "self_assessment_due": "10/12/2026", "cell_meetings_due": "20/12/2026",
        "decisions_due": "15/01/2027"})
    assert response.status_code == 302
    campaign = ReviewCampaign.objects.get()
    assert campaign.member_reviews.count() == 6
    page = doc(client.get(campaign.get_absolute_url()))
    assert page.xpath('string(//*[@id="progress-self"])').strip() == "0"


def test_a_cell_secretary_cannot_open_a_review(client_for, user_chibo, cell):
    assert client_for(user_chibo).get("/reviews/open/").status_code == 403


def test_the_member_self_assesses_from_the_home_page_and_reads_only_their_own(client_for, user_dangvien, actor,
                                                                               bloc, cell):
    campaign = open_year(actor, bloc, TODAY.year)
    own = campaign.member_reviews.get(member=cell.review_members[0])
    other = campaign.member_reviews.get(member=cell.review_members[1])
    client = client_for(user_dangvien)
    home = doc(client.get("/"))
    assert home.xpath(f'//a[@id="home-review-self"][@href="/reviews/members/{own.pk}/"]')
    response = client.post(f"/reviews/members/{own.pk}/", {"general_points": "27", "task_points": "64",
                                                            "self_notes": "Hoàn thành tốt", "revision": own.revision})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.points == Decimal(91) and own.self_entered_by == user_dangvien
    assert client.get(f"/reviews/members/{other.pk}/").status_code == 404
    page = doc(client.get(f"/reviews/members/{own.pk}/print/"))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page.xpath('string(//*[@id="print-self"])')
    assert not doc(client.get("/")).xpath('//*[@id="home-review-mine"]')  # done: no longer a to-do


def test_points_over_a_part_are_refused_on_the_field(client_for, user_dangvien, actor, bloc, cell):
    campaign = open_year(actor, bloc, TODAY.year)
    own = campaign.member_reviews.get(member=cell.review_members[0])
    response = client_for(user_dangvien).post(f"/reviews/members/{own.pk}/", {
        "general_points": "35", "task_points": "60", "revision": own.revision})
    assert response.status_code == 200
    assert doc(response).xpath('//input[@name="general_points"][contains(@class, "is-invalid")]')


def test_the_secretary_proposes_the_cell_and_a_refused_row_names_the_member(client_for, user_chibo, actor, bloc,
                                                                           cell):
    from inspections.models import Authority
    from inspections.services import authority_ensure, discipline_issue

    campaign = open_year(actor, bloc, TODAY.year)
    culprit = cell.review_members[2]
    authority = authority_ensure(actor=actor, organization=bloc, kind=Authority.Kind.STANDING_COMMITTEE, symbol="ĐUK")
    discipline_issue(actor=actor, authority=authority, form="warning", reason="Vi phạm", decided_on=D(TODAY.year, 2, 1),
                     member=culprit)
    client = client_for(user_chibo)
    home = doc(client.get("/"))
    assert home.xpath(f'//*[@data-review-cell="{cell.pk}"]')
    url = f"/reviews/campaigns/{campaign.pk}/cells/{cell.pk}/propose/"
    page = doc(client.get(url))
    rows = page.xpath('//div[@id="review-sheet"]/div[@data-review]')
    assert len(rows) == 6 and page.xpath(f'//div[@data-member="{culprit.pk}"]//*[@data-disciplined]')
    reviews = list(campaign.member_reviews.all())
    data = {"meeting_on": TODAY.strftime("%d/%m/%Y"), "meeting_reference": "Biên bản số 5",
            **{f"row_{r.pk}": "good" for r in reviews}}
    response = client.post(url, data)
    assert response.status_code == 200
    refused = doc(response)
    target = next(r for r in reviews if r.member_id == culprit.pk)
    assert culprit.full_name in refused.xpath(f'string(//div[@data-review="{target.pk}"]//*[@data-row-error])')
    assert not MemberReview.objects.exclude(proposed_rating="").exists()
    data[f"row_{target.pk}"] = "not_complete"
    assert client.post(url, data).status_code == 302
    assert MemberReview.objects.filter(proposed_rating="good").count() == 5
    minutes = doc(client.get(f"/reviews/campaigns/{campaign.pk}/cells/{cell.pk}/minutes/"))
    assert len(minutes.xpath('//table[@id="minutes-rows"]/tbody/tr')) == 6
    assert client.get(f"/reviews/campaigns/{campaign.pk}/decide/{cell.pk}/").status_code == 404  # not the cell's call


def test_the_committee_decides_and_the_results_show_the_distribution_beside_last_year(
        client_for, user_coso, user_khoi, actor, bloc, gc_a, cell):
    last = open_year(actor, bloc, TODAY.year - 1)
    last_rows = list(last.member_reviews.all())
    services.review_propose(actor=actor, campaign=last, organization=cell, meeting_on=D(TODAY.year - 1, 12, 15),
                            rows=[{"review": r.pk, "rating": "complete"} for r in last_rows])
    services.review_decide(actor=actor, campaign=last, organization=gc_a, decided_on=D(TODAY.year - 1, 12, 28),
                           decision_number="90-QĐ/ĐU", rows=[{"review": r.pk, "rating": "complete"} for r in last_rows])
    campaign = open_year(actor, bloc, TODAY.year)
    rows = list(campaign.member_reviews.order_by("pk"))
    services.review_propose(actor=actor, campaign=campaign, organization=cell, meeting_on=TODAY,
                            rows=[{"review": r.pk, "rating": "good"} for r in rows])
    client = client_for(user_coso)
    url = f"/reviews/campaigns/{campaign.pk}/decide/{gc_a.pk}/"
    page = doc(client.get(url))
    assert page.xpath(f'//select[@name="row_{rows[0].pk}"]/option[@selected][@value="good"]')
    data = {"decided_on": TODAY.strftime("%d/%m/%Y"), "decision_number": "12-QĐ/ĐU",
            **{f"row_{r.pk}": "good" for r in rows}}
    data[f"row_{rows[0].pk}"] = "excellent"
    data[f"row_{rows[1].pk}"] = "excellent"  # 4 good allow none
    response = client.post(url, data)
    assert response.status_code == 200 and doc(response).xpath('//*[@id="sheet-error"]')
    data[f"row_{rows[1].pk}"] = "good"  # 5 good allow 1 excellent (20 %)
    assert client.post(url, data).status_code == 302
    assert MemberReview.objects.filter(campaign=campaign, rating="excellent").count() == 1
    results = doc(client_for(user_khoi).get(f"/reviews/campaigns/{campaign.pk}/results/?org={gc_a.pk}"))
    good = results.xpath('//table[@id="review-distribution"]//tr[@data-rating="good"]')[0]
    assert good.xpath('string(.//*[@data-percent])').strip() in ("83.3", "83,3")
    complete = results.xpath('//table[@id="review-distribution"]//tr[@data-rating="complete"]')[0]
    assert complete.xpath('string(.//*[@data-previous])').strip() in ("100.0", "100,0")
    export = client_for(user_khoi).get(f"/reviews/campaigns/{campaign.pk}/results/?org={gc_a.pk}&export=xlsx")
    assert any(cell.name in [str(v) for v in row] for row in xlsx_rows(export))


def test_the_members_page_lists_their_ratings(client_for, user_khoi, actor, bloc, gc_a, cell):
    campaign = open_year(actor, bloc, TODAY.year - 1)
    review = campaign.member_reviews.get(member=cell.review_members[0])
    services.review_propose(actor=actor, campaign=campaign, organization=cell, meeting_on=D(TODAY.year - 1, 12, 15),
                            rows=[{"review": review.pk, "rating": "good"}])
    services.review_decide(actor=actor, campaign=campaign, organization=cell, decided_on=D(TODAY.year - 1, 12, 28),
                           decision_number="90-QĐ/ĐU", rows=[{"review": review.pk, "rating": "good"}])
    page = doc(client_for(user_khoi).get(cell.review_members[0].get_absolute_url()))
    assert page.xpath(f'//*[@id="member-reviews"]//*[@data-review="{review.pk}"]//*[@data-rating="good"]')
