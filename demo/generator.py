"""Demo data: the Party Committee of the Provincial Agencies Bloc of Vĩnh Phúc as the seed article
describes it (55 grassroots organisations, 287 subordinate cells, just under 4,000 members, 5 clusters),
and the same generator at any size for benchmarks.

Everything is drawn from `random.Random(seed)`, so a seed gives the same organisations and the same
people in the same order on any database. (Faker is not used: its vi_VN names do not let the middle
name follow the gender, and its output changes between Faker releases, which would break the
"same seed, same data" promise.)

Volume goes through bulk inserts (with their audit rows); the few restructuring events of the demo's
history go through the real services in organizations/services.py, so they leave the same trail as
a user's decision would.
"""

import bisect
import datetime
import hashlib
import math
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleAssignment
from apparatus.models import Seat, Term
from apparatus.selectors import grassroots_committee_q
from core.dates import add_months
from core.history import stamp
from core.text import fold
from meetings.models import Meeting, Visit
from members.choices import ACTIVE_STATUSES
from members.models import Member, Membership
from organizations.figures import figures_bulk
from organizations.models import Cluster, Organization, OrganizationKind, OrganizationVersion, RestructuringEvent
from organizations.services import (
    organization_merge,
    organization_rename,
    organization_transfer_in,
    organization_transfer_out,
    organization_update,
)

from . import catalogue as cat
from .apparatus_data import load_apparatus
from .badges_data import load_badges
from .documents_data import load_documents
from .dues_data import load_dues
from .inspections_data import load_inspections
from .meetings_data import VISITS_SINCE, load_meetings
from .news_data import load_news
from .petitions_data import chair_account, load_petitions
from .reviews_data import load_reviews
from .studies_data import load_studies

DEMO_PASSWORD = "dangbo-demo"
# (username, role label) for the login page in demo mode; the labels are the roles' own msgids.
DEMO_USERS = [
    ("admin", _("System administrator")),
    ("khoi", _("Bloc standing committee")),
    ("coso", _("Committee staff")),
    ("chibo", _("Cell secretary")),
    ("dangvien", _("Member")),
]
SCALES = {
    # meetings_since: the first month of the monthly meeting series (None: the last 12 months); visits and cluster
    # pilots since 2017 come with their meetings whatever the scale.
    # reviews_since: the first year of the yearly reviews (None: last year's and this year's only).
    "small": {"grassroots": 6, "cells": 12, "members": 300, "meetings_since": datetime.date(2025, 1, 1),
              "reviews_since": datetime.date(2017, 1, 1)},
    # 428: the article's grassroots committee members (executive committees of grassroots committees and cell
    # committees of grassroots cells), all of them concurrent.
    "bloc": {"grassroots": 55, "cells": 287, "members": 3950, "committee_seats": 428,
             # Every cell's meetings since 2017 (44k meetings, 410k attendance rows): about 12 s of the bloc demo.
             "meetings_since": datetime.date(2017, 1, 1),
             # Every member's dues since 2017 (about 420k monthly payments with their remittances upward).
             "dues_since": datetime.date(2017, 1, 1), "reviews_since": datetime.date(2017, 1, 1)},
    "province": {"grassroots": 700, "cells": 3000, "members": 100_000, "meetings_since": None},
}
CHANGE_REASON = "Nhập dữ liệu mẫu"

ROOT_CODE = "DUK"
ROOT_NAME = "Đảng bộ Khối Các cơ quan tỉnh Vĩnh Phúc"
ROOT_HOST = "Tỉnh ủy Vĩnh Phúc"
ROOT_ESTABLISHED = datetime.date(1997, 1, 1)  # Vĩnh Phúc province re-established
ROOT_DECISION = "15-QĐ/TU"

TRANSFER_IN_ON = datetime.date(2019, 7, 1)
TRANSFER_OUT_ON = datetime.date(2021, 4, 1)
RENAME_ON = datetime.date(2022, 7, 1)
MERGE_ON = datetime.date(2023, 4, 1)
LATEST_CELL_ESTABLISHED = datetime.date(2024, 12, 31)

GRASSROOTS_COMMITTEE, GRASSROOTS_CELL, CELL, SUPERIOR = "grassroots_committee", "grassroots_cell", "cell", "superior"


# ---------------------------------------------------------------------------------------------------------------
# small helpers

def _days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=int(n))


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def initials(text: str, limit: int = 10) -> str:
    """'Sở Giáo dục và Đào tạo' -> 'SGDDT'; upper-case acronyms (UBND, THPT) are kept whole."""
    out = []
    for word in text.replace(",", " ").replace("(", " ").replace(")", " ").split():
        if word in {"–", "-", "và", "các", "tỉnh"}:
            continue
        folded = fold(word).upper()
        if not folded:
            continue
        out.append(folded if len(word) > 1 and word.isupper() else folded[0])
    return "".join(out)[:limit] or "X"


def apportion(total: int, weights: list[float], mins: list[int]) -> list[int]:
    """Integers summing to `total`, each at least its minimum, the rest shared in proportion to the weights."""
    rest = total - sum(mins)
    if rest < 0:
        raise ValueError(f"cannot share {total} with minimums summing to {sum(mins)}")
    if not weights:
        return []
    weight_sum = sum(weights) or 1.0
    shares = [rest * w / weight_sum for w in weights]
    ints = [math.floor(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - ints[i]), i))
    for i in order[: rest - sum(ints)]:
        ints[i] += 1
    return [m + n for m, n in zip(mins, ints, strict=True)]


def _title(name: str, table: list[tuple[str, str]], default: str) -> str:
    for prefix, title in table:
        if name.startswith(prefix):
            return title
    return default


# ---------------------------------------------------------------------------------------------------------------
# the plan (pure Python, no database)

@dataclass(eq=False)
class OrgPlan:
    code: str
    name: str
    kind: str
    host_agency: str
    category: str
    cluster: str
    established_on: datetime.date
    decision_number: str
    parent: "OrgPlan | None" = None
    agency: str = ""  # the agency as named in members' files (after any rename)
    units: list = field(default_factory=list)
    weight: float = 1.0
    size: int = 0  # active members registered here (member-holding kinds only)
    inactive: int = 0
    cells: list = field(default_factory=list)
    special: str = ""  # transfer_in, transfer_out, rename, merge_target, merge_source
    options: dict = field(default_factory=dict)
    pk: int | None = None

    @property
    def holds_members(self) -> bool:
        return self.kind in (GRASSROOTS_CELL, CELL)

    @property
    def grassroots(self) -> "OrgPlan":
        return self.parent if self.kind == CELL else self

    @property
    def regular(self) -> bool:
        """Active today and free of the scripted history: safe for guests, leavers and past periods."""
        return self.special not in ("transfer_out", "merge_source")

    @property
    def reference_date(self) -> datetime.date | None:
        """Members of an organisation that ends in the scripted history are drawn as of its end."""
        return {"transfer_out": TRANSFER_OUT_ON, "merge_source": MERGE_ON}.get(self.special)


