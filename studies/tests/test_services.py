"""The studies' services: a launch lists a session per grassroots organisation under the launcher; a session is
recorded all or nothing; an absence made up counts as studied; a takeaway is the member's own, rewritten until it is
accepted; every write keeps its history with the actor and the reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from studies import selectors, services
from studies.models import StudyAttendance, StudyCampaign, StudySession, Takeaway

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _session(campaign, organization):
    return StudySession.objects.select_related("campaign").get(campaign=campaign, organization=organization)


def test_a_launch_lists_a_session_per_grassroots_organisation(campaign, resolution, actor, gc_a, gc_b, gcell):
    assert {s.organization_id for s in campaign.sessions.all()} == {gc_a.pk, gc_b.pk, gcell.pk}
    assert campaign.title == resolution.title  # the document's summary by default
    assert campaign.organization_id == resolution.organization_id
    assert campaign.created_by == actor
    assert campaign.history.get().history_user == actor
    assert StudySession.history.filter(history_user=actor).count() == 3


def test_a_grassroots_committee_studies_at_its_own_session(actor, gc_a):
    from documents import services as ds

    document = ds.document_register_incoming(actor=actor, organization=gc_a, kind="CT", symbol="01-CT/TW",
                                             issued_on=TODAY, sender="Bộ Chính trị", received_on=TODAY,
                                             title="Chỉ thị về học tập nghị quyết")
    campaign = services.campaign_launch(actor=actor, document=document, mode="briefing", sessions_by=TODAY,
                                        takeaways_by=TODAY, title="Học tập Chỉ thị 01")
    assert list(campaign.sessions.values_list("organization_id", flat=True)) == [gc_a.pk]
    assert campaign.title == "Học tập Chỉ thị 01"


def test_a_launch_is_refused_on_its_fields(campaign, resolution, actor, cell_a1):
    with pytest.raises(ValidationError) as refused:
        services.campaign_launch(actor=actor, document=resolution, mode="thorough", sessions_by=TODAY,
                                 takeaways_by=TODAY)
    assert "document" in refused.value.message_dict  # launched once
    with pytest.raises(ValidationError) as refused:
        services.campaign_launch(actor=actor, document=resolution, mode="thorough", sessions_by=TODAY,
                                 takeaways_by=TODAY - datetime.timedelta(days=1))
    assert "takeaways_by" in refused.value.message_dict
    from documents import services as ds

    letter = ds.document_register_incoming(actor=actor, organization=cell_a1, kind="CV", symbol="5-CV/ĐU",
                                           issued_on=TODAY, sender="Đảng ủy", received_on=TODAY, title="Công văn")
    with pytest.raises(ValidationError) as refused:  # a cell below a grassroots committee holds no session
        services.campaign_launch(actor=actor, document=letter, mode="thorough", sessions_by=TODAY,
                                 takeaways_by=TODAY)
    assert "document" in refused.value.message_dict
    assert StudyCampaign.objects.count() == 1


def test_a_session_is_recorded_all_or_nothing(campaign, actor, gc_a):
    session = _session(campaign, gc_a)
    roster = selectors.session_roster(session)
    assert len(roster) == 4  # the members of gc_a's cells
    presences = {m.pk: ("present", "") for m in roster}
    presences[roster[0].pk] = ("excused", "")  # excused without a reason
    with pytest.raises(ValidationError) as refused:
        services.session_record(actor=actor, session=session, held_on=TODAY, place="Hội trường",
                                reporter="Đồng chí Bí thư", presences=presences)
    assert f"reason_{roster[0].pk}" in refused.value.message_dict
    session.refresh_from_db()
    assert session.status == StudySession.Status.PLANNED and not StudyAttendance.objects.exists()
    del presences[roster[1].pk]  # a member of the roster left out
    presences[roster[0].pk] = ("excused", "Ốm")
    with pytest.raises(ValidationError) as refused:
        services.session_record(actor=actor, session=session, held_on=TODAY, place="Hội trường",
                                reporter="Đồng chí Bí thư", presences=presences)
    assert f"presence_{roster[1].pk}" in refused.value.message_dict
    presences[roster[1].pk] = ("absent", "")
    services.session_record(actor=actor, session=session, held_on=TODAY, place="Hội trường",
                            reporter="Đồng chí Bí thư", presences=presences)
    session.refresh_from_db()
    assert session.status == StudySession.Status.HELD and session.held_on == TODAY
    assert StudyAttendance.objects.filter(session=session).count() == 4
    assert StudyAttendance.history.filter(history_user=actor).count() == 4


def test_an_absence_made_up_counts_as_studied(campaign, actor, gc_a, gc_b, gcell, cell_b1, make_member, user_admin):
    """The share studied is over everyone to study: the rosters of the sessions held and the members of those
    still to hold (gc_b's and gcell's), not the sessions held alone."""
    from members.choices import ACTIVE_STATUSES
    from members.models import Member
    from organizations.selectors import subtree_q

    make_member(cell_b1), make_member(cell_b1), make_member(gcell)
    waiting = Member.objects.filter(subtree_q("organization_id", gc_b.pk) | subtree_q("organization_id", gcell.pk),
                                    status__in=ACTIVE_STATUSES).count()
    assert waiting == 3
    session = _session(campaign, gc_a)
    roster = selectors.session_roster(session)
    presences = {m.pk: ("present", "") for m in roster}
    presences[roster[0].pk] = ("excused", "Đi công tác")
    services.session_record(actor=actor, session=session, held_on=TODAY, place="Hội trường", reporter="Bí thư",
                            presences=presences)
    figures = selectors.campaign_figures(user_admin, [campaign.pk])[campaign.pk]
    assert (figures.held, figures.sessions, figures.studied, figures.expected, figures.waiting) == (1, 3, 3, 4, waiting)
    absent = StudyAttendance.objects.get(session=session, member=roster[0])
    services.attendance_make_up(actor=actor, attendance=absent, made_up_on=TODAY)
    figures = selectors.campaign_figures(user_admin, [campaign.pk])[campaign.pk]
    assert (figures.studied, figures.roster, figures.studied_percent) == (4, 4 + waiting, round(400 / (4 + waiting), 1))
    present = StudyAttendance.objects.get(session=session, member=roster[1])
    with pytest.raises(ValidationError):
        services.attendance_make_up(actor=actor, attendance=present, made_up_on=TODAY)


def test_a_takeaway_is_rewritten_until_it_is_accepted(campaign, actor, member_dangvien):
    takeaway = services.takeaway_submit(actor=actor, campaign=campaign, member=member_dangvien, text="Bản đầu")
    with pytest.raises(ValidationError) as refused:
        services.takeaway_return(actor=actor, takeaway=takeaway, reason=" ")
    assert "reason" in refused.value.message_dict
    services.takeaway_return(actor=actor, takeaway=takeaway, reason="Cần liên hệ bản thân")
    assert Takeaway.objects.get().status == Takeaway.Status.RETURNED
    takeaway = services.takeaway_submit(actor=actor, campaign=campaign, member=member_dangvien, text="Bản sửa")
    assert (takeaway.status, takeaway.text) == (Takeaway.Status.SUBMITTED, "Bản sửa")
    services.takeaway_accept(actor=actor, takeaway=takeaway)
    assert Takeaway.objects.get().assessed_by == actor
    with pytest.raises(ValidationError) as refused:
        services.takeaway_submit(actor=actor, campaign=campaign, member=member_dangvien, text="Bản thứ ba")
    assert "text" in refused.value.message_dict
    assert Takeaway.objects.get().text == "Bản sửa"
    assert list(Takeaway.history.order_by("history_id").values_list("status", "history_user")) == [
        ("submitted", actor.pk), ("returned", actor.pk), ("submitted", actor.pk), ("accepted", actor.pk)]


def test_a_member_outside_the_launchers_subtree_writes_no_takeaway(actor, gc_a, cell_b1, make_member):
    from documents import services as ds

    document = ds.document_register_incoming(actor=actor, organization=gc_a, kind="NQ", symbol="9-NQ/TW",
                                             issued_on=TODAY, sender="Ban Chấp hành Trung ương", received_on=TODAY,
                                             title="Nghị quyết Trung ương")
    campaign = services.campaign_launch(actor=actor, document=document, mode="thorough", sessions_by=TODAY,
                                        takeaways_by=TODAY)
    outsider = make_member(cell_b1)
    with pytest.raises(ValidationError):
        services.takeaway_submit(actor=actor, campaign=campaign, member=outsider, text="Thu hoạch")
    assert not Takeaway.objects.exists()


def test_a_takeaway_counts_at_the_session_above_the_members_cell(campaign, actor, user_khoi, member_dangvien,
                                                                  gc_a, gc_b):
    takeaway = services.takeaway_submit(actor=actor, campaign=campaign, member=member_dangvien, text="Thu hoạch")
    services.takeaway_accept(actor=actor, takeaway=takeaway)
    rows = {s.organization_id: f for s, f in selectors.session_rows(user_khoi, campaign)}
    assert (rows[gc_a.pk].submitted, rows[gc_a.pk].accepted) == (1, 1)
    assert (rows[gc_b.pk].submitted, rows[gc_b.pk].accepted) == (0, 0)


def test_the_launch_page_reads_back_two_years_from_a_29_february(user_coso):
    """Two years before 29/02/2028 is 28/02/2026 (date.replace raised ValueError)."""
    documents = selectors.launch_documents(user_coso, today=datetime.date(2028, 2, 29))
    assert "2026-02-28" in str(documents.query)


def test_at_the_cells_level_each_cell_holds_its_session(actor, resolution, cell_a1, cell_a2, cell_b1, cell_b2, gcell,
                                                         member_dangvien, client_for, user_chibo, make_org, gc_b):
    group = make_org("party_group", gcell, name="Tổ đảng số 1")  # a grassroots cell's party group: no cell
    sub = make_org("sub_committee", gc_b, name="Đảng bộ bộ phận Khối phòng")  # its cell holds its members
    sub_cell = make_org("cell", sub, name="Chi bộ Phòng Hành chính")
    campaign = services.campaign_launch(actor=actor, document=resolution, mode="briefing", level="cells",
                                        sessions_by=TODAY, takeaways_by=TODAY, launched_on=TODAY)
    # the cells of both grassroots committees (a sub-committee's too), and the grassroots cell, its party group not
    held_by = {s.organization_id for s in campaign.sessions.all()}
    assert held_by == {cell_a1.pk, cell_a2.pk, cell_b1.pk, cell_b2.pk, sub_cell.pk, gcell.pk}
    assert group.pk not in held_by and sub.pk not in held_by
    session = _session(campaign, cell_a1)
    assert [m.pk for m in selectors.session_roster(session)] == [member_dangvien.pk]
    # the cell's secretary records it
    client = client_for(user_chibo)
    response = client.post(f"/studies/sessions/{session.pk}/", {
        "held_on": TODAY.strftime("%d/%m/%Y"), "place": "Phòng họp", "reporter": "Bí thư chi bộ",
        f"presence_{member_dangvien.pk}": "present", f"reason_{member_dangvien.pk}": ""})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == StudySession.Status.HELD
    assert client.get(f"/studies/sessions/{_session(campaign, cell_b1).pk}/").status_code == 404
