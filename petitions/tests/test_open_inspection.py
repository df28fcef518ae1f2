"""An inspection on signs of violation opened from a denunciation (services.petition_open_inspection: the petition's
checks and link here, the case opened by inspections.services.case_open_on_signs_of_violation, in one
transaction)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from core.testing.pages import doc, text

pytestmark = pytest.mark.django_db
D = datetime.date
SENDER = "Nguyễn Văn Tố"


@pytest.fixture
def denunciation(actor, gc_a, cell_a1, user_coso):
    """A denunciation in gc_a's register about a member of cell_a1, assigned to user_coso (being verified)."""
    from petitions import services

    petition = services.petition_receive(
        actor=actor, organization=gc_a, received_on=D(2026, 5, 4), channel="post", summary="Tố cáo đảng viên",
        content="Nội dung đơn.", sender_name=SENDER, sender_address="Vĩnh Yên",
        subject_persons="Đồng chí Phạm Văn Kỷ", subject_organization=cell_a1)
    petition = services.petition_classify(actor=actor, petition=petition, kind="denunciation",
                                          classified_on=petition.received_on, subject_organization=cell_a1)
    services.petition_assign(actor=actor, petition=petition, users=[user_coso], assigned_on=petition.classified_on)
    return petition


@pytest.fixture(autouse=True)
def coso_sits_on_gc_a_committee(actor, gc_a, cell_a1, user_coso, make_member):
    """Committee staff no longer run case files by their role: `user_coso` opens inspections here as a member of
    gc_a's inspection committee (a seat), as the issue allows."""
    from apparatus.models import Body
    from apparatus.services import body_create, seat_assign, term_open

    term = term_open(actor=actor, organization=gc_a, label="2020–2025", congress_on=D(2020, 10, 1))
    body = body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE)
    member = make_member(cell_a1, full_name="Lê Thị Thường", gender="female")
    member.user = user_coso
    member.save()
    seat_assign(actor=actor, body=body, member=member, position="inspection_member", started_on=D(2020, 10, 1))


def open_case(actor, petition, **overrides):
    from petitions.services import petition_open_inspection

    data = dict(authority_kind="inspection_committee", planned_from=D(2026, 6, 1), planned_to=D(2026, 7, 31),
                reason="Có dấu hiệu vi phạm về quản lý tài chính")
    data.update(overrides)
    return petition_open_inspection(actor=actor, petition=petition, **data)


def snapshot(inspections_snapshot):
    from petitions.models import Petition

    return inspections_snapshot(), list(Petition.objects.order_by("pk").values()), Petition.history.count()


def test_the_case_is_created_in_the_authoritys_programme(denunciation, user_coso, gc_a, cell_a1, make_member):
    from inspections.models import Authority, CaseType, Programme

    member = make_member(cell_a1, full_name="Phạm Văn Kỷ", gender="male")
    case = open_case(user_coso, denunciation, subject_members=[member])
    programme = Programme.objects.get()
    assert programme.authority.organization == gc_a and programme.authority.kind == Authority.Kind.INSPECTION_COMMITTEE
    assert case.programme == programme and programme.year == 2026
    assert case.type == CaseType.SIGNS_OF_VIOLATION and case.state.is_initial
    assert list(case.subject_organizations.all()) == [cell_a1] and list(case.subject_members.all()) == [member]
    assert denunciation.register_number in case.title and "Đồng chí Phạm Văn Kỷ" in case.content
    assert SENDER not in case.content and SENDER not in case.title
    record = case.history.first()
    assert record.history_user == user_coso and "Có dấu hiệu vi phạm" in record.history_change_reason
    denunciation.refresh_from_db()
    assert denunciation.inspection_case == case
    assert denunciation.history.first().history_user == user_coso
    # a second denunciation the same year goes into the same programme
    assert Programme.objects.count() == 1


def test_an_existing_programme_is_used(denunciation, user_coso, actor, gc_a):
    from inspections.models import Authority
    from inspections.services import authority_ensure, programme_create

    authority = authority_ensure(actor=actor, organization=gc_a, kind=Authority.Kind.STANDING_COMMITTEE)
    programme = programme_create(actor=actor, authority=authority, year=2026, approved_on=D(2026, 1, 5))
    case = open_case(user_coso, denunciation, authority=authority, authority_kind="")
    assert case.programme == programme


@pytest.mark.parametrize("who, field", [("user_other", "authority_kind"), ("user_chibo", "authority_kind")])
def test_only_those_who_run_the_case_files_may_open(request, denunciation, inspections_snapshot, who, field):
    user = request.getfixturevalue(who)
    before = snapshot(inspections_snapshot)
    with override("en"), pytest.raises(ValidationError) as info:
        open_case(user, denunciation)
    assert list(info.value.error_dict) == [field]
    assert snapshot(inspections_snapshot) == before


def test_an_authority_of_another_organisation_is_refused(denunciation, user_khoi, actor, bloc, inspections_snapshot):
    from inspections.models import Authority
    from inspections.services import authority_ensure

    authority = authority_ensure(actor=actor, organization=bloc, kind=Authority.Kind.STANDING_COMMITTEE)
    before = snapshot(inspections_snapshot)
    with pytest.raises(ValidationError) as info:
        open_case(user_khoi, denunciation, authority=authority, authority_kind="")
    assert list(info.value.error_dict) == ["authority"]
    assert snapshot(inspections_snapshot) == before


