"""Articles drafted from the app's records (news.drafts): a working-group visit, a cluster pilot thematic meeting and
a congress each become an unpublished draft in their section, composed from the record's public facts only; the
button is for those who see the record and may write for the site; a second click opens the same article."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.testing.pages import doc
from news import drafts, services
from news.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
HELD_ON = datetime.date.today() - datetime.timedelta(days=10)
CONGRESS_ON = datetime.date.today() - datetime.timedelta(days=40)


# ---- a record full of personal data -----------------------------------------------------------------------------

# Each person's file: what only the app may hold. None of it may reach an article, except the elected secretary's
# name (a public office).
PRIVATE = {
    "present": dict(full_name="Nguyễn Thị Riêng", citizen_id="001190012345", date_of_birth=D(1990, 7, 23),
                    phone="0912345678", hometown="Số 7 ngõ 15 phố Kim Mã", email="rieng@example.vn",
                    card_number="TD990011"),
    "absent": dict(full_name="Trịnh Văn Vắng", citizen_id="001188054321", date_of_birth=D(1988, 2, 11),
                   phone="0987650001", hometown="Thôn Đông, xã Tây", card_number="TD990022"),
    "leader": dict(full_name="Hoàng Tổ Trưởng", citizen_id="001175011111", date_of_birth=D(1975, 3, 9),
                   phone="0901112233", hometown="Phường Cũ, thành phố Mới", card_number="TD990033"),
    "secretary": dict(full_name="Lê Thị Bí Thư", citizen_id="001180022222", date_of_birth=D(1980, 11, 30),
                      phone="0903334455", hometown="Xóm Chùa, xã Hạ", card_number="TD990044"),
    "committee": dict(full_name="Đỗ Văn Ủy Viên", citizen_id="001182033333", date_of_birth=D(1982, 5, 17),
                      phone="0905556677", hometown="Khu tập thể B2", card_number="TD990055"),
}
ABSENCE_REASON = "Nằm viện điều trị bệnh hiểm nghèo"
GUEST = ("Bùi Văn Khách", "Chuyên viên, số điện thoại 0977000111")
OBSERVATIONS = "Đồng chí Trịnh Văn Vắng chưa đóng đảng phí 6 tháng; có đơn tố cáo về kê khai tài sản"
RECOMMENDATIONS = "Đề nghị xem xét kỷ luật khiển trách đồng chí vi phạm"
RESOLUTION = "Thống nhất đề nghị thi hành kỷ luật cảnh cáo một đảng viên"
SELF_ASSESSMENT = "Chi bộ tự nhận xét còn nể nang trong phê bình"
MINUTES = "Đồng chí Nguyễn Thị Riêng phát biểu về hoàn cảnh gia đình khó khăn"


PRIVATE_NAMES: list[str] = []  # the cell's other members (the records fixture names them)


def dmy(day):
    return day.strftime("%d/%m/%Y")


def personal_strings() -> list[str]:
    found = [ABSENCE_REASON, *GUEST, OBSERVATIONS, RECOMMENDATIONS, RESOLUTION, SELF_ASSESSMENT, MINUTES,
             *PRIVATE_NAMES, "Tạ Văn Quang"]
    for key, data in PRIVATE.items():
        found += [data["citizen_id"], dmy(data["date_of_birth"]), data["date_of_birth"].isoformat(), data["phone"],
                  data["hometown"], data["card_number"]]
        if key != "secretary":
            found.append(data["full_name"])
        if "email" in data:
            found.append(data["email"])
    return found


@pytest.fixture
def records(world, actor, make_member, news_site):
    """In cell_a2 (side a, cluster "Cụm thi đua số Một"): a pilot thematic meeting held with one member present and
    one excused, a guest observer from cell_a1, minutes and a resolution; the Bloc's working group's visit to it,
    with its observations; the cell's congress with its secretary and a committee member."""
    from apparatus import services as apparatus
    from apparatus.models import Position
    from meetings import services as meetings
    from meetings.models import MeetingKind
    from organizations.models import Cluster
    from organizations.services import organization_update

    cell = world.cell_a2
    people = {key: make_member(cell, gender="female" if "Thị" in data["full_name"] else "male", **data)
              for key, data in PRIVATE.items()}
    others = [make_member(cell) for _ in range(4)]  # 10 full members: the cell elects a committee
    PRIVATE_NAMES[:] = [m.full_name for m in others]
    cluster = Cluster.objects.get_or_create(code="cum-a", defaults={"name": "Cụm thi đua số Một"})[0]
    organization_update(actor=actor, organization=world.gc_a, reason="Phân cụm thi đua", cluster=cluster)

    pilot = meetings.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.THEMATIC, planned_on=HELD_ON,
                                  topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                                  place="Hội trường tầng 3", is_pilot=True)
    meetings.meeting_add_guest(actor=actor, meeting=pilot, name=GUEST[0], role=GUEST[1], observer_from=world.cell_a1)
    from meetings.selectors import meeting_roster

    presences = {m.pk: ("present", "") for m in meeting_roster(pilot)}
    presences[people["absent"].pk] = ("excused", ABSENCE_REASON)
    meetings.meeting_take_attendance(actor=actor, meeting=pilot, presences=presences)
    pilot = meetings.meeting_record(actor=actor, meeting=pilot, held_on=HELD_ON, started_at=T(14, 0),
                                    ended_at=T(16, 30), chair=people["present"], minute_taker=people["present"],
                                    entries={1: MINUTES}, resolution=RESOLUTION, self_assessment=SELF_ASSESSMENT)

    group = meetings.working_group_create(actor=actor, organization=world.bloc, name="Tổ công tác số 1 của Đảng ủy Khối",
                                          leader=people["leader"], members=[people["committee"]],
                                          established_on=D(2020, 1, 1), require_deputy=False)
    visit = meetings.visit_plan(actor=actor, group=group, organization=cell, planned_on=HELD_ON, meeting=pilot)
    visit = meetings.visit_record(actor=actor, visit=visit, visited_on=HELD_ON,
                                  attendees=[people["leader"], people["committee"]], observations=OBSERVATIONS,
                                  assessment="weak", recommendations=RECOMMENDATIONS, meeting=pilot)

    term = apparatus.term_open(actor=actor, organization=cell, label="2025–2030", congress_on=CONGRESS_ON,
                               decision_number="25-QĐ/ĐUK")
    body = term.bodies.get()
    apparatus.seat_assign(actor=actor, body=body, member=people["secretary"], position=Position.SECRETARY,
                          started_on=body.started_on)
    apparatus.seat_assign(actor=actor, body=body, member=people["committee"], position=Position.COMMITTEE_MEMBER,
                          started_on=body.started_on)
    apparatus.seat_assign(actor=actor, body=body, member=people["present"], position=Position.COMMITTEE_MEMBER,
                          started_on=body.started_on)
    return {"visit": visit, "pilot": pilot, "congress": term, "people": people}


