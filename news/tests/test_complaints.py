"""Readers' complaints about published content: sent without a login (a reference code back), refused without writing
(honeypot, rate limit, limits), seen with their e-mail, phone and address by moderators only, resolved (the article
unpublished or the comment rejected in the same step) or dismissed, every step kept with its time."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone

from core.testing.pages import doc
from news.models import Comment, CommentDecision, Complaint, ComplaintDecision

from .factories import comment, complaint

pytestmark = pytest.mark.django_db

EMAIL, PHONE, IP = "nguoi.phan.anh@example.vn", "0912 345 678", "192.0.2.77"
COMPLAINT_FORM = 12  # an anonymous reader's complaint form on an article (the logged-in count: cases.py)


def form(**extra) -> dict:
    return {"name": "Trần Thị Phản Ánh", "email": EMAIL, "phone": PHONE, "kind": "false",
            "text": "Số liệu trong bài không đúng với báo cáo của Tỉnh ủy.", "website": "", **extra}


@pytest.fixture
def article(news_site):
    return news_site[2][0]


@pytest.fixture
def moderator(user_khoi):
    """The standing committee's moderator, also in the CMS's Moderators group (may unpublish an article there)."""
    user_khoi.groups.add(Group.objects.get(name="Moderators"))
    return user_khoi


def test_the_article_and_the_footer_link_to_the_complaint_pages(client, article):
    page = doc(client.get(article.url))
    assert page.xpath('//a[@id="news-report"]/@href') == [f"{article.url}?phan-anh"]
    assert page.xpath('//a[@id="news-complaint-link"]/@href') == ["/tin-tuc/?phan-anh"]
    for url in (f"{article.url}?phan-anh", "/tin-tuc/?phan-anh"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert doc(response).xpath('//form[@id="news-complaint-form"]'), url


def test_an_anonymous_reader_sends_a_complaint_and_gets_a_code(client, article):
    response = client.post(f"{article.url}?phan-anh", form())
    assert response.status_code == 302
    saved = Complaint.objects.get()
    year = timezone.localdate().year
    assert saved.code == f"PA-{year}-0001"
    assert saved.status == Complaint.Status.RECEIVED and saved.article == article
    assert saved.article_title == article.title and saved.ip == "127.0.0.1" and saved.phone == PHONE
    received = client.get(response["Location"])
    assert received.status_code == 200
    assert doc(received).xpath('//*[@id="news-complaint-code"]/text()') == [saved.code]
    # the site at large: a second complaint, numbered after the first
    other = client.post("/tin-tuc/?phan-anh", form(kind="other", text="Một trang có ảnh cá nhân của tôi."))
    assert other.status_code == 302
    second = Complaint.objects.get(article=None)
    assert second.code == f"PA-{year}-0002" and second.article_title == ""
    assert doc(client.get(other["Location"])).xpath('//*[@id="news-complaint-code"]/text()') == [second.code]
    # nothing of the complaint reaches the public article
    public = client.get(article.url).content.decode()
    assert EMAIL not in public and PHONE not in public and "Số liệu trong bài" not in public


def test_a_code_not_signed_is_never_shown(client, article):
    response = client.get(f"{article.url}?phan-anh=PA-2026-0042")
    assert response.status_code == 200
    assert not doc(response).xpath('//*[@id="news-complaint-code"]')
    assert "PA-2026-0042" not in response.content.decode()


def test_a_complaint_about_a_shown_comment(client, article):
    shown = comment(article, "Người bình luận", status=Comment.Status.APPROVED, text="Lời lẽ xúc phạm")
    held = comment(article, "Chưa duyệt", text="Chưa hiện")
    page = client.get(f"{article.url}?phan-anh&binh-luan={shown.pk}")
    options = doc(page).xpath('//select[@name="comment"]/option[@value!=""]/@value')
    assert options == [str(shown.pk)]  # the held comment is not offered
    assert doc(page).xpath('//select[@name="comment"]/option[@selected]/@value') == [str(shown.pk)]
    assert doc(client.get(article.url)).xpath(f'//a[@data-report-comment="{shown.pk}"]')
    refused = client.post(f"{article.url}?phan-anh", form(kind="comment", comment=held.pk))
    assert refused.status_code == 400 and not Complaint.objects.exists()
    assert client.post(f"{article.url}?phan-anh", form(kind="comment", comment=shown.pk)).status_code == 302
    assert Complaint.objects.get().comment == shown


def test_the_honeypot_refuses_without_writing(client, article):
    response = client.post(f"{article.url}?phan-anh", form(website="http://spam.example"))
    assert response.status_code == 302  # told it was received, so it learns nothing
    assert not Complaint.objects.exists()
    assert doc(client.get(response["Location"])).xpath('//*[@id="news-complaint-received"]')


@override_settings(NEWS_COMMENT_RATE=2, NEWS_COMMENT_RATE_MINUTES=10)
def test_the_rate_limit_refuses_without_writing_and_keeps_what_was_typed(client, article):
    url = f"{article.url}?phan-anh"
    assert client.post(url, form()).status_code == 302
    assert client.post("/tin-tuc/?phan-anh", form()).status_code == 302
    refused = client.post(url, form())
    assert refused.status_code == 429
    page = doc(refused)
    assert page.xpath('//*[@id="news-complaint-refused"]')
    assert page.xpath('//input[@name="name"]/@value') == ["Trần Thị Phản Ánh"]
    assert page.xpath('//input[@name="phone"]/@value') == [PHONE]
    assert "Số liệu trong bài không đúng" in page.xpath('string(//textarea[@name="text"])')
    assert Complaint.objects.count() == 2
    assert client.post(url, form(), REMOTE_ADDR="198.51.100.8").status_code == 302  # another address
    assert Complaint.objects.count() == 3


@override_settings(NEWS_COMMENT_MAX_LINKS=1, NEWS_COMMENT_MAX_LENGTH=60)
@pytest.mark.parametrize("data", [
    {"text": "http://a.example http://b.example"},
    {"text": "x" * 61},
    {"text": "  "},
    {"email": "khong-phai-email"},
    {"kind": "bogus"},
    {"phone": "gọi tôi đi"},
    {"name": ""},
], ids=["links", "length", "empty", "email", "kind", "phone", "name"])
def test_bad_input_is_refused_on_its_field_without_writing(client, article, data):
    response = client.post(f"{article.url}?phan-anh", form(**data))
    assert response.status_code == 400
    assert doc(response).xpath('//div[contains(@class, "invalid-feedback")]')
    assert not Complaint.objects.exists()


def test_an_unpublished_article_takes_no_complaint(client, article, moderator):
    url = article.url
    article.unpublish(user=moderator)
    assert client.get(f"{url}?phan-anh").status_code == 404
    assert client.post(f"{url}?phan-anh", form()).status_code == 404
    assert not Complaint.objects.exists()


def test_only_moderators_see_the_e_mail_phone_and_address(client, client_for, user_khoi, user_coso, user_chibo,
                                                          user_dangvien, article):
    sent = complaint(article, "Người phản ánh riêng tư", email=EMAIL, phone=PHONE, ip=IP)
    for url in ("/news/complaints/", f"/news/complaints/{sent.pk}/"):
        body = client_for(user_khoi).get(url).content.decode()
        assert EMAIL in body and PHONE in body and IP in body, url
    for user in (user_coso, user_chibo, user_dangvien):
        assert client_for(user).get("/news/complaints/").status_code == 403
        assert client_for(user).get(f"/news/complaints/{sent.pk}/").status_code == 404
        assert client_for(user).post(f"/news/complaints/{sent.pk}/take/").status_code == 404
        assert client_for(user).post(f"/news/complaints/{sent.pk}/dismiss/", {"reason": "x"}).status_code == 404
    assert client.get("/news/complaints/").status_code == 302  # anonymous: to the login page
    sent.refresh_from_db()
    assert sent.status == Complaint.Status.RECEIVED and not ComplaintDecision.objects.exists()


def test_the_queue_puts_open_ones_first_oldest_first_and_marks_the_late(client_for, user_khoi, article):
    late = complaint(article, "Đã lâu")
    Complaint.objects.filter(pk=late.pk).update(created_at=timezone.now() - datetime.timedelta(hours=30))
    fresh = complaint(article, "Mới gửi")
    done = complaint(None, "Đã xong", status=Complaint.Status.RESOLVED, answer="Đã trả lời")
    later = complaint(None, "Xong sau", status=Complaint.Status.DISMISSED, answer="Không thuộc trang tin")
    moderator = client_for(user_khoi)
    page = doc(moderator.get("/news/complaints/"))
    rows = page.xpath('//div[@id="news-complaints"]/div[@data-complaint]')
    assert [r.get("data-complaint") for r in rows] == [str(late.pk), str(fresh.pk)]
    assert rows[0].xpath('.//*[@data-overdue]') and not rows[1].xpath('.//*[@data-overdue]')
    assert page.xpath('//*[@id="news-complaints-open"]/@data-open') == ["2"]
    assert page.xpath('//*[@id="news-complaints-overdue"]/@data-overdue') == ["1"]
    every = doc(moderator.get("/news/complaints/?status=all")).xpath('//div[@id="news-complaints"]/div[@data-complaint]')
    assert [r.get("data-complaint") for r in every] == [str(late.pk), str(fresh.pk), str(later.pk), str(done.pk)]
    assert moderator.get("/news/complaints/?status=bogus").status_code == 400


def test_resolving_with_unpublish_takes_the_article_off_the_site(client, client_for, moderator, article):
    sent = complaint(article, "Người phản ánh", kind=Complaint.Kind.UNLAWFUL)
    url = article.url
    staff = client_for(moderator)
    assert staff.post(f"/news/complaints/{sent.pk}/take/").status_code == 302
    sent.refresh_from_db()
    assert sent.status == Complaint.Status.HANDLING
    assert (sent.decided_by, sent.decided_at) == (None, None)  # taken on, not yet decided
    form_page = doc(staff.get(f"/news/complaints/{sent.pk}/resolve/"))
    assert form_page.xpath('//input[@name="unpublish"]') and not form_page.xpath('//input[@name="reject_comment"]')
    response = staff.post(f"/news/complaints/{sent.pk}/resolve/",
                          {"answer": "Bài viết đã được gỡ để thẩm định lại.", "unpublish": "on"})
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert "Bài viết số 1" not in client.get("/tin-tuc/thoi-su/").content.decode()
    article.refresh_from_db()
    sent.refresh_from_db()
    assert not article.live
    assert sent.status == Complaint.Status.RESOLVED and sent.answer == "Bài viết đã được gỡ để thẩm định lại."
    assert sent.decided_by == moderator and sent.decided_at is not None
    steps = list(ComplaintDecision.objects.filter(complaint=sent).values_list("action", "by", "at"))
    assert [s[0] for s in steps] == ["take", "unpublish", "resolve"]
    assert all(by == moderator.pk and at is not None for _a, by, at in steps)
    detail = staff.get(f"/news/complaints/{sent.pk}/").content.decode()
    assert detail.count("data-decision=") == 3
    # closed: no second decision
    again = staff.post(f"/news/complaints/{sent.pk}/dismiss/", {"reason": "Nhầm"})
    assert again.status_code == 302
    assert ComplaintDecision.objects.filter(complaint=sent).count() == 3


def test_a_moderator_without_the_cms_right_cannot_unpublish(client, client_for, user_khoi, article):
    sent = complaint(article, "Người phản ánh")
    staff = client_for(user_khoi)  # holds NEWS, but is in no CMS group
    assert not doc(staff.get(f"/news/complaints/{sent.pk}/resolve/")).xpath('//input[@name="unpublish"]')
    response = staff.post(f"/news/complaints/{sent.pk}/resolve/", {"answer": "Gỡ bài", "unpublish": "on"})
    assert response.status_code == 302  # the field is not on the form: resolved, the article left as it is
    assert client.get(article.url).status_code == 200
    assert list(ComplaintDecision.objects.values_list("action", flat=True)) == ["resolve"]


def test_resolving_with_the_comment_rejected_hides_it(client, client_for, moderator, article):
    shown = comment(article, "Người bình luận", status=Comment.Status.APPROVED, text="Lời lẽ xúc phạm người khác")
    sent = complaint(article, "Người phản ánh", kind=Complaint.Kind.COMMENT, comment=shown)
    assert "Lời lẽ xúc phạm người khác" in client.get(article.url).content.decode()
    response = client_for(moderator).post(f"/news/complaints/{sent.pk}/resolve/",
                                          {"answer": "Bình luận đã bị gỡ.", "reject_comment": "on"})
    assert response.status_code == 302
    assert "Lời lẽ xúc phạm người khác" not in client.get(article.url).content.decode()
    assert client.get(article.url).status_code == 200  # the article stays
    shown.refresh_from_db()
    assert shown.status == Comment.Status.REJECTED and sent.code in shown.reason
    assert shown.decided_by == moderator
    assert list(CommentDecision.objects.filter(comment=shown).values_list("action", flat=True)) == ["reject"]
    assert list(ComplaintDecision.objects.filter(complaint=sent).values_list("action", flat=True)) == \
        ["reject", "resolve"]


def test_resolve_and_dismiss_need_their_text_and_write_nothing_without_it(client_for, moderator, article):
    sent = complaint(article, "Người phản ánh")
    staff = client_for(moderator)
    assert staff.post(f"/news/complaints/{sent.pk}/resolve/", {"answer": " ", "unpublish": "on"}).status_code == 200
    assert staff.post(f"/news/complaints/{sent.pk}/dismiss/", {"reason": ""}).status_code == 200
    sent.refresh_from_db()
    article.refresh_from_db()
    assert sent.status == Complaint.Status.RECEIVED and article.live and not ComplaintDecision.objects.exists()


def test_dismissing_keeps_the_reason_with_its_time(client_for, user_khoi, article):
    sent = complaint(None, "Người phản ánh")
    response = client_for(user_khoi).post(f"/news/complaints/{sent.pk}/dismiss/",
                                          {"reason": "Nội dung phản ánh không thuộc trang tin."})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Complaint.Status.DISMISSED and sent.answer == "Nội dung phản ánh không thuộc trang tin."
    step = ComplaintDecision.objects.get()
    assert (step.action, step.by, step.note) == ("dismiss", user_khoi, sent.answer) and step.at is not None


def test_an_article_deleted_in_the_cms_leaves_its_complaints(client_for, user_khoi, article):
    sent = complaint(article, "Người phản ánh")
    title = article.title
    article.delete()
    sent.refresh_from_db()
    assert sent.article is None and sent.article_title == title
    response = client_for(user_khoi).get(f"/news/complaints/{sent.pk}/")
    assert response.status_code == 200 and title in response.content.decode()


def test_the_code_follows_the_year(article):
    from django.db import transaction

    from news import services

    with transaction.atomic():
        assert re.fullmatch(r"PA-2031-0001", services.complaint_code(year=2031))
        assert services.complaint_code(year=2031) == "PA-2031-0002"


@pytest.mark.parametrize("n", [1, 8])
def test_the_complaint_form_runs_a_fixed_number_of_queries(client, article, django_assert_max_num_queries, n):
    for i in range(n):
        comment(article, f"Bạn đọc {i}", status=Comment.Status.APPROVED)
    url = f"{article.url}?phan-anh"
    client.get(url)  # warm-up: content types and the site's root paths are cached per process
    with django_assert_max_num_queries(COMPLAINT_FORM):
        response = client.get(url)
    assert len(doc(response).xpath('//select[@name="comment"]/option[@value!=""]')) == n
