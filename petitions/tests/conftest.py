"""Helpers for the petition tests, built through the real services.

    receive(org, **overrides)     petitions.services.petition_receive with a signed, named letter by default
    classify(petition, **)        petition_classify with the test actor (kind denunciation about cell_a1's member)
    settle(petition, user)        assign `user`, conclude (founded) — the shortest path to "concluded"
    chair_a                       a user whose member chairs gc_a's inspection committee (no role assignment)
    petitions_snapshot()          the petition tables and their history: equal before/after = nothing written
    inspections_snapshot()        the same for the inspection tables (inspections.tests.cases.snapshot)
    refused(call, field=...)      expect a ValidationError on `field` (None: non-field) and no write at all
"""

import datetime

import pytest

from core.testing.pages import assert_refused

D = datetime.date
TODAY = datetime.date.today()


def petitions_snapshot():
    from petitions.models import Access, Attachment, Handler, Petition

    return {
        "petitions": list(Petition.objects.order_by("pk").values_list(
            "pk", "number", "state", "kind", "not_handled_reason", "due_on", "concluded_on", "sender_name",
            "grounds", "forwarded_to", "outcome", "notified_on", "archived_on")),
        "handlers": list(Handler.objects.order_by("pk").values_list("pk", "user_id", "ended_on")),
        "attachments": Attachment.objects.count(),
        "accesses": Access.objects.count(),
        "history": (Petition.history.count(), Handler.history.count()),
    }


@pytest.fixture
def inspections_snapshot(db):
    from inspections.tests.cases import snapshot

    return snapshot


@pytest.fixture
def refused(db):
    return lambda call, *, field=None, contains=None: assert_refused(call, snapshot=petitions_snapshot, field=field,
                                                                     contains=contains, alone=True)


@pytest.fixture
def receive(actor):
    from petitions.services import petition_receive

    def _receive(organization, **overrides):
        data = dict(received_on=D(2025, 3, 3), channel="post", summary="Phản ánh đảng viên vi phạm",
                    content="Nội dung đơn.", sender_name="Nguyễn Văn Tố", sender_address="Số 5 phố Mê Linh, Vĩnh Yên",
                    sender_contact="0912 345 678")
        data.update(overrides)
        if data.get("anonymous"):
            data.update(sender_name="", sender_address="", sender_contact="")
        return petition_receive(actor=actor, organization=organization, **data)

    return _receive


@pytest.fixture
def classify(actor, cell_a1):
    from petitions.services import petition_classify

    def _classify(petition, **overrides):
        data = dict(kind="denunciation", classified_on=petition.received_on, subject_organization=cell_a1,
                    concerns="member")
        data.update(overrides)
        return petition_classify(actor=actor, petition=petition, **data)

    return _classify


@pytest.fixture
def settle(actor):
    from petitions import services

    def _settle(petition, user, *, on=None, outcome="founded"):
        on = on or petition.classified_on
        services.petition_assign(actor=actor, petition=petition, users=[user], assigned_on=on)
        return services.petition_conclude(actor=actor, petition=petition, outcome=outcome, conclusion="Kết luận.",
                                          concluded_on=on, verification="Đã xác minh.")

    return _settle


@pytest.fixture
def chair_a(make_user, make_member, actor, gc_a, cell_a1):
    """A member of cell_a1 who chairs gc_a's inspection committee; their account holds no role assignment."""
    from apparatus.models import Body, Position
    from apparatus.services import body_create, seat_assign, term_open
    from members.models import Member

    # another fixture may already have opened gc_a's term and its inspection committee
    term = (gc_a.terms.filter(ended_on__isnull=True).first()
            or term_open(actor=actor, organization=gc_a, label="2020–2025", congress_on=D(2020, 10, 1)))
    body = (term.bodies.filter(kind=Body.Kind.INSPECTION_COMMITTEE).first()
            or body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE))
    member = make_member(cell_a1, full_name="Ngô Thị Kiểm", gender="female")
    seat_assign(actor=actor, body=body, member=member, position=Position.INSPECTION_CHAIR, started_on=body.started_on)
    user = make_user("chu_nhiem_ubkt")
    Member.objects.filter(pk=member.pk).update(user=user)
    return user


SENDER = ("Nguyễn Văn Tố", "Số 5 phố Mê Linh, Vĩnh Yên", "0912 345 678", "Trần Thị Cùng Ký")


@pytest.fixture
def handled(receive, classify, actor, gc_a, user_coso):
    """A denunciation received by gc_a, with a scan attached, assigned to user_coso (the only handler)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from petitions import services

    petition = receive(gc_a, sender_name=SENDER[0], sender_address=SENDER[1], sender_contact=SENDER[2],
                       signatories=SENDER[3],
                       attachments=[SimpleUploadedFile("don-to-cao.pdf", b"%PDF-1.4 scan", "application/pdf")])
    petition = classify(petition)
    services.petition_assign(actor=actor, petition=petition, users=[user_coso], assigned_on=petition.classified_on)
    return petition