@dataclass
class Plan:
    root: OrgPlan
    grassroots: list[OrgPlan]
    cells: list[OrgPlan]
    coso: OrgPlan | None = None
    chibo: OrgPlan | None = None
    merge: tuple[OrgPlan, OrgPlan] | None = None  # (target, source)

    @property
    def holders(self) -> list[OrgPlan]:
        return [o for o in self.grassroots if o.holds_members] + self.cells


def _synthetic_agencies():
    """Agencies for sizes beyond the real list: district-level bodies, then schools and clinics by commune."""
    seen = set()
    for template, category, cluster, scope in cat.SYNTHETIC_TEMPLATES:
        if scope != "district":
            continue
        for _short, (full, _communes) in cat.DISTRICTS.items():
            name = template.format(d=full)
            seen.add(name)
            yield name, category, cluster, {}
    for template, category, cluster, scope in cat.SYNTHETIC_TEMPLATES:
        if scope != "commune":
            continue
        for short, (_full, communes) in cat.DISTRICTS.items():
            for commune in communes:
                bare = commune.split(" ", 1)[1] if commune.startswith(("xã ", "phường ")) else commune
                bare = bare.removeprefix("trấn ").removeprefix("thị trấn ")
                name = template.format(c=commune, cn=bare)
                if name in seen:
                    name = f"{name} ({short})"
                seen.add(name)
                yield name, category, cluster, {}
    number = 2
    while True:
        for template, category, cluster, scope in cat.SYNTHETIC_TEMPLATES:
            if scope == "district":
                for _short, (full, _c) in cat.DISTRICTS.items():
                    yield f"{template.format(d=full)} – cơ sở {number}", category, cluster, {}
        number += 1


