"""The Bloc's meeting process: a new version drafted from the latest, edited, published with its decision and
the day it takes effect; published versions never change and meetings keep theirs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.testing.pages import doc, field_classes, form_errors, form_values
from meetings import selectors, services
from meetings.models import MeetingKind, ProcessStep, ProcessTemplate, StepCode

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _steps(template):
    return list(template.steps.order_by("order").values_list("code", "title"))


def _snapshot():
    return (list(ProcessTemplate.objects.order_by("pk").values()), list(ProcessStep.objects.order_by("pk").values()),
            ProcessTemplate.history.count())


@pytest.fixture
def v1():
    return ProcessTemplate.objects.get(kind=MeetingKind.REGULAR, version=1)


def _publishable(user, v1, **overrides):
    draft = services.process_draft(actor=user, kind=MeetingKind.REGULAR)
    steps = [{"code": c, "title": t} for c, t in _steps(draft)]
    return draft, steps


def test_a_draft_copies_the_latest_version_and_is_reused(user_khoi, v1):
    draft = services.process_draft(actor=user_khoi, kind=MeetingKind.REGULAR)
    assert (draft.version, draft.is_published) == (2, False)
    assert _steps(draft) == _steps(v1) and len(_steps(v1)) >= 10
    assert services.process_draft(actor=user_khoi, kind=MeetingKind.REGULAR) == draft
    entry = draft.history.first()
    assert entry.history_user == user_khoi and entry.history_change_reason


def test_only_the_issuing_committee_may_change_the_process(user_coso, user_chibo, user_dangvien, user_khoi, v1):
    for user in (user_coso, user_chibo, user_dangvien):
        assert not selectors.can_publish_process(user)
        with pytest.raises(PermissionDenied):
            services.process_draft(actor=user, kind=MeetingKind.REGULAR)
    assert selectors.can_publish_process(user_khoi)
    draft = services.process_draft(actor=user_khoi, kind=MeetingKind.REGULAR)
    with pytest.raises(PermissionDenied):
        services.process_publish(actor=user_coso, template=draft, published_on=TODAY, decision_number="1-QĐ/ĐUK")


def test_editing_a_draft_reorders_adds_and_drops_steps(user_khoi, v1):
    draft, steps = _publishable(user_khoi, v1)
    steps = [s for s in steps if s["code"] != StepCode.DUES]
    steps.insert(1, {"code": StepCode.OTHER, "title": "Đọc Điều lệ Đảng", "guidance": "5 phút", "required": False})
    services.process_update_draft(actor=user_khoi, template=draft, title="Quy trình sinh hoạt chi bộ (sửa đổi)",
                                   steps=steps, reason="Góp ý của các đảng bộ")
    draft.refresh_from_db()
    assert draft.title == "Quy trình sinh hoạt chi bộ (sửa đổi)"
    rows = list(draft.steps.order_by("order").values_list("order", "code", "required"))
    assert rows[1] == (2, "other", False) and [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert "dues" not in {r[1] for r in rows}
    assert _steps(v1) != _steps(draft)  # the published version is untouched


def test_a_bad_draft_is_refused_on_the_steps_and_nothing_changes(user_khoi, v1):
    draft, steps = _publishable(user_khoi, v1)
    before = _snapshot()
    for bad in ([], [{"code": "nonsense", "title": "X"}], [{"code": "news", "title": "  "}]):
        with pytest.raises(ValidationError) as refused:
            services.process_update_draft(actor=user_khoi, template=draft, title="T", steps=bad)
        assert "steps" in refused.value.message_dict
    assert _snapshot() == before


def test_publishing_needs_a_decision_a_later_date_and_the_mandatory_steps(user_khoi, v1):
    draft, steps = _publishable(user_khoi, v1)
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.process_publish(actor=user_khoi, template=draft, published_on=v1.published_on, decision_number=" ")
    assert set(refused.value.message_dict) == {"published_on", "decision_number"}
    assert "18/01/2018" in refused.value.message_dict["published_on"][0]
    with pytest.raises(ValidationError) as refused:  # after v1, but in the past: meetings held keep their version
        services.process_publish(actor=user_khoi, template=draft, published_on=TODAY - datetime.timedelta(days=1),
                                  decision_number="5-QĐ/ĐUK")
    assert list(refused.value.message_dict) == ["published_on"]
    services.process_update_draft(actor=user_khoi, template=draft, title="T",
                                   steps=[s for s in steps if s["code"] != StepCode.MINUTES])
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.process_publish(actor=user_khoi, template=draft, published_on=TODAY, decision_number="5-QĐ/ĐUK")
    assert "Thông qua biên bản" in refused.value.messages[0] or "Minutes" in refused.value.messages[0]
    assert _snapshot() == before


def test_a_published_version_is_frozen(user_khoi, v1):
    draft, steps = _publishable(user_khoi, v1)
    services.process_publish(actor=user_khoi, template=draft, published_on=TODAY, decision_number="5-QĐ/ĐUK")
    for call in (lambda: services.process_update_draft(actor=user_khoi, template=draft, title="X", steps=steps),
                 lambda: services.process_publish(actor=user_khoi, template=draft, published_on=TODAY,
                                                   decision_number="6"),
                 lambda: services.process_discard(actor=user_khoi, template=draft)):
        with pytest.raises(ValidationError):
            call()
    assert services.process_draft(actor=user_khoi, kind=MeetingKind.REGULAR).version == 3


def test_meetings_follow_the_version_in_force_on_their_day(user_khoi, actor, v1, tree):
    old = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                planned_on=TODAY + datetime.timedelta(days=3))
    draft, steps = _publishable(user_khoi, v1)
    takes_effect = (TODAY.replace(day=1) + datetime.timedelta(days=70)).replace(day=1)
    services.process_publish(actor=user_khoi, template=draft, published_on=takes_effect, decision_number="5-QĐ/ĐUK")
    before = services.meeting_plan(actor=actor, organization=tree.cell_a2, kind=MeetingKind.REGULAR,
                                   planned_on=takes_effect - datetime.timedelta(days=1))
    after = services.meeting_plan(actor=actor, organization=tree.cell_a2, kind=MeetingKind.REGULAR,
                                  planned_on=takes_effect)
    assert (old.template, before.template, after.template) == (v1, v1, draft)
    old.refresh_from_db()
    assert old.template == v1


def test_a_draft_can_be_discarded(user_khoi, v1):
    draft, _steps_ = _publishable(user_khoi, v1)
    services.process_discard(actor=user_khoi, template=draft)
    assert not ProcessTemplate.objects.filter(pk=draft.pk).exists()
    assert services.process_draft(actor=user_khoi, kind=MeetingKind.REGULAR).version == 2


# ---- pages ----------------------------------------------------------------------------------------------------

def test_the_list_shows_each_kind_and_which_version_is_in_force(client_for, user_khoi, user_chibo, v1):
    services.process_draft(actor=user_khoi, kind=MeetingKind.THEMATIC)
    page = doc(client_for(user_khoi).get(reverse("meetings:processes")))
    assert page.xpath('//*[@id="kind-regular"]//tr[@data-state="current"]')
    assert page.xpath('//*[@id="kind-thematic"]//tr[@data-state="draft"]')
    assert page.xpath('//*[@id="new-regular"]')
    chibo = doc(client_for(user_chibo).get(reverse("meetings:processes")))
    assert chibo.xpath('//*[@id="kind-regular"]//tr[@data-state="current"]') and not chibo.xpath('//*[@id="new-regular"]')


def test_a_draft_is_hidden_from_those_who_cannot_publish(client_for, user_khoi, user_chibo, v1):
    draft = services.process_draft(actor=user_khoi, kind=MeetingKind.REGULAR)
    chibo = client_for(user_chibo)
    assert chibo.get(reverse("meetings:process_detail", args=[draft.pk])).status_code == 404
    assert chibo.get(reverse("meetings:process_detail", args=[v1.pk])).status_code == 200
    for name in ("process_edit",):
        assert chibo.get(reverse(f"meetings:{name}", args=[draft.pk])).status_code == 403
    for name in ("process_publish", "process_discard"):
        assert chibo.post(reverse(f"meetings:{name}", args=[draft.pk])).status_code == 403
    assert chibo.post(reverse("meetings:process_new"), {"kind": "regular"}).status_code == 403
    assert ProcessTemplate.objects.filter(pk=draft.pk, published_on__isnull=True).exists()


def test_khoi_drafts_edits_and_publishes_through_the_pages(client_for, user_khoi, v1):
    client = client_for(user_khoi)
    response = client.post(reverse("meetings:process_new"), {"kind": "regular"})
    draft = ProcessTemplate.objects.get(kind="regular", version=2)
    assert response["Location"] == reverse("meetings:process_edit", args=[draft.pk])
    edit = client.get(response["Location"])
    values = form_values(edit)
    values["title"] = "Quy trình sinh hoạt chi bộ 2027"
    values["steps-0-DELETE"] = "on"  # drop the first step
    values["steps-" + str(int(values["steps-TOTAL_FORMS"]) - 1) + "-code"] = "other"
    values["steps-" + str(int(values["steps-TOTAL_FORMS"]) - 1) + "-title"] = "Sinh hoạt tư tưởng"
    values["steps-" + str(int(values["steps-TOTAL_FORMS"]) - 1) + "-order"] = "1"
    saved = client.post(edit.wsgi_request.path, values)
    assert saved.status_code == 302, form_errors(client.post(edit.wsgi_request.path, values))
    draft.refresh_from_db()
    assert draft.title == "Quy trình sinh hoạt chi bộ 2027"
    assert _steps(draft)[0] == ("other", "Sinh hoạt tư tưởng") and len(_steps(draft)) == len(_steps(v1))
    # publishing on the same day as v1 is refused on the date field, with what was typed kept
    url = reverse("meetings:process_publish", args=[draft.pk])
    refused = client.post(url, {"published_on": "18/01/2018", "decision_number": "12-QĐ/ĐUK"})
    assert refused.status_code == 200 and "is-invalid" in field_classes(refused, "published_on")
    assert 'value="12-QĐ/ĐUK"' in refused.content.decode()
    published = client.post(url, {"published_on": TODAY.strftime("%d/%m/%Y"), "decision_number": "12-QĐ/ĐUK"})
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.published_on == TODAY and draft.decision_number == "12-QĐ/ĐUK"
    detail = doc(client.get(reverse("meetings:process_detail", args=[draft.pk])))
    assert detail.xpath('//*[@id="process-state"]')[0].text_content().strip() and not detail.xpath('//*[@id="edit-draft"]')


def test_an_edit_with_a_blank_title_keeps_what_was_typed(client_for, user_khoi, v1):
    client = client_for(user_khoi)
    draft = services.process_draft(actor=user_khoi, kind=MeetingKind.REGULAR)
    url = reverse("meetings:process_edit", args=[draft.pk])
    values = form_values(client.get(url))
    values["title"] = "Bản mới"
    values["steps-1-title"] = ""
    response = client.post(url, values)
    assert response.status_code == 200
    assert "is-invalid" in field_classes(response, "steps-1-title") or form_errors(response)
    assert 'value="Bản mới"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == v1.title
