"""The badges pages as their users meet them: the committee opens the list of the next presentation date in one
click, exports it, records the decision's awards for the members ticked; the member page shows the badges held and
the next one; the home page reminds the committee in time; the interruption form pushes the member's date."""

import datetime

import pytest
from django.utils import timezone

from badges.models import BadgeAward
from badges.tests.cases import next_date
from core.dates import add_months
from core.testing.pages import doc, xlsx_rows

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def due(make_member, cell_a1, cell_a2):
    """Two members of gc_a reaching 30 years exactly on the next presentation date, one a day later."""
    admitted = add_months(next_date(), -12 * 30)
    kwargs = {"joined_on": D(2016, 1, 1), "date_of_birth": D(1970, 1, 1)}
    return [make_member(cell_a1, admitted_on=admitted, **kwargs), make_member(cell_a2, admitted_on=admitted, **kwargs),
            make_member(cell_a1, admitted_on=admitted + datetime.timedelta(days=1), **kwargs)]


def rows(response):
    return [int(pk) for pk in doc(response).xpath('//table[contains(@class, "badge-rows")]/tbody/tr/@data-member')]


def test_the_list_of_the_next_date_is_one_click_grouped_by_organisation(client_for, user_coso, due):
    response = client_for(user_coso).get("/badges/")
    assert response.status_code == 200
    assert sorted(rows(response)) == sorted([due[0].pk, due[1].pk])
    page = doc(response)
    assert len(page.xpath('//div[@data-organization]')) == 2
    assert next_date().strftime("%d/%m/%Y") in page.xpath("string(//h1)")
    following = page.xpath('//nav[@id="badge-dates"]/a/@href')[3]  # two earlier dates, this one, then the next
    later = client_for(user_coso).get(f"/badges/{following}")
    assert rows(later) == [due[2].pk]


def test_a_day_that_is_no_presentation_date_is_not_found(client_for, user_coso):
    assert client_for(user_coso).get("/badges/?date=2027-02-04").status_code == 404
    assert client_for(user_coso).get("/badges/?date=tomorrow").status_code == 404


def test_the_proposal_list_exports_to_excel(client_for, user_coso, due):
    response = client_for(user_coso).get("/badges/?export=xlsx")
    assert response.status_code == 200
    table = xlsx_rows(response)
    assert len(table) == 3 and {row[1] for row in table[1:]} == {due[0].full_name, due[1].full_name}
    assert {row[6] for row in table[1:]} == {30}


def test_the_awards_are_recorded_for_the_members_ticked(client_for, user_coso, due):
    client = client_for(user_coso)
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post("/badges/", {"members": [due[0].pk], "decision_number": "125-QĐ/TU", "decided_on": today})
    assert response.status_code == 302
    award = BadgeAward.objects.get()
    assert (award.member, award.milestone, award.presentation_date) == (due[0], 30, next_date())
    page = doc(client.get("/badges/"))
    assert page.xpath(f'//tr[@data-member="{due[0].pk}"]/@data-awarded') == [""]
    assert page.xpath('//input[@name="members"]/@value') == [str(due[1].pk)]
    member_page = doc(client.get(f"/members/{due[0].pk}/"))
    assert member_page.xpath('//*[@id="member-badges"]//*[@data-award="30"]')


def test_a_refused_award_keeps_the_ticks_and_says_why(client_for, user_coso, due):
    response = client_for(user_coso).post("/badges/", {"members": [due[0].pk], "decision_number": "",
                                                       "decided_on": "01/01/2099"})
    assert response.status_code == 200 and not BadgeAward.objects.exists()
    page = doc(response)
    assert page.xpath(f'//input[@value="{due[0].pk}"]/@checked')
    assert page.xpath('//*[@id="id_decision_number_error"]') and page.xpath('//*[@id="id_decided_on_error"]')


def test_the_member_page_shows_the_next_badge_and_its_date(client_for, user_coso, due):
    page = doc(client_for(user_coso).get(f"/members/{due[0].pk}/"))
    text = page.xpath('string(//*[@id="member-next-badge"])')
    assert "30" in text and next_date().strftime("%d/%m/%Y") in text
    assert page.xpath('//a[@id="badges-interruption"]') and page.xpath('//a[@id="badges-illness"]')


def test_an_interruption_recorded_from_the_member_page_pushes_the_date(client_for, user_coso, due):
    client = client_for(user_coso)
    response = client.post(f"/badges/members/{due[0].pk}/interruption/", {
        "starts_on": "01/03/2000", "ends_on": "01/04/2000", "reason": "Xóa tên, kết nạp lại"})
    assert response.status_code == 302
    assert due[0].pk not in rows(client.get("/badges/"))
    refused = client.post(f"/badges/members/{due[0].pk}/interruption/", {
        "starts_on": "01/04/2000", "ends_on": "01/03/2000", "reason": "Sai"})
    assert refused.status_code == 200 and doc(refused).xpath('//*[@id="id_ends_on_error"]')


def test_the_home_page_reminds_the_committee_in_time(client_for, user_coso, user_dangvien, due, settings):
    days = (next_date() - timezone.localdate()).days
    page = doc(client_for(user_coso).get("/"))
    block = page.xpath('string(//*[@id="home-badges"])')
    if days <= 60:  # the seeded reminder: 60 days before the date
        assert "2" in block and next_date().strftime("%d/%m/%Y") in block
    else:
        assert block == ""
    assert not doc(client_for(user_dangvien).get("/")).xpath('//*[@id="home-badges"]')


def test_a_member_sees_their_own_badges_but_not_the_list(client_for, user_dangvien, member_dangvien):
    assert client_for(user_dangvien).get("/badges/").status_code == 403
    page = doc(client_for(user_dangvien).get(f"/members/{member_dangvien.pk}/"))
    assert page.xpath('//*[@id="member-badges"]') and not page.xpath('//a[@id="badges-interruption"]')
