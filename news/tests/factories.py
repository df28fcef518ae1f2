"""The news site for tests: the home page, the sections, published articles, comments and complaints in every state."""

import datetime

from django.db import transaction

from news import services
from news.models import ArticlePage, Comment, Complaint, SectionPage


def body(*paragraphs: str) -> list:
    return [("paragraph", f"<p>{p}</p>") for p in paragraphs]


def article(section: SectionPage, title: str, day: datetime.date, *, slug: str, publish: bool = True,
            lead: str = "", user=None) -> ArticlePage:
    page = section.add_child(instance=ArticlePage(title=title, slug=slug, date=day, lead=lead or title,
                                                  body=body(f"Nội dung {title}."), author="Ban Tuyên giáo",
                                                  live=False))
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


def site(n_articles: int = 3):
    home = services.site_ensure()
    sections = {s.slug: s for s in SectionPage.objects.child_of(home)}
    articles = [article(sections["thoi-su"], f"Bài viết số {i}", datetime.date(2018, 5, 10 + i), slug=f"bai-{i}")
                for i in range(1, n_articles + 1)]
    return home, sections, articles


def comment(page: ArticlePage, name: str, *, status: str = Comment.Status.HELD, ip: str = "203.0.113.9",
            email: str = "ban.doc@example.vn", text: str = "Bài viết rất bổ ích.") -> Comment:
    return Comment.objects.create(article=page, article_title=page.title, name=name, email=email, text=text, ip=ip,
                                  status=status)


def complaint(page: ArticlePage | None, name: str, *, status: str = Complaint.Status.RECEIVED,
              kind: str = Complaint.Kind.FALSE, comment: Comment | None = None, ip: str = "203.0.113.9",
              email: str = "phan.anh@example.vn", phone: str = "", text: str = "Bài viết có thông tin sai.",
              **extra) -> Complaint:
    with transaction.atomic():
        return Complaint.objects.create(code=services.complaint_code(), article=page,
                                        article_title=page.title if page else "", comment=comment, name=name,
                                        email=email, phone=phone, kind=kind, text=text, ip=ip, status=status, **extra)
