"""Demo cell meetings: every active cell's regular meeting most months from `meetings_since` to the last full
month, a thematic meeting about once a quarter, this month's meeting planned; the Bloc's three working groups
(formed early 2017, each led by a deputy secretary of the Bloc) with exactly 74 recorded visits since
2017-01-01 and a few planned ones; and 2–4 pilot thematic meetings per cluster with observers from the
cluster's other grassroots organisations.

Rosters are not kept month by month, so a meeting's attendance is drawn from the cell's *current* active
members whose open membership there (permanent, or temporary for members transferred in) had begun by the
day of the meeting; members temporarily away from that day on are left out, exempt members are marked
exempt from their `exempted_since`, and a member counts as full on the day if `full_on` had passed.

Meetings visited by a working group or piloted for a cluster before `meetings_since` are created with the
same full record (attendance, agenda, resolution), so the counter and the pilot page have their history even
when the monthly series starts later. Meetings held before the Bloc's first published process (18/01/2018)
use that first version.

Volume: meetings are bulk-inserted with their history rows (bulk_create_with_history). Attendance and agenda
entries, the bulk of the rows, are inserted with a plain parameterised `executemany` through Django's cursor
and WITHOUT history rows (acceptable for demo data: Django's bulk_create costs ~4 times as much per row here
and would push the bloc demo well past its time budget). Documents, guests, groups and visits use
bulk_create. Every draw comes from its own `random.Random(f"dangbo-demo-meetings-{seed}")`.
"""

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from apparatus.models import Seat
from core.dates import add_months
from meetings.models import (
    AgendaEntry,
    Attendance,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingKind,
    ProcessTemplate,
    Visit,
    WorkingGroup,
)
from members.choices import ACTIVE_STATUSES
from members.models import Member, Membership
from organizations.models import Organization

D = datetime.date
HD42_ON = D(2025, 10, 28)  # length and documents benchmarks apply from here
VISITS_SINCE = D(2017, 1, 1)
VISITS_TOTAL = 74
GROUPS_ON = D(2017, 2, 15)
AGENCY_CELL_NAME = "Chi bộ Cơ quan Đảng ủy Khối"

TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Phòng, chống tham nhũng, tiêu cực",
    "Chuyển đổi số trong cơ quan",
    "Thực hành tiết kiệm, chống lãng phí",
    "Nâng cao đạo đức công vụ, trách nhiệm nêu gương của cán bộ, đảng viên",
    "Cải cách hành chính, nâng cao chỉ số hài lòng của người dân",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác quan điểm sai trái",
    "Thực hiện Nghị quyết Trung ương 4 khóa XII gắn với Chỉ thị 05-CT/TW",
    "Sắp xếp, tinh gọn tổ chức bộ máy theo Nghị quyết 18-NQ/TW",
    "Phát huy dân chủ ở cơ sở, quy chế dân chủ trong cơ quan",
    "Công tác phát triển đảng viên trong đoàn viên thanh niên",
]
EXCUSES = [("Đi công tác", 45), ("Ốm", 20), ("Nghỉ phép", 15), ("Học tập", 12), ("Việc gia đình", 8)]
NEWS = [
    "Phổ biến văn bản mới của Đảng ủy Khối và thông tin thời sự trong tháng.",
    "Thông tin tình hình kinh tế – xã hội của tỉnh và các văn bản mới của cấp trên.",
    "Quán triệt chỉ thị, kế hoạch mới của Ban Thường vụ Đảng ủy Khối.",
]
DISCUSSION = [
    "Đảng viên thảo luận, thống nhất các giải pháp hoàn thành nhiệm vụ chuyên môn.",
    "Các ý kiến tập trung vào tiến độ công việc và việc chấp hành kỷ luật, kỷ cương hành chính.",
    "Thảo luận, liên hệ trách nhiệm cá nhân trong thực hiện nhiệm vụ được giao.",
]
TASKS = [
    "Hoàn thành kế hoạch công tác tháng; chuẩn bị báo cáo sơ kết.",
    "Tập trung giải quyết hồ sơ tồn đọng, thực hiện tốt cải cách hành chính.",
    "Triển khai kế hoạch công tác tháng tới, phân công đảng viên phụ trách.",
]
ASSESSMENTS = ["Buổi sinh hoạt đạt yêu cầu, đảng viên tham gia đóng góp ý kiến sôi nổi.",
               "Sinh hoạt đúng quy trình, nội dung thiết thực, có chất lượng.",
               "Sinh hoạt nền nếp; một số đảng viên còn ít phát biểu."]
