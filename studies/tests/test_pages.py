"""The studies' pages as their users meet them: the Bloc launches a study from its register; the grassroots committee
records its session's attendance on one page and a make-up later; a member writes their takeaway from the home
page's to-do and the cell's secretary accepts it; the campaign list rolls the figures up; a user of another subtree
finds nothing of it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.testing.pages import doc
from studies import selectors, services
from studies.models import StudyAttendance, StudyCampaign, StudySession, Takeaway

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def dmy(day):
    return day.strftime("%d/%m/%Y")


def test_the_bloc_launches_a_study_from_its_register(client_for, user_khoi, resolution, gc_a, gc_b, gcell):
    client = client_for(user_khoi)
    assert doc(client.get("/studies/")).xpath('//a[@id="study-launch"]')
    form = doc(client.get("/studies/launch/"))
    assert form.xpath(f'//select[@name="document"]/option[@value="{resolution.pk}"]')
    response = client.post("/studies/launch/", {"document": resolution.pk, "mode": "thorough", "level": "grassroots",
                                                "title": "", "sessions_by": dmy(TODAY), "takeaways_by": dmy(TODAY)})
    campaign = StudyCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/studies/campaigns/{campaign.pk}/"
    page = doc(client.get(response["Location"]))
    assert len(page.xpath('//div[@id="study-sessions"]/div[@data-session]')) == 3


def test_the_launch_refuses_dates_out_of_order_keeping_what_was_typed(client_for, user_khoi, resolution):
    response = client_for(user_khoi).post("/studies/launch/", {
        "document": resolution.pk, "mode": "briefing", "level": "grassroots", "title": "Học tập nghị quyết",
        "sessions_by": dmy(TODAY + datetime.timedelta(days=5)), "takeaways_by": dmy(TODAY)})
    assert response.status_code == 200
    page = doc(response)
    assert page.xpath('//input[@name="takeaways_by"][contains(@class, "is-invalid")]')
    assert page.xpath('//input[@name="title"]/@value') == ["Học tập nghị quyết"]
    assert not StudyCampaign.objects.exists()


def test_a_session_is_recorded_then_made_up(client_for, user_coso, campaign, gc_a):
    session = StudySession.objects.get(campaign=campaign, organization=gc_a)
    roster = selectors.session_roster(session)
    client = client_for(user_coso)
    page = doc(client.get(f"/studies/sessions/{session.pk}/"))
    assert len(page.xpath('//div[@id="attendance-form"]/div[@data-member]')) == len(roster) == 4
    data = {"held_on": dmy(TODAY), "place": "Hội trường", "reporter": "Đồng chí Bí thư"}
    for m in roster:
        data[f"presence_{m.pk}"], data[f"reason_{m.pk}"] = "present", ""
    data[f"presence_{roster[0].pk}"], data[f"reason_{roster[0].pk}"] = "excused", "Đi công tác"
    assert client.post(f"/studies/sessions/{session.pk}/", data).status_code == 302
    session.refresh_from_db()
    assert session.status == StudySession.Status.HELD
    absent = StudyAttendance.objects.get(session=session, presence="excused")
    make_up = doc(client.get(f"/studies/sessions/{session.pk}/make-up/"))
    assert make_up.xpath(f'//select[@name="attendance"]/option[@value="{absent.pk}"]')
    response = client.post(f"/studies/sessions/{session.pk}/make-up/", {"attendance": absent.pk,
                                                                          "made_up_on": dmy(TODAY)})
    assert response.status_code == 302
    absent.refresh_from_db()
    assert absent.made_up_on == TODAY
    # the list rolls up what the user sees: gc_a's one session, not the Bloc's three
    home = doc(client.get("/studies/"))
    assert home.xpath(f'//a[@data-campaign="{campaign.pk}"]//span[@data-held="1/1"]')
    assert home.xpath(f'//a[@data-campaign="{campaign.pk}"]//span[@data-studied="4/4"]')


def test_a_member_writes_their_takeaway_and_the_secretary_accepts_it(client_for, user_dangvien, user_chibo,
                                                                       campaign, member_dangvien):
    member = client_for(user_dangvien)
    home = doc(member.get("/"))
    link = home.xpath(f'//div[@data-study-write="{campaign.pk}"]//a/@href')
    assert link == [f"/studies/campaigns/{campaign.pk}/my-takeaway/"]
    response = member.post(link[0], {"text": "Thu hoạch: liên hệ bản thân, đề ra giải pháp."})
    assert response.status_code == 302
    takeaway = Takeaway.objects.get(member=member_dangvien)
    assert takeaway.status == Takeaway.Status.SUBMITTED
    assert not doc(member.get("/")).xpath(f'//div[@data-study-write="{campaign.pk}"]')

    secretary = client_for(user_chibo)
    assert doc(secretary.get("/")).xpath('//div[@data-study-assess="1"]')
    listed = doc(secretary.get(f"/studies/campaigns/{campaign.pk}/takeaways/"))
    assert listed.xpath(f'//a[@data-takeaway="{takeaway.pk}"]/@href') == [f"/studies/takeaways/{takeaway.pk}/"]
    page = doc(secretary.get(f"/studies/takeaways/{takeaway.pk}/"))
    assert "liên hệ bản thân" in page.xpath('string(//div[@id="takeaway-read"])')
    response = secretary.post(f"/studies/takeaways/{takeaway.pk}/", {"decision": "accept", "reason": ""})
    assert response.status_code == 302
    takeaway.refresh_from_db()
    assert takeaway.status == Takeaway.Status.ACCEPTED and takeaway.assessed_by == user_chibo

    own = doc(member.get(f"/studies/campaigns/{campaign.pk}/my-takeaway/"))
    assert own.xpath('//div[@id="takeaway-status"]/@data-status') == ["accepted"]
    assert not own.xpath('//textarea[@name="text"]')  # accepted: no longer editable
    assert doc(member.get("/studies/mine/")).xpath(f'//a[@data-campaign="{campaign.pk}"]//span/@data-status') == [
        "accepted"]


def test_a_return_needs_a_reason_and_the_member_rewrites(client_for, user_dangvien, user_chibo, campaign,
                                                         member_dangvien, actor):
    takeaway = services.takeaway_submit(actor=actor, campaign=campaign, member=member_dangvien, text="Ngắn")
    secretary = client_for(user_chibo)
    response = secretary.post(f"/studies/takeaways/{takeaway.pk}/", {"decision": "return", "reason": ""})
    assert response.status_code == 200
    assert doc(response).xpath('//textarea[@name="reason"][contains(@class, "is-invalid")]')
    assert secretary.post(f"/studies/takeaways/{takeaway.pk}/", {"decision": "return",
                                                                 "reason": "Cần cụ thể hơn"}).status_code == 302
    member = client_for(user_dangvien)
    own = doc(member.get(f"/studies/campaigns/{campaign.pk}/my-takeaway/"))
    assert own.xpath('//div[@id="takeaway-status"]/@data-status') == ["returned"]
    assert "Cần cụ thể hơn" in own.xpath('string(//div[@id="takeaway-status"])')
    assert own.xpath('//textarea[@name="text"]/text()')[0].strip() == "Ngắn"
    revision = own.xpath('//input[@name="revision"]/@value')
    data = {"text": "Bài thu hoạch cụ thể"} | ({"revision": revision[0]} if revision else {})
    assert member.post(f"/studies/campaigns/{campaign.pk}/my-takeaway/", data).status_code == 302
    assert Takeaway.objects.get().status == Takeaway.Status.SUBMITTED


def test_a_user_of_another_subtree_finds_nothing(client_for, user_other, user_chibo, campaign, gc_a,
                                                 member_dangvien, actor):
    takeaway = services.takeaway_submit(actor=actor, campaign=campaign, member=member_dangvien, text="Thu hoạch")
    session = StudySession.objects.get(campaign=campaign, organization=gc_a)
    other = client_for(user_other)
    for url in (f"/studies/sessions/{session.pk}/", f"/studies/sessions/{session.pk}/plan/",
                f"/studies/takeaways/{takeaway.pk}/", f"/studies/campaigns/{campaign.pk}/my-takeaway/"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/studies/takeaways/{takeaway.pk}/", {"decision": "accept"}).status_code == 404
    assert Takeaway.objects.get().status == Takeaway.Status.SUBMITTED
    # the campaign's page shows them their own side's sessions only, and none of the members of gc_a
    page = doc(other.get(f"/studies/campaigns/{campaign.pk}/"))
    assert not page.xpath(f'//div[@data-session="{session.pk}"]')
    listed = doc(other.get(f"/studies/campaigns/{campaign.pk}/takeaways/"))
    assert not listed.xpath('//a[@data-takeaway]')
    # a cell's secretary does not convene its grassroots committee's session
    assert client_for(user_chibo).get(f"/studies/sessions/{session.pk}/").status_code == 404


def test_the_home_page_lists_sessions_not_held_past_their_date(client_for, user_coso, campaign, gc_a, actor):
    StudyCampaign.objects.filter(pk=campaign.pk).update(sessions_by=TODAY - datetime.timedelta(days=1))
    page = doc(client_for(user_coso).get("/"))
    assert page.xpath('//div[@data-study-late="1"]')  # gc_a's session, the one coso convenes


def test_a_closed_study_takes_nothing_more_and_leaves_the_to_do(client_for, user_khoi, user_dangvien, campaign,
                                                                member_dangvien):
    khoi = client_for(user_khoi)
    assert doc(khoi.get(f"/studies/campaigns/{campaign.pk}/")).xpath('//button[@id="study-close"]')
    assert khoi.post(f"/studies/campaigns/{campaign.pk}/close/").status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == StudyCampaign.Status.CLOSED
    assert not doc(khoi.get(f"/studies/campaigns/{campaign.pk}/")).xpath('//button[@id="study-close"]')
    member = client_for(user_dangvien)
    assert not doc(member.get("/")).xpath(f'//div[@data-study-write="{campaign.pk}"]')
    response = member.post(f"/studies/campaigns/{campaign.pk}/my-takeaway/", {"text": "Muộn"})
    assert response.status_code == 200 and not Takeaway.objects.exists()


def test_the_launch_finds_a_document_by_words_of_its_summary_without_diacritics(client_for, user_khoi, user_coso,
                                                                                resolution):
    found = doc(client_for(user_khoi).get("/studies/launch/documents/?q=quan+triet+dai+hoi"))
    assert found.xpath(f'//button[@data-id="{resolution.pk}"]')
    assert not doc(client_for(user_khoi).get("/studies/launch/documents/?q=kiem+tra")).xpath("//button[@data-id]")
    # the Bloc's register is not the grassroots committee's to launch from
    assert not doc(client_for(user_coso).get("/studies/launch/documents/?q=")).xpath("//button[@data-id]")


def test_a_session_not_held_is_cancelled_with_its_reason(client_for, user_coso, campaign, gc_a):
    session = StudySession.objects.get(campaign=campaign, organization=gc_a)
    StudyCampaign.objects.filter(pk=campaign.pk).update(sessions_by=TODAY - datetime.timedelta(days=1))
    assert selectors.todo(user_coso)["late_sessions"] == 1
    client = client_for(user_coso)
    assert doc(client.get(f"/studies/sessions/{session.pk}/")).xpath('//a[@id="study-cancel"]')
    refused = client.post(f"/studies/sessions/{session.pk}/cancel/", {"reason": "  "})
    assert refused.status_code == 200 and doc(refused).xpath('//textarea[@name="reason"][contains(@class, "is-invalid")]')
    response = client.post(f"/studies/sessions/{session.pk}/cancel/", {"reason": "Học tập chung với Đảng bộ Khối"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == ("cancelled", "Học tập chung với Đảng bộ Khối")
    assert session.history.first().history_change_reason == "Học tập chung với Đảng bộ Khối"
    assert selectors.todo(user_coso)["late_sessions"] == 0
    page = doc(client.get(f"/studies/sessions/{session.pk}/"))
    assert page.xpath('//*[@id="study-session-status"]/@data-status') == ["cancelled"]
    assert not page.xpath('//form[@id="action-form"]')  # nothing to record any more
    with pytest.raises(ValidationError):
        services.session_record(actor=user_coso, session=session, held_on=TODAY, place="x", reporter="y",
                                presences={})


def test_the_campaign_page_shows_the_sessions_to_hold_or_held_a_page_at_a_time(client_for, user_khoi, campaign, gc_a,
                                                                               gc_b, gcell, monkeypatch):
    from studies.views import CampaignDetail

    session = StudySession.objects.get(campaign=campaign, organization=gc_a)
    StudySession.objects.filter(pk=session.pk).update(status=StudySession.Status.HELD, held_on=TODAY)
    client = client_for(user_khoi)
    url = f"/studies/campaigns/{campaign.pk}/"

    def shown(**params):
        page = doc(client.get(url, params))
        return {int(pk) for pk in page.xpath('//div[@id="study-sessions"]/div/@data-session')}, page

    everything = set(StudySession.objects.filter(campaign=campaign).values_list("pk", flat=True))
    assert shown()[0] == everything and len(everything) == 3
    assert shown(show="held")[0] == {session.pk}
    assert shown(show="todo")[0] == everything - {session.pk}
    monkeypatch.setattr(CampaignDetail, "per_page", 2)
    first, page = shown()
    second, _page = shown(page=2)
    assert len(first) == 2 and first | second == everything and not first & second
    assert page.xpath('//a[@rel="next"]/@href') == ["?page=2"]
    todo, page = shown(show="todo")
    assert todo == everything - {session.pk} and not page.xpath('//a[@rel="next"]')  # two to hold: one page
