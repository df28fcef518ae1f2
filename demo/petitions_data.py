"""Demo petitions: a few dozen letters a year since 2017 in the Bloc's register and in the demo grassroots
committee's, of every kind, with anonymous, multi-signed, unsigned, vague, repeated and out-of-jurisdiction ones
(kept, not handled, with their reason); most settled on time, a few late, and exactly two overdue now (one in each
register, so both the Bloc's and the committee's to-do show one). Deadlines, eligibility and jurisdiction are
computed with the same rule data and holiday calendar the services use.

Volume: a few hundred petitions and their handlers, bulk-inserted with one history row each
(bulk_create_with_history). Every draw comes from its own `random.Random(f"dangbo-demo-petitions-{seed}")`, so the
rest of the demo is unchanged.

The inspection committee chair of the Bloc gets the demo account `ubkt`: the one person besides the handlers who
sees senders, and the one who reads who opened each petition.
"""

import datetime
import random
from collections import Counter

from apparatus.models import Body, Position, Seat
from core.dates import add_working_days, holidays_from
from members.models import Member
from organizations.models import Organization, OrganizationKind
from petitions.jurisdiction import competent_organization_id, organization_tree
from petitions.models import Handler, Petition
from rules.selectors import RuleBook

from . import catalogue as cat

D = datetime.date
START_YEAR = 2017

SUMMARIES = {
    "denunciation": [
        ("Tố cáo đảng viên vi phạm quy định về những điều đảng viên không được làm",
         "Người viết đơn tố cáo đồng chí {person} có biểu hiện lợi dụng chức vụ để trục lợi trong công tác."),
        ("Tố cáo đảng viên kê khai tài sản, thu nhập không trung thực",
         "Đơn nêu đồng chí {person} kê khai tài sản không đầy đủ, có dấu hiệu không trung thực."),
        ("Tố cáo tổ chức đảng vi phạm nguyên tắc tập trung dân chủ",
         "Đơn phản ánh cấp ủy quyết định một số việc quan trọng không đưa ra tập thể bàn bạc."),
        ("Tố cáo đảng viên vi phạm đạo đức, lối sống",
         "Đơn tố cáo đồng chí {person} có lối sống không lành mạnh, ảnh hưởng uy tín của cơ quan."),
    ],
    "complaint": [
        ("Khiếu nại kết quả đánh giá, xếp loại chất lượng đảng viên",
         "Đồng chí {person} khiếu nại việc chi bộ xếp loại không hoàn thành nhiệm vụ."),
        ("Khiếu nại việc xem xét kết nạp đảng",
         "Người gửi khiếu nại việc chi bộ chưa xem xét hồ sơ đề nghị kết nạp đảng của quần chúng ưu tú."),
    ],
    "complaint_discipline": [
        ("Khiếu nại quyết định kỷ luật khiển trách",
         "Đồng chí {person} khiếu nại quyết định kỷ luật bằng hình thức khiển trách, cho rằng chưa đúng mức."),
        ("Khiếu nại quyết định kỷ luật cảnh cáo",
         "Đồng chí {person} khiếu nại quyết định kỷ luật cảnh cáo, đề nghị xem xét lại."),
    ],
    "feedback": [
        ("Kiến nghị về việc nâng cao chất lượng sinh hoạt chi bộ",
         "Kiến nghị cấp ủy đổi mới nội dung sinh hoạt chi bộ, tăng sinh hoạt chuyên đề."),
        ("Phản ánh việc chậm chuyển sinh hoạt đảng",
         "Phản ánh việc giới thiệu sinh hoạt đảng của đảng viên chậm so với thời hạn."),
        ("Kiến nghị về chế độ hỗ trợ cán bộ kiêm nhiệm công tác đảng",
         "Kiến nghị xem xét mức hỗ trợ đối với cấp ủy viên kiêm nhiệm ở cơ sở."),
    ],
}
KIND_WEIGHTS = [("denunciation", 35), ("complaint", 18), ("complaint_discipline", 12), ("feedback", 35)]
STREETS = ["Mê Linh", "Kim Ngọc", "Nguyễn Tất Thành", "Lam Sơn", "Chiền", "Trần Phú", "Hai Bà Trưng", "Lý Bôn"]


