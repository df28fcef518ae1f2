"""Action programmes (issue 18): an organisation of the campaign adopts its programme, adds tasks owned by an
organisation of its subtree or a person, brings them forward with evidence, and reports (interim, then final, which
concludes it); the campaign rolls the tasks up to the launcher, each user seeing only their organisations'; the home
page names programmes not adopted, tasks overdue and final reports due."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.testing.pages import doc
from studies import selectors, services
from studies.models import ActionProgramme, ImplementationReport, ProgrammeTask

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
SIGNER = {"signer_position": "Bí thư", "signer_name": "Nguyễn Văn Ký"}


def dmy(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def programme(actor, campaign, gc_a):
    return services.programme_adopt(actor=actor, campaign=campaign, organization=gc_a,
                                    title="Chương trình hành động thực hiện Nghị quyết", adopted_on=TODAY)


def test_a_programme_is_adopted_once_by_an_organisation_of_the_campaign(actor, campaign, programme, gc_a, bloc,
                                                                        cell_a1):
    assert programme.history.get().history_user == actor
    with pytest.raises(ValidationError) as refused:
        services.programme_adopt(actor=actor, campaign=campaign, organization=gc_a, title="Lần hai",
                                 adopted_on=TODAY)
    assert "organization" in refused.value.message_dict
    # the launcher adopts its own
    services.programme_adopt(actor=actor, campaign=campaign, organization=bloc, title="Kế hoạch của Đảng ủy Khối",
                             adopted_on=TODAY)
    with pytest.raises(ValidationError) as refused:  # a cell holds no session in this campaign
        services.programme_adopt(actor=actor, campaign=campaign, organization=cell_a1, title="Kế hoạch",
                                 adopted_on=TODAY)
    assert "organization" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.programme_adopt(actor=actor, campaign=campaign, organization=bloc, title="x",
                                 adopted_on=TODAY + datetime.timedelta(days=1))
    assert ActionProgramme.objects.count() == 2


def test_tasks_are_owned_within_the_subtree_and_done_with_evidence(actor, programme, cell_a1, cell_b1):
    task = services.task_add(actor=actor, programme=programme, title="Tổ chức tọa đàm", owner_organization=cell_a1,
                             deadline=TODAY + datetime.timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        services.task_add(actor=actor, programme=programme, title="Ngoài phạm vi", owner_organization=cell_b1,
                          deadline=TODAY)
    assert "owner_organization" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.task_add(actor=actor, programme=programme, title="Không ai phụ trách", deadline=TODAY)
    assert "owner_organization" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.task_update(actor=actor, task=task, status="done", done_on=TODAY)
    assert "evidence" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.task_update(actor=actor, task=task, status="dropped")
    assert "evidence" in refused.value.message_dict
    task.refresh_from_db()
    assert task.status == ProgrammeTask.Status.OPEN
    services.task_update(actor=actor, task=task, status="done", done_on=TODAY, evidence="Đã tổ chức ngày 01/12")
    task.refresh_from_db()
    assert (task.status, task.done_on) == ("done", TODAY)
    assert task.history.first().history_change_reason
    assert task.history.count() == 2


def test_the_final_report_keeps_the_figures_and_concludes_the_programme(actor, programme):
    late = services.task_add(actor=actor, programme=programme, title="Việc 1", owner_name="Đồng chí Phó Bí thư",
                             deadline=TODAY)
    ProgrammeTask.objects.filter(pk=late.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    done = services.task_add(actor=actor, programme=programme, title="Việc 2", owner_name="Văn phòng",
                             deadline=TODAY + datetime.timedelta(days=5))
    services.task_update(actor=actor, task=done, status="done", done_on=TODAY, evidence="Xong")
    interim = services.report_submit(actor=actor, programme=programme, kind="interim", reported_on=TODAY,
                                     text="Sơ kết: đã hoàn thành một việc.", **SIGNER)
    assert (interim.tasks_total, interim.tasks_done, interim.tasks_overdue) == (2, 1, 1)
    services.report_submit(actor=actor, programme=programme, kind="final", reported_on=TODAY, text="Tổng kết.",
                           **SIGNER)
    for attempt in (
        lambda: services.report_submit(actor=actor, programme=programme, kind="final", reported_on=TODAY, text="x",
                                       **SIGNER),
        lambda: services.task_add(actor=actor, programme=programme, title="Sau tổng kết", owner_name="A",
                                  deadline=TODAY),
        lambda: services.task_update(actor=actor, task=late, status="done", done_on=TODAY, evidence="muộn"),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert ImplementationReport.objects.filter(programme=programme).count() == 2



def test_a_concluded_programme_sends_its_forms_back_to_its_page(client_for, user_coso, actor, programme):
    task = services.task_add(actor=actor, programme=programme, title="Việc", owner_name="Bí thư", deadline=TODAY)
    services.report_submit(actor=actor, programme=programme, kind="final", reported_on=TODAY, text="Tổng kết.",
                           **SIGNER)
    client = client_for(user_coso)
    for url in (f"/studies/programmes/{programme.pk}/tasks/new/", f"/studies/programmes/{programme.pk}/report/",
                f"/studies/tasks/{task.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"/studies/programmes/{programme.pk}/", url
    page = doc(client.get(f"/studies/programmes/{programme.pk}/"))
    assert not page.xpath('//a[@id="programme-add-task"]') and not page.xpath(f'//a[@href="/studies/tasks/{task.pk}/"]')


def test_the_roll_up_counts_what_each_user_sees(actor, campaign, programme, gc_b, cell_a1, user_khoi, user_coso,
                                                make_user):
    services.task_add(actor=actor, programme=programme, title="Việc A", owner_organization=cell_a1,
                      deadline=TODAY + datetime.timedelta(days=3))
    other = services.programme_adopt(actor=actor, campaign=campaign, organization=gc_b, title="Chương trình B",
                                     adopted_on=TODAY)
    task = services.task_add(actor=actor, programme=other, title="Việc B", owner_name="Bí thư", deadline=TODAY)
    services.task_update(actor=actor, task=task, status="done", done_on=TODAY, evidence="Xong")
    bloc_view = selectors.campaign_figures(user_khoi, [campaign.pk])[campaign.pk]
    assert (bloc_view.programmes, bloc_view.tasks, bloc_view.done) == (2, 2, 1)
    side_a = selectors.campaign_figures(user_coso, [campaign.pk])[campaign.pk]
    assert (side_a.programmes, side_a.tasks, side_a.done, side_a.sessions) == (1, 1, 0, 1)


def test_the_grassroots_committee_adopts_its_plan_and_the_bloc_sees_progress(client_for, user_coso, user_khoi,
                                                                             campaign, cell_a1, cell_a2):
    client = client_for(user_coso)
    page = doc(client.get(f"/studies/campaigns/{campaign.pk}/"))
    assert page.xpath('//a[@id="study-adopt"]')
    form = doc(client.get(f"/studies/campaigns/{campaign.pk}/programme/"))
    gc_a_id = form.xpath('//select[@name="organization"]/option[@value!=""]/@value')
    assert len(gc_a_id) == 1  # its own grassroots organisation, never the Bloc's or gc_b's
    response = client.post(f"/studies/campaigns/{campaign.pk}/programme/", {
        "organization": gc_a_id[0], "title": "Chương trình hành động", "adopted_on": dmy(TODAY), "document": ""})
    programme = ActionProgramme.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/studies/programmes/{programme.pk}/"
    for title, cell in (("Tổ chức hội nghị chuyên đề", cell_a1), ("Rà soát kế hoạch công tác", cell_a2)):
        response = client.post(f"/studies/programmes/{programme.pk}/tasks/new/", {
            "title": title, "owner_organization": cell.pk, "owner_name": "",
            "deadline": dmy(TODAY + datetime.timedelta(days=20))})
        assert response.status_code == 302
    # a task without an owner is refused on its field, what was typed kept
    response = client.post(f"/studies/programmes/{programme.pk}/tasks/new/", {
        "title": "Việc chưa giao", "owner_organization": "", "owner_name": "", "deadline": dmy(TODAY)})
    assert response.status_code == 200
    refused = doc(response)
    assert refused.xpath('//select[@name="owner_organization"][contains(@class, "is-invalid")]')
    assert [t.strip() for t in refused.xpath('//textarea[@name="title"]/text()')] == ["Việc chưa giao"]
    first = programme.tasks.order_by("id").first()
    response = client.post(f"/studies/tasks/{first.pk}/", {
        "status": "done", "done_on": dmy(TODAY), "evidence": "Đã tổ chức, 35 đảng viên dự", "evidence_document": "",
        "deadline": dmy(first.deadline), "revision": first.revision})
    assert response.status_code == 302
    bloc = doc(client_for(user_khoi).get(f"/studies/campaigns/{campaign.pk}/"))
    assert bloc.xpath('//div[@id="study-totals"]/@data-tasks') == ["1/2"]
    assert bloc.xpath(f'//a[@data-programme-row="{programme.pk}"]')
    detail = doc(client_for(user_khoi).get(f"/studies/programmes/{programme.pk}/"))
    assert detail.xpath('//div[@id="programme-figures"]/@data-done') == ["1/2"]
    report = client.post(f"/studies/programmes/{programme.pk}/report/", {
        "kind": "interim", "reported_on": dmy(TODAY), "text": "Sơ kết 6 tháng.", **SIGNER})
    assert report.status_code == 302
    report = ImplementationReport.objects.get()
    assert report.tasks_done == 1
    # registered in gc_a's register as its outgoing report, the tasks written under the text
    assert report.document.organization_id == programme.organization_id and report.document.kind == "BC"
    assert report.document.title.startswith("Sơ kết thực hiện")
    assert "1/2 nhiệm vụ hoàn thành" in report.document.body and "Tổ chức hội nghị chuyên đề" in report.document.body
    page = doc(client.get(f"/studies/programmes/{programme.pk}/"))
    assert page.xpath(f'//a[@href="/documents/{report.document.pk}/docx/"]')


def test_another_subtree_finds_nothing_of_a_programme(client_for, make_user, actor, programme, gc_b):
    stranger = make_user("can_bo_b", role="grassroots_staff", organization=gc_b)
    task = services.task_add(actor=actor, programme=programme, title="Việc A", owner_name="Bí thư", deadline=TODAY)
    client = client_for(stranger)
    for url in (f"/studies/programmes/{programme.pk}/", f"/studies/programmes/{programme.pk}/tasks/new/",
                f"/studies/programmes/{programme.pk}/report/", f"/studies/tasks/{task.pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/studies/tasks/{task.pk}/", {"status": "dropped", "evidence": "x"}).status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_the_home_page_names_what_is_due(client_for, actor, user_coso, campaign, programme, cell_a1):
    task = services.task_add(actor=actor, programme=programme, title="Việc trễ", owner_organization=cell_a1,
                             deadline=TODAY)
    ProgrammeTask.objects.filter(pk=task.pk).update(deadline=TODAY - datetime.timedelta(days=2))
    type(campaign).objects.filter(pk=campaign.pk).update(programmes_by=TODAY - datetime.timedelta(days=1),
                                                         report_by=TODAY + datetime.timedelta(days=3))
    found = selectors.todo(user_coso)
    assert (found["tasks_overdue"], found["reports_due"], found["programmes_missing"]) == (1, 1, 0)
    page = doc(client_for(user_coso).get("/"))
    assert page.xpath('//*[@data-study-tasks="1"]') and page.xpath('//*[@data-study-reports="1"]')
    services.report_submit(actor=actor, programme=programme, kind="final", reported_on=TODAY, text="Tổng kết",
                           **SIGNER)
    assert selectors.todo(user_coso)["reports_due"] == 0


def test_a_cell_follows_the_programme_it_carries_out(actor, campaign, programme, gc_b, cell_a1, user_admin,
                                                     user_chibo, user_khoi):
    other = services.programme_adopt(actor=actor, campaign=campaign, organization=gc_b, title="Chương trình B",
                                     adopted_on=TODAY)  # no task yet
    assert set(selectors.programmes_of(user_admin, campaign)) == {programme, other}
    assert set(selectors.programmes_of(user_khoi, campaign)) == {programme, other}
    assert not selectors.programmes_of(user_chibo, campaign).exists()
    services.task_add(actor=actor, programme=programme, title="Việc của chi bộ", owner_organization=cell_a1,
                      deadline=TODAY)
    assert list(selectors.programmes_of(user_chibo, campaign)) == [programme]
    assert selectors.campaign_figures(user_chibo, [campaign.pk])[campaign.pk].tasks == 1


def test_at_the_cells_level_the_grassroots_committee_adopts_its_plan_too(actor, resolution, gc_a, cell_a1, cell_b1):
    campaign = services.campaign_launch(actor=actor, document=resolution, mode="thorough", level="cells",
                                        sessions_by=TODAY, takeaways_by=TODAY, launched_on=TODAY)
    for organization in (gc_a, cell_a1):
        services.programme_adopt(actor=actor, campaign=campaign, organization=organization, title="Kế hoạch",
                                 adopted_on=TODAY)
    assert set(campaign.programmes.values_list("organization_id", flat=True)) == {gc_a.pk, cell_a1.pk}


def test_a_reader_without_a_session_is_not_shown_zero_sessions(client_for, user_chibo, user_coso, campaign):
    # chibo's cell holds no session in a grassroots-level study: its lists say nothing of sessions, coso's count one
    chibo = doc(client_for(user_chibo).get("/studies/"))
    assert chibo.xpath(f'//a[@data-campaign="{campaign.pk}"]') and not chibo.xpath("//span[@data-held]")
    assert doc(client_for(user_coso).get("/studies/")).xpath('//span[@data-held="0/1"]')