OBSERVATIONS = [
    "Chi bộ chuẩn bị chu đáo, sinh hoạt đúng quy trình; nội dung gắn với nhiệm vụ chính trị của cơ quan.",
    "Đảng viên tham gia ý kiến tích cực; nghị quyết ngắn gọn, có phân công cụ thể.",
    "Chi bộ thực hiện đủ các bước; phần thảo luận còn ít ý kiến, chưa đi sâu vào khuyết điểm.",
    "Tài liệu gửi trước cho đảng viên; công tác điểm danh, ghi biên bản đầy đủ.",
]
RECOMMENDATIONS = [
    "Tăng cường tự phê bình và phê bình; nghị quyết cần có chỉ tiêu, thời hạn cụ thể.",
    "Lựa chọn chuyên đề sát với nhiệm vụ chuyên môn; phát huy vai trò nêu gương của đảng viên.",
    "Gửi tài liệu trước cho đảng viên qua sổ tay đảng viên điện tử; kiểm tra việc thực hiện nghị quyết.",
]
STARTS = [datetime.time(7, 30), datetime.time(8, 0), datetime.time(14, 0), datetime.time(14, 30),
          datetime.time(15, 30), datetime.time(16, 0)]


@dataclass(eq=False)
class _M:
    """A member as the meetings see them."""

    id: int
    name: str
    position: str
    home: int | None
    home_start: D | None
    away_from: D | None  # temporarily attends elsewhere from this day
    guest_of: int | None  # temporarily attends this cell
    full_on: D | None
    exempt_from: D | None


@dataclass(eq=False)
class _Cell:
    id: int
    name: str
    host: str
    established_on: D
    parent: int | None
    home: list = field(default_factory=list)
    guests: list = field(default_factory=list)
    secretaries: list = field(default_factory=list)  # (member id, started_on, ended_on)

    def roster(self, on: D) -> list[_M]:
        own = [m for m in self.home if m.home_start <= on and not (m.away_from and m.away_from <= on)]
        return own + [m for m in self.guests if m.away_from <= on]