class PetitionsBuilder:
    def __init__(self, *, seed: int, today: D, admin, khoi, coso_user, coso_org: int | None, change_reason: str,
                 batch_size: int = 2000):
        self.rng = random.Random(f"dangbo-demo-petitions-{seed}")
        self.today, self.admin, self.khoi, self.coso_user = today, admin, khoi, coso_user
        self.coso_org, self.change_reason, self.batch_size = coso_org, change_reason, batch_size
        self.counts: Counter = Counter()

    # -- reference data --------------------------------------------------------------------------------------
    def _load(self):

        self.book = RuleBook()
        self.holidays = holidays_from(D.min)  # the days off and the substituted working days, one query
        self.tree = organization_tree()
        orgs = list(Organization.objects.filter(status=Organization.Status.ACTIVE).select_related("kind")
                    .order_by("pk").values("pk", "name", "parent_id", "kind__tier", "kind__holds_members"))
        self.names = {o["pk"]: o["name"] for o in orgs}
        roots = [o for o in orgs if o["parent_id"] is None]
        self.root = roots[0]["pk"] if roots else None
        self.grassroots = [o["pk"] for o in orgs if o["kind__tier"] == OrganizationKind.Tier.GRASSROOTS]
        cells = [o for o in orgs if o["kind__tier"] == OrganizationKind.Tier.BELOW_GRASSROOTS
                 and o["kind__holds_members"]]
        self.cells_by_grassroots: dict[int, list[int]] = {}
        for c in cells:
            top = c["parent_id"]
            while top is not None and self.tree[top][1] != OrganizationKind.Tier.GRASSROOTS:
                top = self.tree[top][0]
            if top is not None:
                self.cells_by_grassroots.setdefault(top, []).append(c["pk"])
        self.committees = [g for g in self.grassroots if self.cells_by_grassroots.get(g)]

    # -- drawing ---------------------------------------------------------------------------------------------
    def _person(self) -> str:
        rng = self.rng
        family = rng.choices([n for n, _ in cat.FAMILY_NAMES], [w for _, w in cat.FAMILY_NAMES])[0]
        if rng.random() < 0.5:
            middle = rng.choices([n for n, _ in cat.MALE_MIDDLE], [w for _, w in cat.MALE_MIDDLE])[0]
            given = rng.choice(cat.MALE_GIVEN)
        else:
            middle = rng.choices([n for n, _ in cat.FEMALE_MIDDLE], [w for _, w in cat.FEMALE_MIDDLE])[0]
            given = rng.choice(cat.FEMALE_GIVEN)
        return f"{family} {middle} {given}"

    def _address(self) -> str:
        rng = self.rng
        district, (district_name, wards) = rng.choice(sorted(cat.DISTRICTS.items()))
        return f"Số {rng.randint(1, 180)} đường {rng.choice(STREETS)}, {rng.choice(wards)}, {district_name}"

    def _day(self, year: int) -> D:
        first = D(year, 1, 2)
        last = min(D(year, 12, 28), self.today - datetime.timedelta(days=1))
        return first + datetime.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _due(self, kind: str, on: D) -> D | None:
        if kind == "denunciation":
            return on + datetime.timedelta(days=self.book.value("petition_denunciation_settlement_days", on=on))
        if kind in ("complaint", "complaint_discipline"):
            return add_working_days(on, self.book.value("petition_complaint_settlement_working_days", on=on),
                                    holidays=self.holidays)
        return None

    def _letter(self, year: int) -> dict:

        rng = self.rng
        register = self.coso_org if self.coso_org and rng.random() < 0.3 else self.root
        kind = rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
        received = self._day(year)
        out_of_jurisdiction = register == self.root and self.committees and rng.random() < 0.06
        if register == self.root:
            if out_of_jurisdiction:  # about a member of a committee's cell: that committee is competent
                kind, concerns = "denunciation", "member"
                subject = rng.choice(self.cells_by_grassroots[rng.choice(self.committees)])
            elif kind == "feedback":
                subject, concerns = self.root, "organization"
            elif kind == "complaint_discipline":  # a grassroots committee's decision: the Bloc settles it
                subject, concerns = rng.choice(self.grassroots), "member"
            else:
                subject, concerns = rng.choice(self.grassroots), "organization"
        else:
            subject, concerns = rng.choice(self.cells_by_grassroots[register]), "member"
        summary, content = rng.choice(SUMMARIES[kind])
        person = self._person()
        letter = dict(organization_id=register, year=received.year, received_on=received, kind=kind,
                      subject_organization_id=subject, concerns=concerns, summary=summary,
                      content=content.format(person=person), subject_persons=person if concerns == "member" else "",
                      channel=rng.choices(["post", "in_person", "forwarded", "online"], [50, 20, 15, 15])[0])
        if letter["channel"] == "forwarded":
            letter["forwarded_by"] = rng.choice(["Ban Tiếp công dân tỉnh", "Văn phòng Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"])
        roll = rng.random()
        anonymous = roll < 0.12 and kind != "feedback"
        letter["anonymous"] = anonymous
        if not anonymous:
            letter.update(sender_name=self._person(), sender_address=self._address(),
                          sender_contact=f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}")
        grounds = []
        if anonymous:
            grounds.append("anonymous")
        elif kind != "feedback":
            if 0.12 <= roll < 0.15:
                grounds.append("false_identity")
            elif 0.15 <= roll < 0.18:
                grounds.append("vague")
            elif 0.18 <= roll < 0.21:
                letter["signed_original"] = False
                grounds.append("unsigned_copy")
            elif 0.21 <= roll < 0.27:
                letter["signatory_count"] = rng.randint(2, 6)
                letter["signatories"] = ", ".join(self._person() for _ in range(letter["signatory_count"] - 1))
                grounds.append("multiple_signatories")
        elif roll < 0.2:
            letter["signatory_count"] = rng.randint(2, 12)  # feedback signed by several is answered all the same
            letter["signatories"] = ", ".join(self._person() for _ in range(letter["signatory_count"] - 1))
        if kind == "complaint" and not grounds and rng.random() < 0.15:
            letter["also_denounces"] = True
        if kind == "complaint_discipline":
            received_decision = received - datetime.timedelta(days=rng.randint(3, 26))
            letter.update(decision_number=f"{rng.randint(5, 180)}-QĐ/ĐU",
                          decision_date=received_decision - datetime.timedelta(days=rng.randint(1, 6)),
                          decision_received_on=received_decision)
        classified = received + datetime.timedelta(days=rng.randint(1, 5))
        if classified > self.today:  # arrived in the last days: still waiting to be classified
            letter.update(state="received", grounds=[])
            return letter
        rule = self.book.get("petition_jurisdiction", on=received)
        competent, _rule = competent_organization_id(subject, kind, concerns, tree=self.tree, rule=rule)
        letter.update(classified_on=classified, competent_organization_id=competent)
        if competent != register:
            grounds.append("out_of_jurisdiction")
            letter.update(forwarded_to=self.names[competent], forwarded_on=classified)
        letter["grounds"] = grounds
        return letter

    def _settle(self, letter: dict, force_overdue: bool) -> None:
        rng, today = self.rng, self.today
        if letter.get("state") == "received":
            return
        if letter["grounds"]:
            letter.update(state="not_handled", not_handled_reason=letter["grounds"][0])
            archive_on = letter["classified_on"] + datetime.timedelta(days=rng.randint(3, 20))
            if archive_on <= today:
                letter.update(state="archived", archived_on=archive_on)
            return
        classified = letter["classified_on"]
        due = self._due(letter["kind"], classified)
        letter["due_on"] = due
        assigned = classified + datetime.timedelta(days=rng.randint(1, 4))
        if assigned > today:
            letter["state"] = "accepted"
            return
        letter["assigned_on"] = assigned
        span = (due - assigned).days if due else rng.randint(15, 45)
        concluded = assigned + datetime.timedelta(days=max(1, int(span * rng.uniform(0.35, 0.95))))
        if rng.random() < 0.04 and due:
            late = due + datetime.timedelta(days=rng.randint(3, 25))
            if late <= today:  # settled late; a late case still open would be a third overdue one
                concluded = late
        if force_overdue or concluded > today:
            letter["state"] = "verified" if (not force_overdue and rng.random() < 0.4) else "in_progress"
            if letter["state"] == "verified" or force_overdue:
                letter.update(verification="Tổ xác minh đã làm việc với người có liên quan, thu thập tài liệu.",
                              verified_on=min(today, assigned + datetime.timedelta(days=10)))
            return
        kind = letter["kind"]
        outcomes = {"denunciation": ([("founded", 25), ("partly_founded", 35), ("unfounded", 40)]),
                    "feedback": [("answered", 1)]}.get(kind, [("founded", 20), ("partly_founded", 30),
                                                               ("unfounded", 50)])
        outcome = rng.choices([o for o, _ in outcomes], [w for _, w in outcomes])[0]
        letter.update(
            verification="Tổ xác minh đã làm việc với người viết đơn và người bị phản ánh, đối chiếu hồ sơ.",
            verified_on=concluded - datetime.timedelta(days=min(5, (concluded - assigned).days)),
            outcome=outcome, concluded_on=concluded, state="concluded",
            conclusion={"founded": "Nội dung đơn đúng; đề nghị xem xét trách nhiệm theo quy định.",
                        "partly_founded": "Nội dung đơn đúng một phần; yêu cầu khắc phục hạn chế đã chỉ ra.",
                        "unfounded": "Nội dung đơn không có cơ sở.",
                        "answered": "Đã tiếp thu, trả lời kiến nghị."}[outcome],
            inspection_proposed=kind == "denunciation" and outcome == "founded" and rng.random() < 0.5)
        notified = concluded + datetime.timedelta(days=rng.randint(1, 7))
        if notified <= today:
            text = "Đã thông báo kết quả giải quyết đến người gửi đơn."
            if letter.get("also_denounces"):
                text += (" Nội dung tố cáo trong đơn không được giải quyết cùng khiếu nại: đề nghị gửi đơn tố cáo "
                         "riêng, ghi rõ họ tên, địa chỉ, đến Ủy ban Kiểm tra có thẩm quyền.")
            letter.update(notified_on=notified, notification=text, state="notified")
            archived = notified + datetime.timedelta(days=rng.randint(5, 40))
            if archived <= today:
                letter.update(archived_on=archived, state="archived")

    # -- run -------------------------------------------------------------------------------------------------
    def run(self) -> Counter:
        from simple_history.utils import bulk_create_with_history


        self._load()
        if self.root is None:
            return self.counts
        letters = []
        for year in range(START_YEAR, self.today.year + 1):
            share = 1.0 if year < self.today.year else max(0.1, self.today.timetuple().tm_yday / 365)
            for _ in range(int(self.rng.randint(28, 40) * share)):
                letters.append(self._letter(year))
        letters.sort(key=lambda x: (x["received_on"], x["organization_id"]))
        # Exactly two overdue: the latest handled letter of each register whose deadline passed in the last 60 days
        # (or the latest with a passed deadline at all).
        overdue_ids = set()
        for register in {self.root, self.coso_org} - {None}:
            candidates = [i for i, x in enumerate(letters) if x["organization_id"] == register and not x["grounds"]
                          and x.get("state") != "received"
                          and (due := self._due(x["kind"], x["classified_on"])) and due < self.today]
            if candidates:
                overdue_ids.add(candidates[-1])
        numbers: Counter = Counter()
        for index, letter in enumerate(letters):
            self._settle(letter, index in overdue_ids)
            key = (letter["organization_id"], letter["year"])
            numbers[key] += 1
            letter["number"] = numbers[key]
        handler_user = {self.root: self.khoi, self.coso_org: self.coso_user}
        objs, assigned = [], []
        for letter in letters:
            assigned_on = letter.pop("assigned_on", None)
            objs.append(Petition(**letter))
            assigned.append(assigned_on)
        bulk_create_with_history(objs, Petition, batch_size=self.batch_size, default_user=self.admin,
                                 default_change_reason=self.change_reason)
        if objs and objs[0].pk is None:  # pragma: no cover - every supported backend returns ids
            by_key = {(p.organization_id, p.year, p.number): p.pk for p in Petition.objects.only(
                "organization_id", "year", "number")}
            for p in objs:
                p.pk = by_key[(p.organization_id, p.year, p.number)]
        handlers = [Handler(petition_id=p.pk, user=handler_user[p.organization_id], lead=True, assigned_on=on)
                    for p, on in zip(objs, assigned, strict=True) if on is not None and handler_user.get(p.organization_id)]
        bulk_create_with_history(handlers, Handler, batch_size=self.batch_size, default_user=self.admin,
                                 default_change_reason=self.change_reason)
        self.counts.update(petitions=len(objs), handlers=len(handlers), overdue=len(overdue_ids),
                           not_handled=sum(1 for p in objs if p.not_handled_reason),
                           anonymous=sum(1 for p in objs if p.anonymous),
                           multi_signed=sum(1 for p in objs if p.signatory_count > 1))
        return self.counts