def test_refusals_write_nothing(denunciation, user_coso, actor, gc_a, cell_a1, inspections_snapshot):
    from petitions import services

    before = snapshot(inspections_snapshot)
    for overrides, field in (({"reason": "  "}, "reason"), ({"planned_to": D(2026, 5, 1)}, "planned_to"),
                             ({"planned_from": D(2030, 6, 1), "planned_to": D(2030, 7, 1)}, "planned_from")):
        with pytest.raises(ValidationError) as info:
            open_case(user_coso, denunciation, **overrides)
        assert list(info.value.error_dict) == [field], overrides
        assert snapshot(inspections_snapshot) == before
    complaint = services.petition_receive(actor=actor, organization=gc_a, received_on=D(2026, 5, 4), channel="post",
                                          summary="Khiếu nại", content="Nội dung.", sender_name="Lê Văn Gửi")
    complaint = services.petition_classify(actor=actor, petition=complaint, kind="complaint",
                                           classified_on=complaint.received_on, subject_organization=cell_a1)
    before = snapshot(inspections_snapshot)
    with pytest.raises(ValidationError) as info:
        open_case(user_coso, complaint)
    assert not hasattr(info.value, "error_dict")
    assert snapshot(inspections_snapshot) == before


def test_not_before_verification_nor_twice(denunciation, user_coso, actor, gc_a, cell_a1, inspections_snapshot):
    from petitions import services

    accepted = services.petition_receive(actor=actor, organization=gc_a, received_on=D(2026, 5, 4), channel="post",
                                         summary="Tố cáo", content="Nội dung.", sender_name="Lê Văn Gửi")
    accepted = services.petition_classify(actor=actor, petition=accepted, kind="denunciation",
                                          classified_on=accepted.received_on, subject_organization=cell_a1)
    with pytest.raises(ValidationError):
        open_case(user_coso, accepted)
    open_case(user_coso, denunciation)
    before = snapshot(inspections_snapshot)
    with pytest.raises(ValidationError):
        open_case(user_coso, denunciation)
    assert snapshot(inspections_snapshot) == before


def test_concluded_denunciation_opens_too(denunciation, user_coso):
    from petitions import services

    services.petition_conclude(actor=user_coso, petition=denunciation, outcome="founded", conclusion="Có cơ sở.",
                               concluded_on=D(2026, 5, 20), verification="Đã xác minh.")
    assert open_case(user_coso, denunciation).pk


def test_case_page_shows_the_petition_number_never_the_sender(denunciation, user_coso, user_other, client_for):
    case = open_case(user_coso, denunciation)
    response = client_for(user_coso).get(f"/inspections/cases/{case.pk}/")
    assert response.status_code == 200
    tree = doc(response)
    assert tree.xpath('//*[@id="origin-petitions"]/div/@data-number') == [denunciation.register_number]
    assert tree.xpath('//*[@id="origin-petitions"]//a/@href') == [f"/petitions/{denunciation.pk}/"]
    assert SENDER not in text(response)  # user_coso is the handler: sees the sender in petitions, not here
    assert client_for(user_other).get(f"/inspections/cases/{case.pk}/").status_code == 404


def test_a_decision_without_a_case_opens_for_the_whole_tree(actor, user_khoi, user_coso, user_other, gc_a, cell_a1,
                                                           make_member, client_for):
    """Regression: `Q() | x` is `x`, so the whole-tree scope once narrowed to decisions that have a case."""
    from inspections.models import Authority
    from inspections.selectors import decision_qs
    from inspections.services import authority_ensure, discipline_issue

    authority = authority_ensure(actor=actor, organization=gc_a, kind=Authority.Kind.STANDING_COMMITTEE)
    decision = discipline_issue(actor=actor, authority=authority, member=make_member(cell_a1), form="reprimand",
                                reason="Vi phạm", decided_on=D(2026, 3, 2))
    assert list(decision_qs(user_khoi)) == [decision] and list(decision_qs(user_coso)) == [decision]
    assert list(decision_qs(user_other)) == []
    assert client_for(user_khoi).get(f"/inspections/decisions/{decision.pk}/").status_code == 200
    assert doc(client_for(user_khoi).get(f"/inspections/decisions/{decision.pk}/")).xpath('//ul[@id="complaints"]')


def test_committee_staff_without_a_seat_may_not_open_one(denunciation, actor, gc_a, make_user, inspections_snapshot):
    """The role alone (committee staff) no longer runs case files: refused on the field, nothing written."""
    from accounts.models import Role
    from petitions import services

    staff = make_user("can_bo_van_phong", Role.COMMITTEE_STAFF, gc_a)
    services.petition_assign(actor=actor, petition=denunciation, users=[staff], assigned_on=denunciation.classified_on)
    before = snapshot(inspections_snapshot)
    with override("en"), pytest.raises(ValidationError) as info:
        open_case(staff, denunciation)
    assert "do not run the inspection case files" in info.value.message_dict["authority_kind"][0]
    assert snapshot(inspections_snapshot) == before