def _t(minutes: int) -> datetime.time:
    return datetime.time(minutes // 60, minutes % 60)


class MeetingsBuilder:
    def __init__(self, *, seed: int, today: D, since: D, admin, change_reason: str, batch_size: int,
                 chibo_org: int | None):
        self.rng = random.Random(f"dangbo-demo-meetings-{seed}")
        self.today = today
        self.since = since.replace(day=1)
        self.admin = admin
        self.change_reason = change_reason
        self.batch_size = batch_size
        self.chibo_org = chibo_org
        self.counts = Counter()
        self.meetings = []  # planned meetings (dicts), in creation order
        self.month = today.replace(day=1)
        self.last_full = add_months(self.month, -1)

    # -- loading -------------------------------------------------------------------------------------------------
    def load(self) -> None:

        rows = Organization.objects.filter(kind__holds_members=True, status=Organization.Status.ACTIVE).values_list(
            "id", "name", "host_agency", "established_on", "parent_id").order_by("id")
        self.cells = {pk: _Cell(pk, name, host, est, parent) for pk, name, host, est, parent in rows}
        self.orgs = {pk: (parent, cluster, name, kind) for pk, parent, cluster, name, kind in
                     Organization.objects.values_list("id", "parent_id", "cluster_id", "name", "kind__code")}
        starts = {}
        for member_id, org_id, kind, started in Membership.objects.filter(
                ended_on__isnull=True, member__status__in=ACTIVE_STATUSES).values_list(
                "member_id", "organization_id", "kind", "started_on"):
            starts[(member_id, kind)] = (org_id, started)
        self.members = {}
        for (pk, name, position, org, temp_org, temp_ext, full_on, exempt) in Member.objects.filter(
                status__in=ACTIVE_STATUSES).values_list(
                "id", "full_name", "position", "organization_id", "temporary_organization_id", "temporary_external",
                "full_on", "exempted_since").order_by("id"):
            home_start = starts.get((pk, "permanent"), (org, None))[1]
            away = starts.get((pk, "temporary"), (None, None))[1] if (temp_org or temp_ext) else None
            if home_start is None:
                continue
            m = _M(pk, name, position, org, home_start, away, temp_org, full_on, exempt)
            self.members[pk] = m
            if org in self.cells:
                self.cells[org].home.append(m)
            if temp_org in self.cells and away:
                self.cells[temp_org].guests.append(m)
        for org_id, member_id, started, ended in Seat.objects.filter(
                position="secretary", body__organization_id__in=list(self.cells)).values_list(
                "body__organization_id", "member_id", "started_on", "ended_on"):
            self.cells[org_id].secretaries.append((member_id, started, ended))
        self.templates = {}
        for kind in (MeetingKind.REGULAR, MeetingKind.THEMATIC):
            versions = list(ProcessTemplate.objects.filter(kind=kind, published_on__isnull=False)
                            .order_by("published_on", "version").prefetch_related("steps"))
            self.templates[kind] = [(t.published_on, t.pk, [(s.pk, s.order, s.code, s.title) for s in t.steps.all()])
                                    for t in versions]
        self.root = Organization.objects.filter(parent__isnull=True, code="DUK").values_list("id", flat=True).first()
        self.bloc_leaders = list(
            Seat.objects.filter(body__organization_id=self.root, ended_on__isnull=True, body__ended_on__isnull=True,
                                position__in=("standing_deputy_secretary", "deputy_secretary"))
            .order_by("-position", "id").values_list("member_id", "position")
        ) if self.root else []

    def template(self, kind: str, on: D):
        versions = self.templates.get(kind) or []
        chosen = versions[0] if versions else None
        for version in versions:
            if version[0] <= on:
                chosen = version
        return chosen

    def cluster_of(self, org_id: int) -> int | None:
        node = org_id
        while node is not None:
            parent, cluster, _name, _kind = self.orgs[node]
            if cluster:
                return cluster
            node = parent
        return None

    def grassroots_of(self, org_id: int) -> int:
        parent, _c, _n, kind = self.orgs[org_id]
        return parent if kind == "cell" else org_id

    # -- one meeting -------------------------------------------------------------------------------------------------
    def held(self, cell: _Cell, kind: str, held_on: D, *, topic: str = "", status: str = "closed",
             pilot: bool = False) -> dict | None:
        rng = self.rng
        roster = cell.roster(held_on)
        if len(roster) < 2:
            return None
        tpl = self.template(kind, held_on)
        if tpl is None:
            return None
        excused_p = rng.choice([0.0, 0.02, 0.05, 0.08, 0.12])
        attendance = []
        for m in roster:
            full = "full" if m.full_on and m.full_on <= held_on else "probationary"
            if m.exempt_from and m.exempt_from <= held_on:
                presence, why = "exempt", ""
            else:
                roll = rng.random()
                if roll < excused_p:
                    presence, why = "excused", rng.choices([e for e, _w in EXCUSES], [w for _e, w in EXCUSES])[0]
                elif roll < excused_p + 0.004:
                    presence, why = "absent", ""
                else:
                    presence, why = "present", ""
            attendance.append((m, presence, why, full, m.home != cell.id))
        present = [a for a in attendance if a[1] == "present"]
        if not present:
            a = next((a for a in attendance if a[1] != "exempt"), None)
            if a is None:
                return None
            attendance[attendance.index(a)] = (a[0], "present", "", a[3], a[4])
            present = [attendance[attendance.index((a[0], "present", "", a[3], a[4]))]]
        present_ids = {a[0].id for a in present}
        secretary = next((mid for mid, s, e in cell.secretaries if s <= held_on and (e is None or e > held_on)), None)
        full_present = [a[0] for a in present if a[3] == "full"]
        chair = secretary if secretary in present_ids else (full_present[0].id if full_present else present[0][0].id)
        others = [a[0].id for a in present if a[0].id != chair]
        minute_taker = rng.choice(others) if others else None
        if held_on >= HD42_ON:
            length = rng.randint(120, 150) if kind == "thematic" else rng.randint(90, 130)
        else:
            length = rng.randint(60, 120)
        start = rng.choice(STARTS)
        start_min = start.hour * 60 + start.minute
        voters = len(full_present)
        abstain = 1 if voters > 4 and rng.random() < 0.03 else 0
        month = held_on.strftime("%m/%Y")
        if kind == "thematic":
            resolution = f"Chi bộ thống nhất các giải pháp thực hiện chuyên đề \"{topic}\"; giao chi ủy theo dõi."
        else:
            resolution = (f"Nghị quyết tháng {month}: hoàn thành nhiệm vụ chính trị của cơ quan; "
                          f"{rng.choice(TASKS)[0].lower()}{rng.choice(TASKS)[1:]}")
        planned_on = held_on if rng.random() < 0.9 else max(held_on.replace(day=1), held_on - datetime.timedelta(
            days=rng.randint(1, 3)))
        docs = []
        if held_on >= HD42_ON and rng.random() < 0.93:
            before = rng.choices([0, 1, 2, 3], [8, 45, 30, 17])[0]
            title = f"Dự thảo nghị quyết chi bộ tháng {month}" if kind == "regular" else f"Tài liệu chuyên đề: {topic}"
            docs.append((title, held_on - datetime.timedelta(days=before)))
        meeting = {
            "cell": cell, "kind": kind, "tpl": tpl, "period": held_on.replace(day=1), "topic": topic,
            "status": status, "planned_on": planned_on, "planned_at": start, "held_on": held_on,
            "started_at": start, "ended_at": _t(start_min + length), "chair": chair, "minute_taker": minute_taker,
            "resolution": resolution, "votes_for": voters - abstain, "votes_against": 0, "votes_abstain": abstain,
            "self_assessment": rng.choice(ASSESSMENTS), "pilot": pilot, "attendance": attendance,
            "notice": planned_on - datetime.timedelta(days=rng.randint(3, 7)), "docs": docs, "guests": [],
        }
        self.meetings.append(meeting)
        return meeting

    def planned(self, cell: _Cell, planned_on: D) -> dict | None:
        tpl = self.template("regular", planned_on)
        if tpl is None:
            return None
        meeting = {"cell": cell, "kind": "regular", "tpl": tpl, "period": planned_on.replace(day=1), "topic": "",
                   "status": "planned", "planned_on": planned_on, "planned_at": self.rng.choice(STARTS),
                   "held_on": None, "pilot": False, "attendance": [], "docs": [], "guests": [],
                   "notice": planned_on - datetime.timedelta(days=5) if planned_on - datetime.timedelta(days=5)
                   <= self.today else None}
        self.meetings.append(meeting)
        return meeting

    def _day(self, month: D, *, lo: int = 1, hi: int = 28) -> D:
        last = (add_months(month, 1) - datetime.timedelta(days=1)).day
        day = month.replace(day=self.rng.randint(lo, min(hi, last)))
        return min(day, self.today)

    # -- the series ----------------------------------------------------------------------------------------------------
    def plan(self) -> None:
        rng = self.rng
        forced = self.plan_forced()
        months = []
        month = self.since
        while month <= self.last_full:
            months.append(month)
            month = add_months(month, 1)
        recent = add_months(self.month, -2)
        for cell in self.cells.values():
            quarter_month = {}
            for month in months:
                if month < cell.established_on.replace(day=1):
                    continue
                key = (cell.id, month)
                if key in forced:
                    continue
                if rng.random() < 0.045 and not (cell.id == self.chibo_org and month == self.last_full):
                    self.counts["missed"] += 1
                    continue
                status = "held" if month >= recent and rng.random() < 0.04 else "closed"
                if cell.id == self.chibo_org and month == self.last_full:
                    status = "held"  # minutes awaiting approval: a to-do for the cell's secretary
                self.held(cell, "regular", self._day(month, lo=3, hi=25), status=status)
                quarter = (month.year, (month.month - 1) // 3)
                quarter_month.setdefault(quarter, []).append(month)
            for _quarter, in_quarter in sorted(quarter_month.items()):
                if len(in_quarter) < 3 and in_quarter[-1] == self.last_full:
                    continue  # the quarter is not over yet
                if rng.random() < 0.12:
                    self.counts["missed_thematic"] += 1
                    continue
                month = rng.choice(in_quarter)
                self.held(cell, "thematic", self._day(month, lo=10, hi=28), topic=rng.choice(TOPICS))
            # this month: most cells have set a day; those whose day has passed held it (minutes mostly still to
            # approve for some), a few have not recorded it yet — the secretaries' to-do.
            if rng.random() < 0.97 or cell.id == self.chibo_org:
                if cell.id == self.chibo_org:
                    self.planned(cell, self._later_this_month())
                    continue
                day = self.month.replace(day=rng.randint(1, 28))
                if day < self.today and rng.random() < 0.95:
                    self.held(cell, "regular", day, status="closed" if rng.random() < 0.9 else "held")
                else:
                    self.planned(cell, day)
        for (_cell_id, _month), thunk in sorted(forced.items(), key=lambda kv: kv[0]):
            thunk()

    def _later_this_month(self) -> D:
        last = (add_months(self.month, 1) - datetime.timedelta(days=1)).day
        return self.month.replace(day=min(last, max(self.today.day + 1, self.rng.randint(self.today.day, last))))

    def eligible(self, on: D, pool) -> list[_Cell]:
        return [c for c in pool if c.established_on <= on and len(c.roster(on)) >= 4]

    def plan_forced(self) -> dict:
        """Visits and pilots decide their (cell, month) first; the meeting itself is made later."""
        rng = self.rng
        self.forced_visits = []
        self.forced_pilots = []
        forced = {}
        cells = sorted(self.cells.values(), key=lambda c: c.id)
        if not cells:
            return forced
        # 74 visits from 2017-01-01 to the last full month (one a month at most per cell)
        span_months = []
        month = VISITS_SINCE
        while month <= self.last_full:
            span_months.append(month)
            month = add_months(month, 1)
        chosen_months = sorted(rng.choices(span_months, k=VISITS_TOTAL))
        for month in chosen_months:
            for _try in range(30):
                on = self._day(month, lo=3, hi=25)
                pool = self.eligible(on, cells)
                if not pool:
                    break
                cell = rng.choice(pool)
                if (cell.id, month) not in forced:
                    forced[(cell.id, month)] = self._visit_thunk(cell, on)
                    break
        # pilots: 2–4 per cluster, 2017–2018 (the pilot the article reports)
        by_cluster = defaultdict(list)
        for cell in cells:
            cluster = self.cluster_of(cell.id)
            if cluster:
                by_cluster[cluster].append(cell)
        pilot_months = [add_months(D(2017, 3, 1), i) for i in range(15)]
        for cluster in sorted(by_cluster):
            pool = by_cluster[cluster]
            for _n in range(rng.randint(2, 4)):
                for _try in range(30):
                    month = rng.choice(pilot_months)
                    on = self._day(month, lo=10, hi=28)
                    candidates = self.eligible(on, pool)
                    if not candidates:
                        continue
                    cell = rng.choice(candidates)
                    if (cell.id, month) not in forced:
                        forced[(cell.id, month)] = self._pilot_thunk(cell, on, cluster)
                        break
        return forced

    def _visit_thunk(self, cell, on):
        def make():
            status = "held" if on >= add_months(self.month, -2) and self.rng.random() < 0.04 else "closed"
            meeting = self.held(cell, "regular", on, status=status)
            if meeting is not None:
                self.forced_visits.append(meeting)
        return make

    def _pilot_thunk(self, cell, on, cluster):
        def make():
            meeting = self.held(cell, "thematic", on, topic=self.rng.choice(TOPICS[:4]), pilot=True)
            if meeting is not None:
                self.forced_pilots.append((meeting, cluster))
                if on >= self.since:  # a pilot month still needs its regular meeting
                    self.held(cell, "regular", self._day(on.replace(day=1), lo=3, hi=9))
        return make

    # -- groups, visits, pilots' observers -------------------------------------------------------------------------
    def groups(self) -> list:
        rng = self.rng
        agency = next((c for c in self.cells.values() if c.name == AGENCY_CELL_NAME), None)
        if agency is None:
            agency = max(self.cells.values(), key=lambda c: len(c.home), default=None)
        pool = [m for m in (agency.home if agency else []) if m.full_on]
        leaders = [self.members[mid] for mid, _pos in self.bloc_leaders if mid in self.members]
        leaders = list(dict.fromkeys(leaders))[:3]
        for m in pool:
            if len(leaders) >= 3:
                break
            if m not in leaders:
                leaders.append(m)
        rest = [m for m in pool if m not in leaders]
        rng.shuffle(rest)
        groups = []
        for index, leader in enumerate(leaders):
            n = rng.randint(2, 3)
            members, rest = rest[:n], rest[n:]
            groups.append({"name": f"Tổ công tác số {index + 1} dự sinh hoạt chi bộ", "leader": leader,
                           "members": members, "decision": f"{rng.randint(10, 99)}-QĐ/ĐUK"})
        return groups

    # -- writing ---------------------------------------------------------------------------------------------------------
    def write(self) -> None:
        from django.db import connection
        from simple_history.utils import bulk_create_with_history

        from core.bulk import insert_with_history

        rng = self.rng
        groups = self.groups() if self.cells else []
        # visits: recorded (the forced meetings), and 2–3 planned
        visits = []
        if groups:
            for meeting in sorted(self.forced_visits, key=lambda m: m["held_on"]):
                group = rng.choice(groups)
                attendees = [group["leader"]] + rng.sample(group["members"], rng.randint(0, min(2, len(group["members"]))))
                visits.append((group, meeting, attendees))
                for person in attendees:
                    meeting["guests"].append((person.name, person.position or "Đảng ủy Khối", person.id, None))
            planned_cells = [m for m in self.meetings if m["status"] == "planned" and m["planned_on"] >= self.today]
            want = rng.randint(2, 3)
            upcoming = [(m["cell"], m, m["planned_on"]) for m in rng.sample(planned_cells, min(len(planned_cells), want))]
            next_month = add_months(self.month, 1)
            pool = sorted(self.cells.values(), key=lambda c: c.id)
            while len(upcoming) < want and pool:  # next month's meetings are not planned yet
                upcoming.append((rng.choice(pool), None, next_month.replace(day=rng.randint(3, 20))))
        else:
            upcoming = []
        # pilots' observers
        grassroots_by_cluster = defaultdict(list)
        for pk, (_parent, cluster, _name, kind) in self.orgs.items():
            if cluster and kind in ("grassroots_committee", "grassroots_cell") and pk in self._active_orgs():
                grassroots_by_cluster[cluster].append(pk)
        people_of = defaultdict(list)  # grassroots organisation -> its current members (first three)
        for person in self.members.values():
            if person.home in self.orgs:
                top = self.grassroots_of(person.home)
                if len(people_of[top]) < 3:
                    people_of[top].append(person)
        for meeting, cluster in self.forced_pilots:
            own = self.grassroots_of(meeting["cell"].id)
            others = sorted(o for o in grassroots_by_cluster[cluster] if o != own)
            for org_id in rng.sample(others, min(len(others), rng.randint(2, 4))):
                people = people_of[org_id]
                person = rng.choice(people) if people else None
                name = person.name if person else f"Đại diện {self.orgs[org_id][2]}"
                meeting["guests"].append((name, f"Đại diện {self.orgs[org_id][2]}", person.id if person else None,
                                          org_id))

        # meetings, with their history rows
        objs = []
        for m in self.meetings:
            objs.append(Meeting(
                organization_id=m["cell"].id, kind=m["kind"], template_id=m["tpl"][1], period=m["period"],
                topic=m["topic"], status=m["status"], planned_on=m["planned_on"], planned_at=m["planned_at"],
                place=f"Phòng họp {m['cell'].host}"[:200], notice_sent_on=m["notice"], held_on=m["held_on"],
                started_at=m.get("started_at"), ended_at=m.get("ended_at"), chair_id=m.get("chair"),
                minute_taker_id=m.get("minute_taker"), resolution=m.get("resolution", ""),
                votes_for=m.get("votes_for"), votes_against=m.get("votes_against"),
                votes_abstain=m.get("votes_abstain"), self_assessment=m.get("self_assessment", ""),
                is_pilot=m["pilot"], created_by=self.admin))
        insert_with_history(Meeting, objs, user_id=self.admin.pk if self.admin else None, reason=self.change_reason,
                            batch_size=self.batch_size * 5)
        if len(self.forced_visits) != VISITS_TOTAL and self.cells and self.root:
            raise RuntimeError(f"{len(self.forced_visits)} visits planned instead of {VISITS_TOTAL}.")
        if objs and objs[0].pk is None:  # pragma: no cover - every supported backend returns ids
            raise RuntimeError("The database did not return the new meetings' ids.")

        def insert(model, columns, rows):
            if not rows:
                return
            qn = connection.ops.quote_name
            cols = [model._meta.get_field(c).column for c in columns]
            sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in cols)}) "
                   f"VALUES ({', '.join(['%s'] * len(cols))})")
            with connection.cursor() as cursor:
                for start in range(0, len(rows), self.batch_size * 5):
                    cursor.executemany(sql, rows[start:start + self.batch_size * 5])

        attendance, entries, documents, guests = [], [], [], []
        for m, obj in zip(self.meetings, objs, strict=True):
            pk = obj.pk
            for member, presence, why, status, temporary in m["attendance"]:
                attendance.append((pk, member.id, presence, why, status, temporary))
            held = m["held_on"] is not None
            for step_pk, order, code, title in m["tpl"][2]:
                content = ""
                if held:
                    if code == "news":
                        content = rng.choice(NEWS)
                    elif code == "discussion":
                        content = rng.choice(DISCUSSION)
                    elif code == "tasks":
                        content = rng.choice(TASKS)
                    elif code == "topic":
                        content = f"Báo cáo viên trình bày chuyên đề \"{m['topic']}\"."
                entries.append((pk, step_pk, order, code, title, content))
            for title, available_on in m["docs"]:
                documents.append(MeetingDocument(meeting_id=pk, title=title[:300], available_on=available_on))
            for name, role, member_id, observer_from in m["guests"]:
                guests.append(Guest(meeting_id=pk, name=name, role=role[:300], member_id=member_id,
                                    observer_from_id=observer_from))
            m["pk"] = pk
        insert(Attendance, ["meeting", "member", "presence", "reason", "member_status", "temporary"], attendance)
        insert(AgendaEntry, ["meeting", "step", "order", "code", "title", "content"], entries)
        MeetingDocument.objects.bulk_create(documents, batch_size=self.batch_size)
        Guest.objects.bulk_create(guests, batch_size=self.batch_size)

        # working groups and visits
        if groups and self.root:
            group_objs = [WorkingGroup(organization_id=self.root, name=g["name"], leader_id=g["leader"].id,
                                       established_on=GROUPS_ON, decision_number=g["decision"]) for g in groups]
            bulk_create_with_history(group_objs, WorkingGroup, default_user=self.admin,
                                     default_change_reason=self.change_reason)
            through = WorkingGroup.members.through
            through.objects.bulk_create([through(workinggroup_id=obj.pk, member_id=person.id)
                                         for g, obj in zip(groups, group_objs, strict=True)
                                         for person in [g["leader"], *g["members"]]])
            for g, obj in zip(groups, group_objs, strict=True):
                g["pk"] = obj.pk
            visit_objs = []
            for group, meeting, _attendees in visits:
                visit_objs.append(Visit(
                    group_id=group["pk"], organization_id=meeting["cell"].id, meeting_id=meeting["pk"],
                    planned_on=meeting["planned_on"], visited_on=meeting["held_on"],
                    observations=rng.choice(OBSERVATIONS), assessment=rng.choices(["good", "fair", "weak"],
                                                                                   [70, 25, 5])[0],
                    recommendations=rng.choice(RECOMMENDATIONS)))
            for cell, meeting, planned_on in upcoming:
                visit_objs.append(Visit(group_id=rng.choice(groups)["pk"], organization_id=cell.id,
                                        meeting_id=meeting["pk"] if meeting else None, planned_on=planned_on))
            bulk_create_with_history(visit_objs, Visit, default_user=self.admin,
                                     default_change_reason=self.change_reason)
            through = Visit.attendees.through
            through.objects.bulk_create([through(visit_id=obj.pk, member_id=person.id)
                                         for (_g, _m, attendees), obj in zip(visits, visit_objs, strict=False)
                                         for person in attendees])
            self.counts["working_groups"] = len(group_objs)
            self.counts["visits"] = len(visits)
            self.counts["visits_planned"] = len(upcoming)
        self.counts["meetings"] = len(objs)
        self.counts["meetings_held"] = sum(1 for m in self.meetings if m["held_on"])
        self.counts["meetings_planned"] = sum(1 for m in self.meetings if m["status"] == "planned")
        self.counts["pilots"] = len(self.forced_pilots)
        self.counts["attendance"] = len(attendance)
        self.counts["agenda_entries"] = len(entries)

    def _active_orgs(self) -> set:
        if not hasattr(self, "_active"):

            self._active = set(Organization.objects.filter(status=Organization.Status.ACTIVE)
                               .values_list("id", flat=True))
        return self._active

    def run(self) -> Counter:
        self.load()
        self.plan()
        self.write()
        return self.counts


def load_meetings(*, seed: int, today: D, since: D, admin, change_reason: str, batch_size: int = 2000,
                  chibo_org: int | None = None) -> Counter:
    """Meetings, working groups, visits and cluster pilots for the loaded demo organisations and members."""
    return MeetingsBuilder(seed=seed, today=today, since=since, admin=admin, change_reason=change_reason,
                           batch_size=batch_size, chibo_org=chibo_org).run()