def load_petitions(*, seed: int, today: D, admin, khoi, coso_user, coso_org: int | None, change_reason: str,
                   batch_size: int = 2000) -> Counter:
    return PetitionsBuilder(seed=seed, today=today, admin=admin, khoi=khoi, coso_user=coso_user, coso_org=coso_org,
                            change_reason=change_reason, batch_size=batch_size).run()


def chair_account(*, admin, root_id: int | None):
    """The demo account `ubkt` of the Bloc's inspection committee chair in office (same password as the other demo
    accounts); None when the Bloc has no chair in office. It holds no role assignment: the seat alone opens the
    Bloc's petitions to it, senders shown, with the log of who opened each."""
    from django.contrib.auth import get_user_model


    seat = (Seat.objects.filter(position=Position.INSPECTION_CHAIR, ended_on__isnull=True, body__ended_on__isnull=True,
                                body__kind=Body.Kind.INSPECTION_COMMITTEE, body__organization_id=root_id,
                                member__user__isnull=True)
            .select_related("member").order_by("pk").first())
    if seat is None:
        return None
    last, _sep, first = seat.member.full_name.rpartition(" ")
    User = get_user_model()
    user = User.objects.filter(username="ubkt").first() or User(username="ubkt")
    user.password = admin.password  # the demo password's hash
    user.first_name, user.last_name, user.email, user.is_active = first, last, "ubkt@demo.dangbo.vn", True
    user.save()
    Member.objects.filter(pk=seat.member_id).update(user=user)
    return user
