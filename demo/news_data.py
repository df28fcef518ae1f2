"""The demo's news site (app `news`): the founding article (../shared/seed/, Thời sự, 14/05/2018) with its photo's
caption, a handful of related articles in the other sections, reader comments in every state (each decision taken
through the services, so the moderation log has them), a section of coso's grassroots committee with one published
article and one waiting in the moderation workflow. Who writes where follows the roles (news.editors): khoi (the
Bloc's standing committee) writes every section and, in Wagtail's Moderators group, approves and publishes; coso is
also its committee's news site editor and writes its section only. Idempotent: nothing is done when the founding
article exists."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import Role, RoleAssignment
from core.history import stamp
from core.scope import forget_scope
from news import services
from news.models import ArticlePage, SectionPage

FOUNDING_SLUG = "trao-doi-ve-mo-hinh-to-chuc-bo-may-va-nghiep-vu-cong-tac-xay-dung-dang"
FOUNDING_TITLE = "Trao đổi về mô hình, tổ chức bộ máy và nghiệp vụ công tác xây dựng Đảng"
FOUNDING_LEAD = (
    "Sáng 14/5/2018, Đoàn công tác của Đảng ủy Khối Các cơ quan trung ương do đồng chí Lê Mạnh Hùng, Phó Bí thư "
    "Thường trực Đảng ủy khối làm Trưởng đoàn đã có buổi trao đổi, làm việc với Ban Thường vụ Đảng ủy Khối Các cơ quan "
    "tỉnh về mô hình, tổ chức bộ máy và nghiệp vụ công tác xây dựng Đảng."
)
FOUNDING_CAPTION = ("Đồng chí Trần Văn Vinh, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh phát biểu tại buổi làm "
                    "việc. Ảnh: Dương Hà")
FOUNDING_BEFORE_IMAGE = [
    "Dự buổi làm việc với đoàn có các đồng chí: Trần Văn Vinh, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh.",
]
FOUNDING_AFTER_IMAGE = [
    "Đảng bộ Khối các cơ quan tỉnh hiện có 55 chi, Đảng bộ cơ sở với gần 4.000 đảng viên; 287 chi bộ trực thuộc Đảng "
    "bộ cơ sở; cấp ủy cơ sở có 428 đồng chí. Trong những năm qua, cùng với triển khai tốt công tác giáo dục chính trị tư "
    "tưởng tới cán bộ, đảng viên, công chức, viên chức, công tác tổ chức xây dựng Đảng luôn được Đảng bộ Khối Các cơ "
    "quan tỉnh chú trọng gắn với thực hiện hiệu quả Nghị quyết T.Ư 4 (khóa XII) về xây dựng, chỉnh đốn Đảng và Đề án 01 "
    "của BTV Tỉnh ủy về sắp xếp tổ chức bộ máy, tinh giản biên chế và nâng cao chất lượng đội ngũ cán bộ, công chức, "
    "viên chức các cơ quan, đơn vị tỉnh Vĩnh Phúc giai đoạn 2016 – 2021.",
    "Nhằm nâng cao chất lượng sinh hoạt chi bộ, năm 2017, Ban Thường vụ Đảng ủy Khối Các cơ quan tỉnh đã ban hành nghị "
    "quyết chuyên đề, thống nhất trong toàn Đảng bộ về hình thức, quy trình sinh hoạt và tổ chức mô hình điểm sinh hoạt "
    "chuyên đề ở 5 cụm; thành lập 3 tổ công tác dự sinh hoạt chi bộ do các đồng chí Phó Bí thư Đảng ủy khối làm tổ "
    "trưởng.",
    "Từ năm 2017 đến nay, đã có 74 lượt cán bộ trực tiếp dự sinh hoạt chi bộ tại cơ sở. Hàng năm, Ban Thường vụ Đảng "
    "ủy Khối tiến hành 3 - 5 cuộc kiểm tra, giám sát theo hướng cụ thể hóa, kịp thời chỉ ra ưu điểm, nhận rõ những hạn "
    "chế, khuyết điểm để có giải pháp khắc phục, tổ chức thực hiện; kịp thời giải quyết, xử lý dứt điểm đơn thư, khiếu "
    "nại liên quan đến tổ chức Đảng và đảng viên.",
    "Tuy nhiên, công tác xây dựng Đảng tại Đảng bộ Khối Các cơ quan tỉnh còn một số khó khăn chủ yếu do công tác lãnh "
    "đạo nhiệm vụ chuyên môn, công tác cán bộ tại các sở, ban, ngành không thuộc thẩm quyền của Đảng ủy khối. Các đồng "
    "chí cấp ủy viên thuộc chi, Đảng bộ cơ sở 100% là kiêm nhiệm, công việc chuyên môn chi phối, thời gian dành cho "
    "công tác xây dựng Đảng không nhiều nên phần nào ảnh hưởng đến công tác xây dựng Đảng của cơ quan, đơn vị.",
    "Tại buổi làm việc, Đảng ủy Khối Các cơ quan tỉnh kiến nghị Trung ương cần sớm sửa đổi, bổ sung, quy định cụ thể về "
    "chức năng, nhiệm vụ, quyền hạn, mối quan hệ công tác của Đảng ủy Khối Các cơ quan tỉnh, thành phố trực thuộc trung "
    "ương; quy định rõ đối với những Đảng bộ cơ sở có 200 đảng viên trở lên có 1 biên chế chuyên trách Đảng trực thuộc "
    "khối Đảng; sửa đổi, bổ sung Quy định 97, 98 của Ban Bí thư T.Ư Đảng về chức năng, nhiệm vụ của Đảng bộ, chi bộ cơ "
    "sở trong các cơ quan, đơn vị sự nghiệp hành chính vì những quy định đó có từ năm 2004 đến nay có nhiều điểm đã "
    "không còn phù hợp...",
    "Phát biểu tại buổi làm việc, đồng chí Trần Văn Vinh, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh nhấn mạnh "
    "vai trò, tầm quan trọng của Đảng ủy Khối Các cơ quan tỉnh trong việc chỉ đạo, triển khai thực hiện các chỉ thị, "
    "nghị quyết của Đảng, đặc biệt là Nghị quyết T.Ư 4, khóa XII về xây dựng, chỉnh đốn Đảng.",
    "Đồng chí đề nghị Đảng ủy Khối Các cơ quan tỉnh tiếp tục lãnh đạo, chỉ đạo các tổ chức, cơ sở Đảng trực thuộc triển "
    "khai thực hiện tốt Chương trình hành động của tỉnh thực hiện Nghị quyết 18, Nghị quyết 19 của trung ương về sắp xếp "
    "tổ chức bộ máy của hệ thống chính trị tỉnh và nâng cao chất lượng, hiệu quả hoạt động của đơn vị sự nghiệp công "
    "lập. Đồng thời, mong muốn Đảng ủy Khối Các cơ quan trung ương tiếp tục quan tâm, tạo điều kiện giúp đỡ để Đảng ủy "
    "Khối Các cơ quan tỉnh Vĩnh Phúc hoàn thành tốt các nhiệm vụ được giao.",
    "Sau khi nghe Ban Thường vụ Đảng ủy Khối Các cơ quan tỉnh làm rõ một số nội dung Đoàn công tác quan tâm liên quan "
    "đến việc triển khai thực hiện Nghị quyết T.Ư 4 gắn với Chỉ thị 05 của Bộ Chính trị; công tác bố trí cán bộ chuyên "
    "trách, cơ cấu các đồng chí Ủy viên Ủy ban Kiểm tra và chế độ hỗ trợ cán bộ không chuyên trách ở cơ sở; mối quan hệ "
    "giữa Đảng ủy khối với các Đảng bộ huyện, thành phố trong quá trình sắp xếp, chuyển giao tổ chức cơ sở Đảng; công "
    "tác kiểm tra tổ chức Đảng khi có dấu hiệu vi phạm; những giải pháp để nâng cao chất lượng công tác kiểm tra, giám "
    "sát… đồng chí Lê Mạnh Hùng, Phó Bí thư Thường trực Đảng ủy Khối Các cơ quan trung ương ghi nhận, đánh giá cao kết "
    "quả đạt được của Đảng ủy Khối Các cơ quan tỉnh Vĩnh Phúc trong công tác xây dựng Đảng thời gian qua; giao Đoàn "
    "công tác tiếp thu, tổng hợp những ý kiến, kiến nghị của Đảng ủy Khối Các cơ quan tỉnh để kịp thời phản ánh tới "
    "Ban Thường vụ Đảng ủy Khối Các cơ quan trung ương.",
]

# (section, slug, title, date, lead, author): the Bloc's work the founding article names, as the site reports it.
RELATED = [
    ("xay-dung-dang", "sinh-hoat-chuyen-de-diem-o-5-cum", "Sinh hoạt chi bộ chuyên đề điểm ở 5 cụm",
     datetime.date(2018, 4, 20),
     "Ban Thường vụ Đảng ủy Khối tổ chức mô hình điểm sinh hoạt chi bộ chuyên đề ở 5 cụm, thống nhất hình thức và quy "
     "trình sinh hoạt trong toàn Đảng bộ.", "Ban Tổ chức Đảng ủy Khối"),
    ("xay-dung-dang", "74-luot-can-bo-du-sinh-hoat-chi-bo", "74 lượt cán bộ dự sinh hoạt chi bộ tại cơ sở",
     datetime.date(2018, 5, 2),
     "Từ năm 2017, 3 tổ công tác do các đồng chí Phó Bí thư Đảng ủy khối làm tổ trưởng đã có 74 lượt dự sinh hoạt chi "
     "bộ tại cơ sở.", "Văn phòng Đảng ủy Khối"),
    ("kiem-tra-giam-sat", "ket-qua-kiem-tra-giam-sat-nam-2017", "Kết quả kiểm tra, giám sát năm 2017",
     datetime.date(2018, 1, 15),
     "Năm 2017, Ban Thường vụ Đảng ủy Khối tiến hành các cuộc kiểm tra, giám sát, chỉ rõ ưu điểm, hạn chế và theo dõi "
     "việc khắc phục.", "Ủy ban Kiểm tra Đảng ủy Khối"),
    ("guong-dien-hinh", "chi-bo-tieu-bieu-trong-hoc-tap-va-lam-theo-bac", "Chi bộ tiêu biểu trong học tập và làm theo Bác",
     datetime.date(2018, 5, 10),
     "Một chi bộ trực thuộc được biểu dương vì nền nếp sinh hoạt và vai trò tiên phong của đảng viên.", "Thúy Hường"),
    ("van-ban", "trien-khai-nghi-quyet-18-19", "Triển khai Nghị quyết 18, Nghị quyết 19 của Trung ương",
     datetime.date(2018, 3, 5),
     "Đảng ủy Khối ban hành chương trình hành động thực hiện Nghị quyết 18, 19 về sắp xếp tổ chức bộ máy.",
     "Văn phòng Đảng ủy Khối"),
]
# The section of coso's grassroots committee (its title ends with the committee's name), written by coso.
GRASSROOTS_SLUG = "tin-co-so"
GRASSROOTS_TITLE = "Tin cơ sở – {name}"
GRASSROOTS_NOTE = "Biên tập tin của Đảng bộ cơ sở trên trang tin"
GRASSROOTS_PUBLISHED = ("sinh-hoat-chuyen-de-quy-i-2018", "Sinh hoạt chuyên đề quý I năm 2018",
                        datetime.date(2018, 4, 5), "Các chi bộ trực thuộc sinh hoạt chuyên đề về nâng cao chất lượng "
                        "sinh hoạt chi bộ theo hướng dẫn của Đảng ủy Khối.", "Văn phòng Đảng ủy cơ sở")
# Submitted by the editor, waiting for the moderators' approval (Wagtail's workflow): not on the public site.
PENDING = ("hoi-nghi-so-ket-cong-tac-xay-dung-dang-6-thang", "Hội nghị sơ kết công tác xây dựng Đảng 6 tháng",
           datetime.date(2018, 7, 10), "Đảng ủy cơ sở sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2018.",
           "Thúy Hường")


def _paragraphs(texts) -> list:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _photo(title: str):
    """A plain placeholder picture for the article's photo (the original is not part of the seed)."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images.models import Image

    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PILImage.new("RGB", (960, 540), (200, 190, 180))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, 920, 500), outline=(163, 21, 21), width=6)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    image = Image(title=title)
    image.file.save("anh-minh-hoa-14-05-2018.png", ImageFile(buffer, name="anh-minh-hoa-14-05-2018.png"), save=False)
    image.save()
    return image