def _news_editor(user, organization):
    """A second role for `user`: the news site's editor of `organization` (as the demo gives coso)."""
    from accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.NEWS_EDITOR, organization=organization)
    return user


@pytest.fixture
def editor(user_coso, tree):
    """Committee staff of side a (the records it sees), also an editor of the Bloc's sections (where drafts go)."""
    return _news_editor(user_coso, tree.bloc)


def draft(kind, records, user):
    return services.article_draft_from_record(kind=kind, record=records[kind], actor=user)


def everything_of(article: ArticlePage) -> str:
    """All the article says and keeps: its fields and every revision's stored content."""
    article.refresh_from_db()
    parts = [article.title, article.slug, article.lead, json.dumps(article.body.get_prep_value(), ensure_ascii=False),
             article.author, article.source, article.seo_title, article.search_description]
    parts += [json.dumps(r.content, ensure_ascii=False) for r in article.revisions.all()]
    return "\n".join(parts)


# ---- the drafts ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind,section", [("visit", "xay-dung-dang"), ("pilot", "xay-dung-dang"),
                                          ("congress", "thoi-su")])
def test_each_kind_of_record_becomes_an_unpublished_draft_in_its_section(client, records, editor, kind, section):
    article, created = draft(kind, records, editor)
    article.refresh_from_db()
    assert created and not article.live and article.has_unpublished_changes
    assert article.get_parent().specific.slug == section and isinstance(article.get_parent().specific, SectionPage)
    assert (article.source_kind, article.source_id) == (kind, records[kind].pk)
    assert article.owner == editor
    revision = article.latest_revision
    assert revision is not None and revision.user == editor and article.revisions.count() == 1
    assert article.live_revision is None and article.first_published_at is None
    assert article.title and article.lead and article.body.raw_data
    assert article.current_workflow_state is None  # a draft, not submitted
    # Not on the public site: not served, not listed in its section nor on the home page.
    assert client.get(f"/tin-tuc/{section}/{article.slug}/").status_code == 404
    for url in (f"/tin-tuc/{section}/", "/tin-tuc/"):
        page = doc(client.get(url))
        assert not page.xpath(f'//article[@data-article="{article.slug}"]')