def build_plan(*, seed: int, grassroots: int, cells: int, members: int, inactive: int | None = None,
               restructuring: bool = True) -> Plan:
    """Decide every organisation and how many members each holds (no database access)."""
    if grassroots < 1:
        raise ValueError("At least one grassroots organisation is needed.")
    if cells < 0 or members < 0:
        raise ValueError("cells and members cannot be negative.")
    rng = random.Random(f"dangbo-demo-plan-{seed}")
    committees_n = 0 if cells == 0 else max(1, min(grassroots, round(grassroots * 0.62), max(1, cells // 2)))
    grassroots_cells_n = grassroots - committees_n
    do_merge = restructuring and committees_n >= 1 and cells >= 1
    minimum = max(30 * committees_n, 4 * (cells + do_merge)) + 4 * grassroots_cells_n
    if members < minimum:
        raise ValueError(f"{members} members are too few for {committees_n} grassroots committees "
                         f"(30 each), {cells} cells and {grassroots_cells_n} grassroots cells; need {minimum}.")

    synthetic = _synthetic_agencies()
    real_committees = iter(cat.COMMITTEES)
    real_cells = iter(cat.GRASSROOTS_CELLS)
    codes: set[str] = {ROOT_CODE}

    def unique_code(base: str) -> str:
        code, n = base, 2
        while code in codes:
            code, n = f"{base}{n}", n + 1
        codes.add(code)
        return code

    root = OrgPlan(code=ROOT_CODE, name=ROOT_NAME, kind=SUPERIOR, host_agency=ROOT_HOST, category="party",
                   cluster="", established_on=ROOT_ESTABLISHED, decision_number=ROOT_DECISION)

    def grassroots_org(entry, kind) -> OrgPlan:
        agency, category, cluster, options = entry
        prefix = "Đảng bộ" if kind == GRASSROOTS_COMMITTEE else "Chi bộ"
        if options.get("special") == "transfer_in":
            established = TRANSFER_IN_ON
        elif "est" in options:
            established = datetime.date(*options["est"])
        elif rng.random() < 0.7:
            established = ROOT_ESTABLISHED
        else:
            established = _random_date(rng, ROOT_ESTABLISHED, datetime.date(2012, 12, 31))
        host = options.get("host", agency)
        org = OrgPlan(
            code=unique_code(f"{'DU' if kind == GRASSROOTS_COMMITTEE else 'CB'}-{initials(agency)}"),
            name=f"{prefix} {agency}", kind=kind, host_agency=host, category=category, cluster=cluster,
            established_on=established, decision_number=f"{rng.randint(12, 980)}-QĐ/ĐUK", parent=root,
            agency=options.get("renamed_to", host), special=options.get("special", ""), options=options,
            units=list(options.get("units") or cat.DEPT_UNITS.get(agency) or cat.CATEGORY_UNITS[category]),
        )
        return org

    committees = [grassroots_org(next(real_committees, None) or next(synthetic), GRASSROOTS_COMMITTEE)
                  for _ in range(committees_n)]
    gcells = [grassroots_org(next(real_cells, None) or next(synthetic), GRASSROOTS_CELL)
              for _ in range(grassroots_cells_n)]
    if not restructuring:
        for org in gcells:
            if org.special == "transfer_in":
                org.established_on = ROOT_ESTABLISHED
            if org.special:
                org.special, org.agency = "", org.host_agency
    transferred_out = grassroots_org(cat.TRANSFERRED_OUT, GRASSROOTS_CELL) if restructuring else None
    if transferred_out:
        transferred_out.established_on = _random_date(rng, ROOT_ESTABLISHED, datetime.date(2010, 12, 31))

    # --- sizes -----------------------------------------------------------------------------------------------
    min_committees = max(30 * committees_n, 4 * (cells + do_merge))
    available = members - min_committees
    if committees_n == 0:  # only grassroots cells: they share every member, each under 30
        if members > 29 * grassroots_cells_n:
            raise ValueError(f"{members} members cannot fit in {grassroots_cells_n} grassroots cells of fewer "
                             "than 30 members; add subordinate cells (grassroots committees).")
        sizes = apportion(members, [1.0] * grassroots_cells_n, [4] * grassroots_cells_n)
    else:
        sizes = [rng.randint(7, 27) for _ in gcells]
        cap = max(4 * len(gcells), int(available * 0.4))
        if sum(sizes) > cap:
            sizes = apportion(cap, sizes, [4] * len(sizes))
    for org, size in zip(gcells, sizes, strict=True):
        org.size = min(size, 29)
    committee_members = members - sum(o.size for o in gcells)

    for org in committees:
        if org.options.get("big"):
            org.weight = rng.uniform(5.0, 7.5)
        else:
            org.weight = min(2.5, max(0.4, rng.lognormvariate(0.0, 0.45)))
    if committees:
        min_cells = 2 if cells >= 2 * committees_n else 1
        counts = apportion(cells, [o.weight ** 0.8 for o in committees], [min_cells] * committees_n)
        heaviest = max(committees, key=lambda o: o.weight)
        merge_owner = None
        if do_merge:
            candidates = [o for o in committees if o is not heaviest] or committees
            merge_owner = next((o for o in candidates if "merge" in o.options), None)
            if merge_owner is None:
                merge_owner = max(candidates, key=lambda o: counts[committees.index(o)])
            counts[committees.index(merge_owner)] += 1
        mins = [max(30, 4 * n) for n in counts]
        for org, size in zip(committees, apportion(committee_members, [o.weight for o in committees], mins),
                             strict=True):
            org.size = size
        # --- subordinate cells -----------------------------------------------------------------------------
        all_cells = []
        for org, count in zip(committees, counts, strict=True):
            merge_pair = None
            if org is merge_owner:
                target_i, source_i = org.options.get("merge", (1, count - 1) if count >= 3 else (0, 1))
                merge_pair = (target_i, source_i)
            cell_sizes = apportion(org.size, [rng.uniform(0.6, 1.6) for _ in range(count)], [4] * count)
            for index in range(count):
                units = org.units
                unit = units[index % len(units)]
                if index >= len(units):
                    unit = f"{unit} số {index // len(units) + 1}"
                roll = rng.random()
                if index == 0 or (merge_pair and index in merge_pair) or roll < 0.75:
                    established = org.established_on
                elif roll < 0.95:
                    established = _random_date(rng, org.established_on, datetime.date(2019, 12, 31))
                else:
                    established = _random_date(rng, max(org.established_on, datetime.date(2021, 1, 1)),
                                               LATEST_CELL_ESTABLISHED)
                cell = OrgPlan(
                    code=unique_code(f"{org.code}-{initials(unit, 8)}"), name=f"Chi bộ {unit}", kind=CELL,
                    host_agency=org.host_agency, category=org.category, cluster="", established_on=established,
                    decision_number=f"{rng.randint(5, 450)}-QĐ/ĐU", parent=org, agency=org.agency,
                    size=cell_sizes[index],
                )
                org.cells.append(cell)
                all_cells.append(cell)
            if merge_pair:
                target, source = org.cells[merge_pair[0]], org.cells[merge_pair[1]]
                target.special, source.special = "merge_target", "merge_source"
    else:
        all_cells = []
        merge_owner = None

    plan = Plan(root=root, grassroots=committees + gcells + ([transferred_out] if transferred_out else []),
                cells=all_cells)
    if transferred_out:
        transferred_out.size = rng.randint(9, 16)  # extra: they leave with their cell in 2021
    if merge_owner is not None:
        target = next(c for c in merge_owner.cells if c.special == "merge_target")
        source = next(c for c in merge_owner.cells if c.special == "merge_source")
        plan.merge = (target, source)

    # --- the demo users' organisations ---------------------------------------------------------------------------
    if committees:
        plan.coso = max(committees, key=lambda o: (o.size, -committees.index(o)))
        regular_cells = [c for c in plan.coso.cells if not c.special]
        plan.chibo = regular_cells[1] if len(regular_cells) > 1 else (regular_cells or plan.coso.cells)[0]
    else:
        plan.coso = None
        plan.chibo = max((o for o in gcells), key=lambda o: o.size, default=None)

    # --- leavers (not counted) -----------------------------------------------------------------------------------
    if inactive is None:
        inactive = max(3, round(members * 0.009)) if members >= 100 else 0
    regular_holders = [o for o in plan.holders if o.regular]
    if regular_holders and inactive:
        for org in rng.choices(regular_holders, weights=[o.size for o in regular_holders], k=inactive):
            org.inactive += 1
    return plan


# ---------------------------------------------------------------------------------------------------------------
# people

@dataclass
class Period:
    start: datetime.date
    end: datetime.date | None = None
    org: OrgPlan | None = None
    external: str = ""
    kind: str = "permanent"
    start_reason: str = ""
    end_reason: str = ""
    decision_number: str = ""


class People:
    """Draws people: names, dates, identity numbers. Every draw comes from one Random."""

    def __init__(self, rng: random.Random, today: datetime.date, expected: int):
        self.rng = rng
        self.today = today
        self.citizen_ids: set[str] = set()
        self.cards: set[str] = set()
        self.emails: Counter = Counter()
        self.card_digits = 6 if expected < 300_000 else 7
        self.communes = [(commune, full) for _short, (full, communes) in cat.DISTRICTS.items() for commune in communes]
        self._family = ([n for n, _ in cat.FAMILY_NAMES], list(_cumulate(w for _, w in cat.FAMILY_NAMES)))
        self._male_mid = ([n for n, _ in cat.MALE_MIDDLE], list(_cumulate(w for _, w in cat.MALE_MIDDLE)))
        self._female_mid = ([n for n, _ in cat.FEMALE_MIDDLE], list(_cumulate(w for _, w in cat.FEMALE_MIDDLE)))

    def _weighted(self, table) -> str:
        names, cum = table
        return names[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def name(self, male: bool) -> tuple[str, str, str]:
        """(full name, family + middle, given)."""
        rng = self.rng
        family = self._weighted(self._family)
        if male:
            given = rng.choice(cat.MALE_GIVEN)
            middle = self._weighted(self._male_mid)
            if rng.random() < 0.06:
                middle = f"{middle} {rng.choice(cat.MALE_SECOND_MIDDLE)}"
        else:
            given = rng.choice(cat.FEMALE_GIVEN)
            middle = self._weighted(self._female_mid)
            if middle == "Thị" and rng.random() < 0.35:
                middle = f"Thị {rng.choice(cat.FEMALE_SECOND_MIDDLE)}"
        if middle.split()[-1] == given:
            middle = "Văn" if male else "Thị"
        rest = f"{family} {middle}"
        return f"{rest} {given}", rest, given

    def hometown(self) -> tuple[str, str]:
        commune, district = self.rng.choice(self.communes)
        return f"{commune[0].upper()}{commune[1:]}, {district}, tỉnh Vĩnh Phúc", f"Đảng bộ {commune}, {district}"

    def citizen_id(self, born: datetime.date, male: bool) -> str:
        century = 0 if born.year < 2000 else 2
        head = f"026{century + (0 if male else 1)}{born.year % 100:02d}"
        while True:
            value = f"{head}{self.rng.randrange(1_000_000):06d}"
            if value not in self.citizen_ids:
                self.citizen_ids.add(value)
                return value

    def card_number(self) -> str:
        while True:
            value = f"26{self.rng.randrange(10 ** self.card_digits):0{self.card_digits}d}"
            if value not in self.cards:
                self.cards.add(value)
                return value

    def phone(self) -> str:
        return f"09{self.rng.randrange(100_000_000):08d}"

    def email(self, rest: str, given: str, domain: str) -> str:
        local = fold(given).replace(" ", "") + "".join(fold(w)[0] for w in rest.split())
        self.emails[(local, domain)] += 1
        n = self.emails[(local, domain)]
        return f"{local}{n if n > 1 else ''}@{domain}"


def _cumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


QUALIFICATIONS = {
    "head": [("master", 55), ("doctorate", 15), ("bachelor", 30)],
    "deputy": [("master", 50), ("doctorate", 8), ("bachelor", 42)],
    "unit_head": [("master", 35), ("doctorate", 3), ("bachelor", 62)],
    "unit_deputy": [("master", 25), ("doctorate", 1), ("bachelor", 74)],
    "staff": [("bachelor", 68), ("master", 17), ("doctorate", 1), ("college", 6), ("intermediate", 6),
              ("vocational", 2)],
}
THEORY = {
    "head": [("advanced", 75), ("bachelor", 15), ("intermediate", 10)],
    "deputy": [("advanced", 60), ("bachelor", 10), ("intermediate", 30)],
    "unit_head": [("intermediate", 55), ("advanced", 35), ("bachelor", 5), ("elementary", 5)],
    "unit_deputy": [("intermediate", 60), ("advanced", 15), ("elementary", 25)],
    "staff_young": [("none", 45), ("elementary", 50), ("intermediate", 5)],
    "staff": [("none", 10), ("elementary", 50), ("intermediate", 34), ("advanced", 5), ("bachelor", 1)],
}
ETHNICITIES = [("kinh", 94.5), ("san_diu", 2.2), ("tay", 1.1), ("muong", 0.9), ("nung", 0.8), ("dao", 0.3),
               ("san_chay", 0.2)]
RELIGIONS = [("none", 92), ("buddhism", 5), ("catholicism", 3)]
LEAVINGS = [("transferred_out", 40), ("deceased", 25), ("struck_off", 15), ("left", 10), ("expelled", 10)]
AGES = {  # (low, high, mode) of the age today
    "head": (48, 59.5, 54), "deputy": (42, 59, 50), "unit_head": (35, 59, 47), "unit_deputy": (30, 58, 42),
    "staff": (23, 60, 38),
}
GOV_DOMAINS = {"dept", "party", "mass", "court", "procuracy", "finance"}


# ---------------------------------------------------------------------------------------------------------------
# the loader

class _Loader:
    def __init__(self, plan: Plan, *, seed: int, today: datetime.date, batch_size: int, out):

        self.plan = plan
        self.today = today
        self.batch_size = batch_size
        self.out = out
        expected = sum(o.size + o.inactive for o in plan.holders)
        self.rng = random.Random(f"dangbo-demo-people-{seed}")
        self.people = People(self.rng, today, expected)
        self.digest = hashlib.sha256()
        self.pending: list[tuple[Member, list[Period]]] = []
        self.counts = Counter()
        self.dangvien_member = None
        self.chibo_name = None

    def say(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text + "\n")

    # -- users ---------------------------------------------------------------------------------------------------
    def users(self) -> dict:
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)  # one hash for the five demo accounts
        specs = [
            ("admin", "Nguyễn Hoàng", "Nam", True),
            ("khoi", "Trần Quốc", "Hưng", False),
            ("coso", "Lê Thị Thu", "Hương", False),
            ("chibo", "", "", False),
            ("dangvien", "", "", False),
        ]
        users = {}
        for username, last, first, superuser in specs:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.password = password
            user.first_name, user.last_name = first, last
            user.is_superuser = user.is_staff = superuser
            user.is_active = True
            user.email = f"{username}@demo.dangbo.vn"
            user.save()
            users[username] = user
        return users

    # -- organisations ---------------------------------------------------------------------------------------------
    def organisations(self, admin) -> None:
        from simple_history.utils import bulk_create_with_history


        kinds = {k.code: k for k in OrganizationKind.objects.all()}
        missing = {SUPERIOR, GRASSROOTS_COMMITTEE, GRASSROOTS_CELL, CELL} - set(kinds)
        if missing:
            raise RuntimeError(f"Organisation kinds missing (run the migrations): {', '.join(sorted(missing))}")
        self.kinds = kinds
        self.clusters = {}
        for code, name, description in cat.CLUSTERS:
            self.clusters[code], _created = Cluster.objects.update_or_create(
                code=code, defaults={"name": name, "description": description})

        def build(org: OrgPlan) -> Organization:
            obj = Organization(
                code=org.code, name=org.name, kind=kinds[org.kind], parent_id=org.parent.pk if org.parent else None,
                host_agency=org.host_agency, cluster=self.clusters.get(org.cluster), established_on=org.established_on,
                decision_number=org.decision_number,
            )
            obj.normalize()
            return obj

        levels = [
            [self.plan.root],
            [o for o in self.plan.grassroots if o.special != "transfer_in"],
            self.plan.cells,
        ]
        for level in levels:
            objs = [build(o) for o in level]
            for start in range(0, len(objs), self.batch_size):
                chunk = objs[start:start + self.batch_size]
                bulk_create_with_history(chunk, Organization, batch_size=self.batch_size, default_user=admin,
                                         default_change_reason=CHANGE_REASON)
            self._read_back_ids(level, objs)
            self._history_rows(level, objs, admin)
            if level is levels[1]:
                for org in (o for o in self.plan.grassroots if o.special == "transfer_in"):
                    created = organization_transfer_in(
                        actor=admin, parent=Organization.objects.get(pk=self.plan.root.pk),
                        from_committee=org.options["from"], effective_on=TRANSFER_IN_ON,
                        decision_number="1250-QĐ/TU",
                        reason="Ban Thường vụ Tỉnh ủy chuyển giao tổ chức đảng về Đảng bộ Khối Các cơ quan tỉnh",
                        kind=kinds[GRASSROOTS_CELL], code=org.code, name=org.name, host_agency=org.host_agency,
                        cluster=self.clusters.get(org.cluster),
                    )
                    org.pk = created.pk
                    self.counts["restructuring"] += 1
        self.counts["organisations"] = 1 + len(self.plan.grassroots) + len(self.plan.cells)

    def _read_back_ids(self, level: list[OrgPlan], objs) -> None:

        if objs and objs[0].pk is None:  # a backend that does not return ids from bulk inserts
            ids = dict(Organization.objects.filter(code__in=[o.code for o in objs]).values_list("code", "id"))
            for obj in objs:
                obj.pk = ids[obj.code]
        for org, obj in zip(level, objs, strict=True):
            org.pk = obj.pk

    def _history_rows(self, level: list[OrgPlan], objs, admin) -> None:

        versions, events = [], []
        for org, obj in zip(level, objs, strict=True):
            versions.append(OrganizationVersion(organization_id=obj.pk, name=obj.name, parent_id=obj.parent_id,
                                                kind_id=obj.kind_id, valid_from=org.established_on))
            events.append(RestructuringEvent(
                kind=RestructuringEvent.Kind.CREATE, organization_id=obj.pk, effective_on=org.established_on,
                decision_number=org.decision_number, actor=admin,
                summary=(gettext("Established %(name)s under %(parent)s")
                         % {"name": obj.name, "parent": org.parent.name if org.parent else "—"})[:500],
            ))
        OrganizationVersion.objects.bulk_create(versions, batch_size=self.batch_size)
        RestructuringEvent.objects.bulk_create(events, batch_size=self.batch_size)

    # -- members -------------------------------------------------------------------------------------------------
    def members(self, admin, dangvien_user) -> None:
        holders = self.plan.holders
        regular = sorted((o for o in holders if o.regular), key=lambda o: (o.established_on, o.code))
        self.regular_by_date = regular
        self.regular_dates = [o.established_on for o in regular]
        self.guest_cells = [o for o in self.plan.cells if o.regular] or [o for o in holders if o.regular]
        for org in holders:
            roles = self._roles(org)
            for slot in range(org.size):
                is_dangvien = org is self.plan.chibo and slot == 3
                member, periods = self._member(org, roles[slot] if slot < len(roles) else "staff", slot,
                                               is_dangvien=is_dangvien)
                if is_dangvien:
                    member.user_id = dangvien_user.pk
                    self.dangvien_member = member
                if org is self.plan.chibo and slot == 0:
                    self.chibo_name = member.full_name
                self._queue(member, periods, admin)
            for _index in range(org.inactive):
                member, periods = self._leaver(org)
                self._queue(member, periods, admin)
        self._flush(admin)

    def _roles(self, org: OrgPlan) -> list[str]:
        if org.kind == GRASSROOTS_CELL:
            return ["head", "deputy"] if org.size >= 8 else ["head"]
        if org is org.parent.cells[0]:
            return ["head", "deputy", "deputy"] if org.size >= 6 else ["head"]
        return ["unit_head", "unit_deputy"] if org.size >= 6 else ["unit_head"]

    def _position(self, org: OrgPlan, role: str) -> str:
        top = org.grassroots
        if role in ("head", "deputy"):
            title = _title(top.agency or top.host_agency, cat.HEAD_TITLES, "Thủ trưởng cơ quan")
            return title if role == "head" else f"Phó {title}"
        if role in ("unit_head", "unit_deputy"):
            title = _title(org.name.removeprefix("Chi bộ "), cat.UNIT_HEAD_TITLES, "Trưởng phòng")
            return title if role == "unit_head" else f"Phó {title}"
        return _pick(self.rng, cat.CATEGORIES[org.category][1])

    def _person(self, org: OrgPlan, role: str, *, ref: datetime.date, probationary: bool, age_shift: float = 0.0):
        """A member's file as of `ref` (today for current members); returns (Member, join date, external origin)."""

        rng, people, today = self.rng, self.people, self.today
        male_share, _positions, fields = cat.CATEGORIES[org.category]
        male = rng.random() < min(0.85, male_share + (0.15 if role in ("head", "deputy") else 0.05))
        full_name, rest, given = people.name(male)
        low, high, mode = (23, 36, 27) if probationary else AGES[role]
        age = rng.triangular(low, high, mode) + age_shift
        age = max(age, (today - ref).days / 365.25 + 23)  # at least 23 on the reference date
        born = today - _days(age * 365.25) - _days(rng.randrange(365))
        if (today - born).days < 22 * 365.25 + 1:
            born = today - _days(22 * 365.25 + 2)
        if probationary:
            admitted = today - _days(rng.randint(20, 350))
        else:
            age_at_ref = (ref - born).days / 365.25
            lo = 21.0 if role in ("head", "deputy") else 18.3
            hi = max(lo + 0.5, min(45.0, age_at_ref - 1.1))
            admitted = born + _days(rng.triangular(lo, hi, min(max(24.5, lo), hi)) * 365.25)
            earliest = add_months(born, 18 * 12) + datetime.timedelta(days=1)
            latest = add_months(ref, -12) - datetime.timedelta(days=1)
            admitted = min(max(admitted, earliest), latest)
        full_on = None if probationary else add_months(admitted, 12)
        hometown, home_party = people.hometown()
        theory_key = role if role != "staff" else ("staff_young" if (today - born).days < 30 * 365 else "staff")
        domain = "vinhphuc.gov.vn" if org.category in GOV_DOMAINS else "gmail.com"
        member = Member(
            full_name=full_name, gender="male" if male else "female", date_of_birth=born,
            citizen_id=people.citizen_id(born, male),
            ethnicity=_pick(rng, ETHNICITIES), religion=_pick(rng, RELIGIONS), hometown=hometown,
            education="10/10" if born.year < 1971 and rng.random() < 0.5 else "12/12",
            qualification=_pick(rng, QUALIFICATIONS.get(role, QUALIFICATIONS["staff"])),
            specialization=rng.choice(fields),
            theory_level=_pick(rng, THEORY["staff_young"] if probationary else THEORY[theory_key]),
            position=self._position(org, role), agency=org.agency or org.host_agency,
            phone=people.phone() if rng.random() < 0.96 else "",
            email=people.email(rest, given, domain) if rng.random() < 0.55 else "",
            admitted_on=admitted, full_on=full_on,
            card_number=None if probationary else people.card_number(),
            status="probationary" if probationary else "full",
            status_since=admitted if probationary else full_on,
            organization_id=org.pk,
        )
        self.digest.update(f"{full_name}|{born.isoformat()}|{member.citizen_id}\n".encode())
        # when the member joined this organisation
        join = admitted
        span = (ref - admitted).days
        if not probationary and span > 4 * 365 and rng.random() < 0.45:
            join = admitted + _days(rng.randint(365, span - 180))
        return member, join, home_party

    def _periods(self, org: OrgPlan, member, join: datetime.date, home_party: str) -> list[Period]:
        admitted = member.admitted_on
        periods: list[Period] = []
        admission = "Kết nạp vào Đảng"
        start_reason = admission
        if org.special == "transfer_in":
            if join < org.established_on:
                if join > admitted:
                    periods.append(self._prior(org, admitted, join, home_party, clamped=False))
                outside = f"{org.name} (trực thuộc {org.options['from']})"
                periods.append(Period(start=join, end=org.established_on, external=outside,
                                      start_reason=admission if join == admitted else f"Chuyển đến {outside}",
                                      end_reason=f"Chuyển giao tổ chức đảng về {ROOT_NAME}"))
                join, start_reason = org.established_on, f"Tiếp nhận cùng tổ chức đảng từ {org.options['from']}"
            elif join > admitted:
                prior = self._prior(org, admitted, join, home_party, clamped=False)
                periods.append(prior)
                start_reason = f"Chuyển đến từ {prior.org.name if prior.org else prior.external}"
        else:
            clamped = join < org.established_on
            if clamped:
                join = org.established_on
            if join > admitted:
                prior = self._prior(org, admitted, join, home_party, clamped=clamped)
                periods.append(prior)
                start_reason = (f"Chuyển sinh hoạt khi thành lập {org.name}" if clamped
                                else f"Chuyển đến từ {prior.org.name if prior.org else prior.external}")
        periods.append(Period(start=join, org=org, start_reason=start_reason))
        return periods

    def _prior(self, org: OrgPlan, start, end, home_party: str, *, clamped: bool) -> Period:
        rng = self.rng
        end_reason = f"Chuyển sinh hoạt đảng chính thức đến {org.name}"
        if clamped and end == ROOT_ESTABLISHED:
            where = org.name if org.kind != CELL else f"{org.name}, {org.parent.name}"
            return Period(start=start, end=end, external=f"{where} (tỉnh Vĩnh Phú)", start_reason="Kết nạp vào Đảng",
                          end_reason="Tách tỉnh Vĩnh Phúc, chuyển sinh hoạt về tổ chức đảng mới")
        if rng.random() < 0.3:
            n = bisect.bisect_right(self.regular_dates, start)
            if n:
                other = self.regular_by_date[rng.randrange(n)]
                if other is not org:
                    return Period(start=start, end=end, org=other, start_reason="Kết nạp vào Đảng",
                                  end_reason=end_reason)
        external = home_party if rng.random() < 0.4 else rng.choice(cat.EXTERNAL_ORIGINS)
        return Period(start=start, end=end, external=external, start_reason="Kết nạp vào Đảng",
                      end_reason=end_reason)

    def _member(self, org: OrgPlan, role: str, slot: int, *, is_dangvien: bool):
        rng, today = self.rng, self.today
        ref = org.reference_date or today
        probationary = (ref == today and slot >= 3 and not is_dangvien and role == "staff"
                        and rng.random() < 0.027)
        member, join, home_party = self._person(org, role, ref=ref, probationary=probationary)
        if probationary:
            join = max(member.admitted_on, org.established_on)
        periods = self._periods(org, member, join, home_party)
        home_start = periods[-1].start
        if org.regular and not probationary and not is_dangvien and role == "staff":
            if rng.random() < 0.004:
                started = today - _days(rng.randint(30, 300))
                if started > home_start:
                    months = rng.choice([12, 18, 24])
                    member.temporary_until = add_months(started, months)
                    guest_of = rng.choice(self.guest_cells)
                    if rng.random() < 0.5 and guest_of is not org:
                        member.temporary_organization_id = guest_of.pk
                        periods.append(Period(start=started, org=guest_of, kind="temporary",
                                              start_reason="Chuyển sinh hoạt tạm thời (biệt phái công tác)",
                                              decision_number=f"{rng.randint(100, 999)}-QĐ/ĐUK"))
                    else:
                        where = rng.choice(cat.TEMPORARY_EXTERNAL)
                        member.temporary_external = where
                        periods.append(Period(start=started, external=where, kind="temporary",
                                              start_reason="Chuyển sinh hoạt tạm thời (đi học, công tác)",
                                              decision_number=f"{rng.randint(100, 999)}-QĐ/ĐUK"))
                    self.counts["temporary"] += 1
            elif (today - member.date_of_birth).days >= 55 * 365.25 and rng.random() < 0.08:
                member.exempted_since = max(member.full_on, today - _days(rng.randint(60, 4 * 365)))
                self.counts["exempted"] += 1
        self.counts["probationary" if probationary else "full"] += 1
        return member, periods

    def _leaver(self, org: OrgPlan):
        rng, today = self.rng, self.today
        status = _pick(rng, LEAVINGS)
        earliest = max(today - _days(8 * 365), org.established_on + _days(400))
        left_on = _random_date(rng, earliest, today - _days(30))
        member, join, home_party = self._person(org, "staff", ref=left_on, probationary=False,
                                                age_shift=12.0 if status == "deceased" else 0.0)
        periods = self._periods(org, member, min(join, left_on - _days(30)), home_party)
        if periods[-1].start >= left_on:  # joined too late to leave on that day: leave a little later
            left_on = min(today, periods[-1].start + _days(60))
        decision = ""
        if status == "transferred_out":
            reason = f"Chuyển sinh hoạt đảng chính thức đến {rng.choice(cat.TRANSFER_OUT_DESTINATIONS)}"
        elif status == "deceased":
            reason = "Từ trần"
        elif status == "left":
            reason = "Xin ra khỏi Đảng"
        elif status == "struck_off":
            reason, decision = "Xóa tên trong danh sách đảng viên", f"{rng.randint(10, 900)}-QĐ/ĐUK"
        else:
            reason, decision = "Khai trừ ra khỏi Đảng", f"{rng.randint(10, 900)}-QĐ/ĐUK"
        periods[-1].end, periods[-1].end_reason, periods[-1].decision_number = left_on, reason, decision
        member.status, member.status_since = status, left_on
        self.counts["inactive"] += 1
        return member, periods

    def _queue(self, member, periods, admin) -> None:
        self.pending.append((member, periods))
        if len(self.pending) >= self.batch_size:
            self._flush(admin)

    def _flush(self, admin) -> None:
        from simple_history.utils import bulk_create_with_history


        if not self.pending:
            return
        members = [m for m, _p in self.pending]
        for member in members:
            member.normalize()
        bulk_create_with_history(members, Member, batch_size=self.batch_size, default_user=admin,
                                 default_change_reason=CHANGE_REASON)
        if members[0].pk is None:
            ids = dict(Member.objects.filter(citizen_id__in=[m.citizen_id for m in members])
                       .values_list("citizen_id", "id"))
            for member in members:
                member.pk = ids[member.citizen_id]
        rows = [
            Membership(member_id=member.pk, organization_id=p.org.pk if p.org else None,
                       external_organization=p.external, kind=p.kind, started_on=p.start, ended_on=p.end,
                       start_reason=p.start_reason[:255], end_reason=p.end_reason[:255],
                       decision_number=p.decision_number)
            for member, periods in self.pending for p in periods
        ]
        Membership.objects.bulk_create(rows, batch_size=self.batch_size)
        self.counts["members"] += len(members)
        self.counts["memberships"] += len(rows)
        self.pending = []

    # -- the scripted history ------------------------------------------------------------------------------------
    def restructure(self, admin) -> None:

        def get(org: OrgPlan) -> Organization:
            return Organization.objects.select_related("kind", "parent").get(pk=org.pk)

        for org in self.plan.grassroots:
            if org.special == "transfer_out":
                organization_transfer_out(
                    actor=admin, organization=get(org), to_committee=org.options["to"], effective_on=TRANSFER_OUT_ON,
                    decision_number="2145-QĐ/TU",
                    reason="Đơn vị chuyển về trực thuộc UBND huyện; chuyển giao tổ chức đảng về Đảng bộ huyện",
                )
                self.counts["restructuring"] += 1
        for org in self.plan.grassroots:
            if org.special == "rename":
                obj = organization_rename(
                    actor=admin, organization=get(org), new_name=f"Chi bộ {org.options['renamed_to']}",
                    effective_on=RENAME_ON, decision_number="318-QĐ/ĐUK",
                    reason="Cơ quan đổi tên theo quyết định của UBND tỉnh",
                )
                organization_update(actor=admin, organization=obj, host_agency=org.options["renamed_to"],
                                    reason="Cơ quan đổi tên theo quyết định của UBND tỉnh")
                org.name, org.host_agency = obj.name, obj.host_agency
                self.counts["restructuring"] += 1
        if self.plan.merge:
            target, source = self.plan.merge
            why = "Sắp xếp, tinh gọn tổ chức bộ máy theo Nghị quyết số 18-NQ/TW"
            organization_merge(actor=admin, sources=[get(source)], target=get(target), effective_on=MERGE_ON,
                               decision_number="57-QĐ/ĐU", reason=why)
            new_name = f"{target.name} và {source.name.removeprefix('Chi bộ ')}"
            organization_rename(actor=admin, organization=get(target), new_name=new_name, effective_on=MERGE_ON,
                                decision_number="57-QĐ/ĐU", reason=why)
            target.name = new_name
            self.counts["restructuring"] += 1

    # -- roles -----------------------------------------------------------------------------------------------------
    def roles(self, users: dict) -> None:

        plan = self.plan
        since = datetime.date(2020, 10, 15)  # after the Bloc congress of the 2020–2025 term
        grants = [
            ("admin", "admin", plan.root, "Quản trị hệ thống dữ liệu mẫu"),
            ("khoi", "bloc_standing", plan.root, "Phó Bí thư Thường trực Đảng ủy Khối"),
            ("coso", "committee_staff", plan.coso or plan.chibo, "Cán bộ Văn phòng Đảng ủy cơ sở"),
            ("chibo", "cell_secretary", plan.chibo, "Bí thư chi bộ"),
            ("dangvien", "member", plan.chibo, "Đảng viên"),
        ]
        for username, role, org, note in grants:
            if org is None:
                continue
            assignment = RoleAssignment(user=users[username], role=role, organization_id=org.pk, started_on=since,
                                        note=note)
            stamp(assignment, actor=users["admin"], reason=CHANGE_REASON)
            assignment.save()
        for username, name in (("chibo", self.chibo_name),
                               ("dangvien", self.dangvien_member.full_name if self.dangvien_member else None)):
            if name:
                last, _sep, first = name.rpartition(" ")
                user = users[username]
                user.first_name, user.last_name = first, last
                user.save(update_fields=["first_name", "last_name"])


def figures(root_code: str = ROOT_CODE) -> dict:
    """The figures the seed article states, read back from the database."""
    from django.db.models import Q


    active = Organization.Status.ACTIVE
    root = Organization.objects.filter(code=root_code).first()
    under_root = Organization.objects.filter(parent=root, status=active)
    seats = Seat.objects.filter(ended_on__isnull=True, body__ended_on__isnull=True)
    committee_seats = seats.filter(grassroots_committee_q()).aggregate(
        total=Count("id"), concurrent=Count("id", filter=Q(engagement=Seat.Engagement.CONCURRENT)))
    committee_sizes = dict(
        Member.objects.filter(status__in=ACTIVE_STATUSES, organization__parent__kind__code=GRASSROOTS_COMMITTEE)
        .values("organization__parent").annotate(n=Count("id")).values_list("organization__parent", "n")
    )
    return {
        "grassroots": under_root.filter(kind__code__in=(GRASSROOTS_COMMITTEE, GRASSROOTS_CELL)).count(),
        "grassroots_committees": under_root.filter(kind__code=GRASSROOTS_COMMITTEE).count(),
        "grassroots_cells": under_root.filter(kind__code=GRASSROOTS_CELL).count(),
        "cells": Organization.objects.filter(kind__code=CELL, status=active).count(),
        "members": Member.objects.filter(status__in=ACTIVE_STATUSES).count(),
        "probationary": Member.objects.filter(status="probationary").count(),
        "inactive": Member.objects.exclude(status__in=ACTIVE_STATUSES).count(),
        "clusters": Cluster.objects.count(),
        "max_committee_members": max(committee_sizes.values(), default=0),
        "committees_200_plus": sum(1 for n in committee_sizes.values() if n >= 200),
        "terms": Term.objects.count(),
        "seats": seats.count(),
        "committee_members": committee_seats["total"],
        "committee_members_concurrent": committee_seats["concurrent"],
        "meetings_held": Meeting.objects.filter(status__in=(Meeting.Status.HELD, Meeting.Status.CLOSED)).count(),
        "visits": Visit.objects.filter(visited_on__gte=VISITS_SINCE).count(),
        "pilots": Meeting.objects.filter(is_pilot=True).exclude(status=Meeting.Status.CANCELLED).count(),
    }


def generate(*, seed: int = 2018, grassroots: int = 55, cells: int = 287, members: int = 3950,
             inactive: int | None = None, restructuring: bool = True, batch_size: int = 2000, stdout=None,
             today: datetime.date | None = None, committee_seats: int | None = None,
             meetings_since: datetime.date | None = None, dues_since: datetime.date | None = None,
             reviews_since: datetime.date | None = None) -> dict:
    """Load a demo installation into the database (in one transaction) and return what it holds.

    `members` is the number of active (probationary + full) members at the end; `inactive` leavers
    (default ~0.9 %) come on top, as do the members of the grassroots cell that is transferred out
    in the scripted history. With `restructuring` the history holds: a grassroots cell received from
    a city committee (2019), one handed to a district committee (2021), a rename (2022) and a merge of
    two subordinate cells (2023); the active counts are still exactly `grassroots` and `cells`.

    The apparatus (terms, committees, seats; demo/apparatus_data.py) follows; `committee_seats` sets the
    number of grassroots committee members in office (the article's 428), otherwise sizes follow membership.

    Cell meetings (demo/meetings_data.py) run monthly from `meetings_since` (default: the last 12 months), with
    the Bloc's working groups, their 74 visits since 2017 and the cluster pilots.
    """
    started = time.monotonic()
    today = today or datetime.date.today()
    plan = build_plan(seed=seed, grassroots=grassroots, cells=cells, members=members, inactive=inactive,
                      restructuring=restructuring)
    loader = _Loader(plan, seed=seed, today=today, batch_size=batch_size, out=stdout)
    # bulk_create skips the signals that keep the organisations' figures: they are counted once, at the end
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic(), figures_bulk():
        users = loader.users()
        admin = users["admin"]
        loader.organisations(admin)
        loader.say(f"  {loader.counts['organisations']} organisations ({time.monotonic() - started:.1f} s)")
        loader.members(admin, users["dangvien"])
        loader.say(f"  {loader.counts['members']} member files, {loader.counts['memberships']} membership periods "
                   f"({time.monotonic() - started:.1f} s)")
        if restructuring:
            loader.restructure(admin)
        apparatus = load_apparatus(plan, seed=seed, today=today, admin=admin, change_reason=CHANGE_REASON,
                                   batch_size=batch_size, committee_seats=committee_seats,
                                   chibo_name=loader.chibo_name)
        loader.say(f"  {apparatus['terms']} terms, {apparatus['bodies']} committees, {apparatus['seats']} seats "
                   f"({time.monotonic() - started:.1f} s)")
        loader.roles(users)
        since = meetings_since or add_months(today.replace(day=1), -12)
        meetings = load_meetings(seed=seed, today=today, since=since, admin=admin, change_reason=CHANGE_REASON,
                                 batch_size=batch_size, chibo_org=plan.chibo.pk if plan.chibo else None)
        loader.say(f"  {meetings['meetings']} meetings since {since:%m/%Y} ({meetings['attendance']} attendance rows), "
                   f"{meetings['visits']} visits, {meetings['pilots']} cluster pilots "
                   f"({time.monotonic() - started:.1f} s)")
        chair = chair_account(admin=admin, root_id=plan.root.pk if plan.root else None)
        petitions = load_petitions(seed=seed, today=today, admin=admin, khoi=users["khoi"], coso_user=users["coso"],
                                   coso_org=plan.coso.pk if plan.coso else None, change_reason=CHANGE_REASON,
                                   batch_size=batch_size)
        loader.say(f"  {petitions['petitions']} petitions since 2017 ({petitions['not_handled']} not handled, "
                   f"{petitions['overdue']} overdue) ({time.monotonic() - started:.1f} s)")
        inspections = load_inspections(seed=seed, today=today, admin=admin, batch_size=batch_size,
                                       chibo_org=plan.chibo.pk if plan.chibo else None)
        loader.say(f"  {inspections['programmes']} inspection programmes, {inspections['cases']} items, "
                   f"{inspections['remedies']} remedies ({inspections['overdue']} overdue) "
                   f"({time.monotonic() - started:.1f} s)")
        dues = load_dues(seed=seed, today=today, admin=admin, change_reason=CHANGE_REASON, batch_size=batch_size,
                         chibo_org=plan.chibo.pk if plan.chibo else None, coso_org=plan.coso.pk if plan.coso else None,
                         since=dues_since)
        loader.say(f"  dues: {dues['bases']} bases, {dues['reliefs']} reliefs, {dues['payments']} monthly payments, "
                   f"{dues['remittances']} remittances "
                   f"({time.monotonic() - started:.1f} s)")
        badges = load_badges(today=today, admin=admin, change_reason=CHANGE_REASON, batch_size=batch_size,
                             chibo_org=plan.chibo.pk if plan.chibo else None,
                             coso_org=plan.coso.pk if plan.coso else None)
        loader.say(f"  badges: {badges['awards']} awarded, {badges['interruptions']} interrupted membership, "
                   f"{badges['illnesses']} seriously ill, next presentation {badges['next']:%d/%m/%Y} "
                   f"({time.monotonic() - started:.1f} s)")
        reviews = load_reviews(seed=seed, today=today, admin=admin, change_reason=CHANGE_REASON, batch_size=batch_size,
                               chibo_org=plan.chibo.pk if plan.chibo else None, dangvien_user=users["dangvien"],
                               first_year=reviews_since.year if reviews_since else today.year - 1)
        loader.say(f"  reviews: {reviews['campaigns']} yearly campaigns, {reviews['member_reviews']} member reviews, "
                   f"{reviews['organization_reviews']} organisation reviews ({time.monotonic() - started:.1f} s)")
        documents = load_documents(today=today, admin=admin, root_id=plan.root.pk if plan.root else None,
                                   coso_org=plan.coso.pk if plan.coso else None,
                                   chibo_org=plan.chibo.pk if plan.chibo else None)
        loader.say(f"  documents: {documents['documents']} in the registers ({time.monotonic() - started:.1f} s)")
        studies = load_studies(seed=seed, today=today, admin=admin, root_id=plan.root.pk if plan.root else None,
                               coso_org=plan.coso.pk if plan.coso else None,
                               chibo_org=plan.chibo.pk if plan.chibo else None, dangvien_member=loader.dangvien_member)
        loader.say(f"  studies: {studies.get('sessions_held', 0)} sessions held, {studies.get('takeaways', 0)} "
                   f"takeaways, {studies.get('programmes', 0)} action programmes with {studies.get('tasks', 0)} tasks "
                   f"({time.monotonic() - started:.1f} s)")
        news = load_news(khoi=users["khoi"], coso=users["coso"])
        loader.say(f"  news site: {news.get('articles', 0)} articles, {news.get('comments', 0)} reader comments "
                   f"({time.monotonic() - started:.1f} s)")
        result = figures()
    result.update(
        petitions=petitions["petitions"],
        petitions_overdue=petitions["overdue"],
        inspection_chair=chair.username if chair else "",
        seed=seed,
        member_files=loader.counts["members"],
        memberships=loader.counts["memberships"],
        temporary=loader.counts["temporary"],
        exempted=loader.counts["exempted"],
        restructuring_events=loader.counts["restructuring"],
        meetings_since=since,
        meetings=meetings["meetings"],
        meetings_planned=meetings["meetings_planned"],
        visits_planned=meetings["visits_planned"],
        inspections=inspections,
        users=[u for u, _label in DEMO_USERS],
        coso=plan.coso.name if plan.coso else "",
        chibo=plan.chibo.name if plan.chibo else "",
        digest=loader.digest.hexdigest(),
        seconds=round(time.monotonic() - started, 2),
    )
    return result


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, full name, role, organisation) of the demo accounts present in the database."""

    rows = []
    User = get_user_model()
    for username, label in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        assignment = (RoleAssignment.objects.filter(user=user).select_related("organization")
                      .order_by("id").first())
        role = assignment.get_role_display() if assignment else str(label)
        org = assignment.organization.name if assignment and assignment.organization else "—"
        rows.append((username, f"{user.last_name} {user.first_name}".strip(), str(role), org))
    return rows


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Use: python manage.py load_demo")