def _article(section: SectionPage, *, slug, title, date, lead, author, body, source="", user=None, publish=True):
    page = section.add_child(instance=ArticlePage(title=title, slug=slug, date=date, lead=lead, author=author,
                                                  source=source, body=body, live=False, owner=user))
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


def _news_editor(coso):
    """coso's grassroots committee, whose news site editor coso also is (a second role assignment, from the day the
    first started); None without coso or its committee."""
    if coso is None:
        return None
    staff = (RoleAssignment.objects.filter(user=coso, role=Role.COMMITTEE_STAFF)
             .select_related("organization__kind").order_by("pk").first())
    if staff is None or staff.organization is None or staff.organization.kind.tier not in ("superior", "grassroots"):
        return None  # a section belongs to a committee (SectionPage.organization), not to a cell below one
    if not RoleAssignment.objects.filter(user=coso, role=Role.NEWS_EDITOR, organization=staff.organization).exists():
        assignment = RoleAssignment(user=coso, role=Role.NEWS_EDITOR, organization=staff.organization,
                                    started_on=staff.started_on, note=GRASSROOTS_NOTE)
        assignment.full_clean()
        stamp(assignment, actor=get_user_model().objects.filter(username="admin").first(),
              reason="Nhập dữ liệu mẫu")
        assignment.save()
    return staff.organization