def test_the_drafts_say_what_the_records_publicly_are(world, records, editor):
    pilot, visit, term = records["pilot"], records["visit"], records["congress"]
    text = everything_of(draft("pilot", records, editor)[0])
    assert pilot.organization.name in text and pilot.topic in text and "Hội trường tầng 3" in text
    assert dmy(HELD_ON) in text and "Cụm thi đua số Một" in text and world.cell_a1.name in text  # the observers' cell
    assert f"có {pilot.attendance.filter(presence='present').count()} đảng viên" in text
    text = everything_of(draft("visit", records, editor)[0])
    assert visit.group.name in text and visit.organization.name in text and "gồm 2 đồng chí" in text
    text = everything_of(draft("congress", records, editor)[0])
    assert term.organization.name in text and term.label in text and dmy(CONGRESS_ON) in text
    assert "gồm 3 đồng chí" in text and PRIVATE["secretary"]["full_name"] in text and "25-QĐ/ĐUK" in text


@pytest.mark.parametrize("kind", ["visit", "pilot", "congress"])
def test_no_personal_data_reaches_the_draft(records, editor, kind):
    article, _created = draft(kind, records, editor)
    text = everything_of(article)
    leaked = [s for s in personal_strings() if s in text]
    assert not leaked, f"{kind}: {leaked}"


def test_a_second_request_gives_the_same_article_back(records, editor):
    first, created = draft("visit", records, editor)
    again, created_again = draft("visit", records, editor)
    assert created and not created_again and again.pk == first.pk
    first.save_revision().publish()  # published meanwhile (by a moderator): still the record's article
    third, created_third = draft("visit", records, editor)
    assert not created_third and third.pk == first.pk
    assert ArticlePage.objects.filter(source_kind="visit").count() == 1
    # A copy made in the CMS is not the record's article.
    copy = first.copy(update_attrs={"slug": "ban-sao", "title": "Bản sao"})
    assert copy.specific.source_kind == "" and copy.specific.source_id is None
    assert drafts.existing_article("visit", records["visit"].pk).pk == first.pk


def test_a_cancelled_pilot_has_nothing_to_report(world, actor, news_site, editor):
    from meetings import services as meetings
    from meetings.models import MeetingKind
    from organizations.models import Cluster
    from organizations.services import organization_update

    cluster = Cluster.objects.get_or_create(code="cum-a", defaults={"name": "Cụm thi đua số Một"})[0]
    organization_update(actor=actor, organization=world.gc_a, reason="Phân cụm thi đua", cluster=cluster)
    pilot = meetings.meeting_plan(actor=actor, organization=world.cell_a1, kind=MeetingKind.THEMATIC,
                                  planned_on=HELD_ON, topic="Chuyên đề bị hủy", is_pilot=True)
    meetings.meeting_cancel(actor=actor, meeting=pilot, reason="Trùng lịch")
    with pytest.raises(ValidationError):
        services.article_draft_from_record(kind="pilot", record=pilot, actor=editor)
    assert not ArticlePage.objects.filter(source_kind="pilot").exists()


# ---- who may ------------------------------------------------------------------------------------------------------

def test_refused_to_those_who_may_not_write_or_do_not_see_the_record(records, user_chibo, user_other, user_coso,
                                                                      tree):
    _news_editor(user_other, tree.gc_b)
    for user in (user_coso, user_chibo):  # sees side a (coso), or only its own cell, but writes nothing for the site
        with pytest.raises(PermissionDenied):
            draft("visit", records, user)
    with pytest.raises(PermissionDenied):  # an editor of side b does not see side a's records
        draft("congress", records, user_other)
    assert not ArticlePage.objects.filter(source_kind__in=["visit", "pilot", "congress"]).exists()
    assert not drafts.may_draft(user_coso) and drafts.may_draft(user_other)


def test_may_draft(user_admin, user_khoi, user_dangvien, django_user_model):
    boss = django_user_model.objects.create_superuser("sieu", password="x")
    moderator = django_user_model.objects.create_user("kiem_duyet", password="x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    assert drafts.may_draft(boss) and drafts.may_draft(moderator)
    assert drafts.may_draft(user_admin) and drafts.may_draft(user_khoi)  # the scope action NEWS
    assert not drafts.may_draft(user_dangvien)


# ---- the pages ----------------------------------------------------------------------------------------------------

def pages(records):
    return {"visit": reverse("meetings:visit", args=[records["visit"].pk]),
            "pilot": reverse("meetings:detail", args=[records["pilot"].pk]),
            "congress": reverse("apparatus:organization", args=[records["congress"].organization_id])}


@pytest.mark.parametrize("kind", ["visit", "pilot", "congress"])
def test_the_button_drafts_once_then_opens_the_draft(client_for, records, editor, kind):
    client = client_for(editor)
    page_url = pages(records)[kind]
    button = doc(client.get(page_url)).xpath(f'//div[@id="news-draft"][@data-source="{kind}"]')
    assert button and not button[0].get("data-article")
    action = button[0].xpath(".//form/@action")[0]
    assert action == reverse(f"news:draft-{kind}", args=[records[kind].pk])

    response = client.post(action)
    article = ArticlePage.objects.get(source_kind=kind, source_id=records[kind].pk)
    assert response.status_code == 302 and response["Location"] == f"/cms/pages/{article.pk}/edit/"
    assert client.get(response["Location"]).status_code == 200  # the editor goes on in the CMS
    assert not article.live

    again = client.post(action)  # a second click: the same article, nothing written
    assert again.status_code == 302 and again["Location"] == f"/cms/pages/{article.pk}/edit/"
    assert ArticlePage.objects.filter(source_kind=kind).count() == 1
    button = doc(client.get(page_url)).xpath('//div[@id="news-draft"]')
    assert button[0].get("data-article") == str(article.pk)
    assert button[0].xpath(f'.//a[@href="/cms/pages/{article.pk}/edit/"]')


def test_the_button_is_for_writers_only(client_for, records, user_coso, user_other, tree):
    client = client_for(user_coso)  # sees the records, does not write for the site
    for kind, url in pages(records).items():
        response = client.get(url)
        assert response.status_code == 200 and not doc(response).xpath('//div[@id="news-draft"]')
        assert client.post(reverse(f"news:draft-{kind}", args=[records[kind].pk])).status_code == 403
    _news_editor(user_other, tree.gc_b)
    client = client_for(user_other)  # writes, but for side b
    for kind in ("visit", "pilot", "congress"):
        assert client.post(reverse(f"news:draft-{kind}", args=[records[kind].pk])).status_code == 404
        assert client.get(reverse(f"news:draft-{kind}", args=[records[kind].pk])).status_code == 405
    assert not ArticlePage.objects.filter(source_kind__in=["visit", "pilot", "congress"]).exists()


def test_a_writer_outside_the_cms_is_sent_back_to_the_record(client_for, records, user_coso, tree):
    """coso edits only side a's own section, not the Bloc's where the draft goes: the draft is written, and coso
    goes back to the record's page, where the button now says the article is drafted."""
    _news_editor(user_coso, tree.gc_a)
    client = client_for(user_coso)
    response = client.post(reverse("news:draft-congress", args=[records["congress"].pk]))
    assert response.status_code == 302 and response["Location"] == pages(records)["congress"]
    article = ArticlePage.objects.get(source_kind="congress")
    button = doc(client.get(pages(records)["congress"])).xpath('//div[@id="news-draft"]')
    assert button[0].get("data-article") == str(article.pk) and not button[0].xpath(".//a")


def test_only_pilots_and_congresses_are_drafted(client_for, records, editor, world, actor):
    """A meeting that is no pilot, a term that was designated: not an address of the drafting pages, no button."""
    from apparatus import services as apparatus
    from apparatus.models import Term
    from meetings import services as meetings
    from meetings.models import MeetingKind

    client = client_for(editor)
    regular = meetings.meeting_plan(actor=actor, organization=world.cell_a2, kind=MeetingKind.REGULAR,
                                    planned_on=HELD_ON - datetime.timedelta(days=31))
    assert client.post(reverse("news:draft-pilot", args=[regular.pk])).status_code == 404
    assert not doc(client.get(regular.get_absolute_url())).xpath('//div[@id="news-draft"]')
    designated = apparatus.term_open(actor=actor, organization=world.cell_a1, label="2024–2029",
                                     kind=Term.Kind.DESIGNATED, started_on=D(2024, 6, 1), decision_number="9-QĐ/ĐU")
    assert client.post(reverse("news:draft-congress", args=[designated.pk])).status_code == 404
    assert not doc(client.get(pages({"congress": designated, "visit": records["visit"],
                                     "pilot": records["pilot"]})["congress"])).xpath('//div[@id="news-draft"]')
    assert not ArticlePage.objects.filter(source_kind__in=["pilot", "congress"]).exists()


# ---- what a draft leaves out ----------------------------------------------------------------------------------------

def _cluster_side_a(world, actor):
    from organizations.models import Cluster
    from organizations.services import organization_update

    cluster = Cluster.objects.get_or_create(code="cum-a", defaults={"name": "Cụm thi đua số Một"})[0]
    organization_update(actor=actor, organization=world.gc_a, reason="Phân cụm thi đua", cluster=cluster)


def test_an_extraordinary_meetings_topic_stays_out_of_the_draft(world, actor, news_site, editor, make_member):
    """Only a thematic meeting's topic is public: an extraordinary one's names a member's discipline."""
    from meetings import services as meetings
    from meetings.models import MeetingKind

    leader = make_member(world.cell_a2)
    topic = "Xem xét kỷ luật đồng chí Lò Văn Kín"
    meeting = meetings.meeting_plan(actor=actor, organization=world.cell_a1, kind=MeetingKind.EXTRAORDINARY,
                                    planned_on=HELD_ON, topic=topic)
    group = meetings.working_group_create(actor=actor, organization=world.bloc, name="Tổ công tác số 2",
                                          leader=leader, members=[], established_on=D(2020, 1, 1),
                                          require_deputy=False)
    visit = meetings.visit_plan(actor=actor, group=group, organization=world.cell_a1, planned_on=HELD_ON,
                                meeting=meeting)
    visit = meetings.visit_record(actor=actor, visit=visit, visited_on=HELD_ON, attendees=[leader],
                                  observations="", assessment="good", recommendations="", meeting=meeting)
    text = everything_of(services.article_draft_from_record(kind="visit", record=visit, actor=editor)[0])
    assert group.name in text and world.cell_a1.name in text
    assert "Lò Văn Kín" not in text and "kỷ luật" not in text
    assert "sẽ diễn ra" not in text  # the group was there: the meeting is not announced as still to come


def test_a_planned_visit_to_a_cancelled_meeting_has_nothing_to_report(world, actor, news_site, editor, make_member):
    from meetings import services as meetings
    from meetings.models import MeetingKind

    meeting = meetings.meeting_plan(actor=actor, organization=world.cell_a1, kind=MeetingKind.THEMATIC,
                                    planned_on=HELD_ON, topic="Chuyên đề")
    group = meetings.working_group_create(actor=actor, organization=world.bloc, name="Tổ công tác số 3",
                                          leader=make_member(world.cell_a2), members=[], established_on=D(2020, 1, 1),
                                          require_deputy=False)
    visit = meetings.visit_plan(actor=actor, group=group, organization=world.cell_a1, planned_on=HELD_ON,
                                meeting=meeting)
    meetings.meeting_cancel(actor=actor, meeting=meeting, reason="Trùng lịch")
    visit.refresh_from_db()
    with pytest.raises(ValidationError):
        services.article_draft_from_record(kind="visit", record=visit, actor=editor)
    assert not ArticlePage.objects.filter(source_kind="visit").exists()


def test_a_held_pilot_names_only_the_groups_that_came(records, world, actor, editor, make_member):
    from meetings import services as meetings

    absent = meetings.working_group_create(actor=actor, organization=world.bloc, name="Tổ công tác vắng mặt",
                                           leader=make_member(world.cell_a2), members=[],
                                           established_on=D(2020, 1, 1), require_deputy=False)
    meetings.visit_plan(actor=actor, group=absent, organization=world.cell_a2, planned_on=HELD_ON,
                        meeting=records["pilot"])
    text = everything_of(draft("pilot", records, editor)[0])
    assert records["visit"].group.name in text and absent.name not in text


def test_a_grassroots_editor_drafts_in_their_own_section(client_for, records, user_coso, tree):
    """coso edits side a's own section (not the Bloc's): the draft goes there, and coso continues in the CMS."""
    from news.models import NewsIndex

    home = NewsIndex.objects.get()
    own = home.add_child(instance=SectionPage(title="Tin cơ sở – Sở Tài chính", slug="so-tai-chinh",
                                              organization=tree.gc_a))
    _news_editor(user_coso, tree.gc_a)
    response = client_for(user_coso).post(reverse("news:draft-congress", args=[records["congress"].pk]))
    article = ArticlePage.objects.get(source_kind="congress")
    assert article.get_parent().pk == own.pk
    assert response.status_code == 302 and response["Location"] == f"/cms/pages/{article.pk}/edit/"