def load_news(*, khoi=None, coso=None) -> dict:
    """The demo's news site; {} when it is there already."""
    if ArticlePage.objects.filter(slug=FOUNDING_SLUG).exists():
        return {}
    User = get_user_model()
    khoi = khoi or User.objects.filter(username="khoi").first()
    coso = coso or User.objects.filter(username="coso").first()
    if khoi is not None:
        khoi.groups.add(*Group.objects.filter(name="Moderators"))
    committee = _news_editor(coso)
    home = services.site_ensure()
    sections = {s.slug: s for s in SectionPage.objects.child_of(home)}
    photo = _photo("Buổi làm việc ngày 14/05/2018 (ảnh minh họa)")
    body = [*_paragraphs(FOUNDING_BEFORE_IMAGE), ("image", {"image": photo, "caption": FOUNDING_CAPTION}),
            *_paragraphs(FOUNDING_AFTER_IMAGE)]
    related = [_article(sections[s], slug=slug, title=title, date=day, lead=lead, author=author,
                        body=_paragraphs([lead]), user=khoi) for s, slug, title, day, lead, author in RELATED]
    founding = sections["thoi-su"].add_child(instance=ArticlePage(
        title=FOUNDING_TITLE, slug=FOUNDING_SLUG, date=datetime.date(2018, 5, 14), lead=FOUNDING_LEAD,
        author="Thúy Hường", body=body, live=False, owner=khoi))
    founding.related.set(related[:3])
    founding.save_revision(user=khoi).publish(user=khoi)
    founding.refresh_from_db()
    articles = len(related) + 1
    if committee is not None:
        section = home.add_child(instance=SectionPage(
            title=GRASSROOTS_TITLE.format(name=committee.name)[:255], slug=GRASSROOTS_SLUG, organization=committee,
            intro=f"Tin hoạt động của {committee.name}."))
        slug, title, day, lead, author = GRASSROOTS_PUBLISHED
        published = _article(section, slug=slug, title=title, date=day, lead=lead, author=author,
                             body=_paragraphs([lead]), user=coso, publish=False)
        published.get_latest_revision().publish(user=khoi)  # written by coso, published by the moderator
        slug, title, day, lead, author = PENDING
        pending = _article(section, slug=slug, title=title, date=day, lead=lead, author=author,
                           body=_paragraphs([lead]), user=coso, publish=False)
        workflow = pending.get_workflow()
        if workflow is not None:
            workflow.start(pending, coso)
        articles += 2
    for user in (khoi, coso):
        if user is not None:
            forget_scope(user)  # its roles may have been given after its scope was first read
    comments = _comments(founding, khoi)
    return {"articles": articles, "comments": comments}


def _comments(article: ArticlePage, moderator) -> int:
    rows = [
        ("Nguyễn Văn Hải", "hai.nv@example.vn", "Bài viết phản ánh đúng những khó khăn của cấp ủy cơ sở kiêm nhiệm. "
         "Mong kiến nghị về biên chế chuyên trách sớm được xem xét.", "approve", ""),
        ("Trần Thị Mai", "mai.tt@example.vn", "Mô hình sinh hoạt chuyên đề ở 5 cụm rất thiết thực, chi bộ chúng tôi đã "
         "học tập được nhiều.", "approve", "reply"),
        ("Lê Minh", "minh.le@example.vn", "Đề nghị đăng thêm tài liệu hướng dẫn quy trình sinh hoạt chi bộ.", "hold", ""),
        ("Người dùng ẩn danh", "an.danh@example.vn", "Nội dung công kích cá nhân, không liên quan đến bài viết.",
         "reject", ""),
        ("Khuyến mãi", "km@example.com", "Mua hàng giá rẻ tại www.example.com, www.example.net", "spam", ""),
    ]
    for i, (name, email, text, fate, reply) in enumerate(rows):
        comment = services.comment_send(article=article, name=name, email=email, text=text,
                                        ip=f"203.0.113.{10 + i}", user_agent="Mozilla/5.0 (demo)")
        if moderator is None or fate == "hold":
            continue
        if fate == "approve":
            services.comment_approve(comment=comment, actor=moderator)
        elif fate == "reject":
            services.comment_reject(comment=comment, actor=moderator,
                                    reason="Vi phạm nội quy: công kích cá nhân, không liên quan đến bài viết.")
        elif fate == "spam":
            services.comment_spam(comment=comment, actor=moderator)
        if reply:
            services.comment_reply(comment=comment, actor=moderator,
                                   reply="Ban biên tập cảm ơn đồng chí đã quan tâm theo dõi.")
    return len(rows)
