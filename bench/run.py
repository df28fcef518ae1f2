"""Time the member list (filtered, sorted, page 50), the dashboard, the apparatus pages (health, staffing) and the
cell-meeting compliance page for a year at province size, as ratios to raw SQL that reads the same rows and
figures.

    .venv/bin/python bench/run.py [--rebuild] [--repeat N] [--only TEXT]

The dataset goes to BENCH_DATABASE_URL (default: SQLite bench/out/province.sqlite3) and is built once
with the demo generator at province scale (100,000 members); later runs reuse it.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
OUT.mkdir(parents=True, exist_ok=True)
# --national: the national dataset built by bench/national.py (PostgreSQL), timed with the same pages
NATIONAL = "--national" in sys.argv
if NATIONAL:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_NATIONAL_URL",
                                                "postgres://postgres@127.0.0.1:5432/dangbo_bench_national")
else:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{OUT / 'province.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
# The test client speaks plain HTTP: without this the production default (HTTPS, issue 15) redirects every page.
os.environ.setdefault("HTTPS", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

PROVINCE = {"grassroots": 700, "cells": 3000, "members": 100_000}
PAGE = 50
PER_PAGE = 25


def ensure_database(drop: bool = False) -> None:
    """Create the benchmark database on first use (after dropping it, to rebuild: the data migrations seed
    the kinds and rules, so a flush would not do)."""
    connection.close()
    if connection.vendor != "postgresql":
        path = Path(connection.settings_dict["NAME"])
        if drop and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    params = connection.get_connection_params()
    name = params.pop("dbname")
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        if drop:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def ensure_dataset(rebuild: bool) -> None:
    from organizations.models import Organization

    if NATIONAL:
        call_command("migrate", verbosity=0)
        if not Organization.objects.exists():
            sys.exit("the national dataset is missing: .venv/bin/python bench/national.py")
        return

    ensure_database(drop=rebuild)
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        from demo.generator import generate

        started = time.perf_counter()
        generate(seed=2018, **PROVINCE, stdout=sys.stdout)
        print(f"dataset built in {time.perf_counter() - started:.1f} s")
    analyze()


def analyze() -> None:
    """Give the planner its statistics before anything is timed (SQLite: ANALYZE once). A database just bulk-loaded has none until
    autovacuum gets round to it (a production database has had them for long), and without them both the app's
    queries and the raw-SQL floors run on guessed row counts: the floors 2.5-4x too slow, the ratios about half the
    real ones. Done once, after the build or on the first run over an older build."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # SQLite's planner reads its statistics from sqlite_stat1
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone()[0]:
                # again when a migration added an index since (it has no statistics yet)
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name NOT LIKE "
                               "'sqlite_autoindex%' AND tbl_name IN ('members_member', 'meetings_attendance') "
                               "AND name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)")
                if not cursor.fetchone()[0]:
                    return
            started = time.perf_counter()
            cursor.execute("ANALYZE")
        print(f"ANALYZE in {time.perf_counter() - started:.1f} s")
        return
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NULL "
                       "AND last_autoanalyze IS NULL AND relname IN ('members_member', 'meetings_attendance', "
                       "'members_membership', 'organizations_organization')")
        if not cursor.fetchone()[0]:
            return
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")  # Django's connection is in autocommit here: VACUUM needs no transaction
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")


def median_time(fn, repeat: int) -> float:
    fn()  # warm-up: caches, connection, template compilation
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def raw(sql: str, params=()):
    def run():
        with connection.cursor() as cursor:
            for statement, args in sql if isinstance(sql, list) else [(sql, params)]:
                cursor.execute(statement, args)
                cursor.fetchall()

    return run


MEMBER_COLUMNS = "m.*, o.id, o.name, o.code, t.id, t.name"
MEMBER_FROM = (
    " FROM members_member m"
    " LEFT JOIN organizations_organization o ON o.id = m.organization_id"
    " LEFT JOIN organizations_organization t ON t.id = m.temporary_organization_id"
    " WHERE m.status IN ('probationary', 'full') AND m.gender = 'female'"
)


def member_list_sql():
    offset = (PAGE - 1) * PER_PAGE
    return [
        # the count needs none of the joins (each matches at most one row): a careful count reads the index only
        ("SELECT COUNT(*) FROM members_member m WHERE m.status IN ('probationary', 'full') AND m.gender = 'female'",
         ()),
        (f"SELECT {MEMBER_COLUMNS}{MEMBER_FROM} ORDER BY m.name_sort, m.id LIMIT {PER_PAGE} OFFSET {offset}", ()),
    ]


def dashboard_sql():
    import datetime

    from members.choices import AGE_BANDS, TheoryLevel
    from members.selectors import age_band_dates

    today = datetime.date.today()
    registered = "organization_id IS NOT NULL"
    active = f"status IN ('probationary', 'full') AND {registered}"
    parts = [
        f"SUM(CASE WHEN {active} THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN status = 'probationary' AND {registered} THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN status = 'full' AND {registered} THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN {active} AND exempted_since IS NOT NULL THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN {active} AND (temporary_organization_id IS NOT NULL OR temporary_external <> '')"
        " THEN 1 ELSE 0 END)",
    ]
    for gender in ("male", "female"):
        parts.append(f"SUM(CASE WHEN {active} AND gender = '{gender}' THEN 1 ELSE 0 END)")
    for code, *_ in AGE_BANDS:
        lo, hi = age_band_dates(code, today)
        parts.append(f"SUM(CASE WHEN {active} AND date_of_birth > '{lo.isoformat()}' AND date_of_birth <= "
                     f"'{hi.isoformat()}' THEN 1 ELSE 0 END)")
    for code, _label in TheoryLevel.choices:
        parts.append(f"SUM(CASE WHEN {active} AND theory_level = '{code}' THEN 1 ELSE 0 END)")
    return [
        ("SELECT k.code, k.label, k.tier, COUNT(o.id) FROM organizations_organization o"
         " JOIN organizations_organizationkind k ON k.id = o.kind_id WHERE o.status = 'active'"
         " GROUP BY k.code, k.label, k.tier, k.sort_order ORDER BY k.sort_order", ()),
        ("SELECT " + ", ".join(parts) + " FROM members_member", ()),
        (f"SELECT status, SUM(CASE WHEN {registered} THEN 1 ELSE 0 END) FROM members_member GROUP BY status", ()),
    ]


def apparatus_state_sql():
    """What the apparatus checks read: rules, organisations that elect a committee, open terms and bodies, seats in
    office per body and position, full members per organisation."""
    organizations = ("SELECT o.id FROM organizations_organization o JOIN organizations_organizationkind k"
                     " ON k.id = o.kind_id WHERE o.status = 'active' AND k.elects_committee")
    return [
        ("SELECT * FROM rules_rule", ()),
        ("SELECT o.*, k.*, p.* FROM organizations_organization o JOIN organizations_organizationkind k"
         " ON k.id = o.kind_id LEFT JOIN organizations_organization p ON p.id = o.parent_id"
         " WHERE o.status = 'active' AND k.elects_committee", ()),
        (f"SELECT * FROM apparatus_term WHERE ended_on IS NULL AND organization_id IN ({organizations})", ()),
        ("SELECT b.* FROM apparatus_body b JOIN apparatus_term t ON t.id = b.term_id WHERE b.ended_on IS NULL"
         f" AND t.ended_on IS NULL AND b.organization_id IN ({organizations})", ()),
        ("SELECT s.body_id, b.organization_id, s.position, COUNT(*),"
         " SUM(CASE WHEN m.status = 'probationary' THEN 1 ELSE 0 END),"
         " SUM(CASE WHEN s.engagement = 'full_time' THEN 1 ELSE 0 END)"
         " FROM apparatus_seat s JOIN apparatus_body b ON b.id = s.body_id JOIN members_member m ON m.id = s.member_id"
         f" WHERE s.ended_on IS NULL AND b.ended_on IS NULL AND b.organization_id IN ({organizations})"
         " GROUP BY s.body_id, b.organization_id, s.position", ()),
        (f"SELECT organization_id, COUNT(*) FROM members_member WHERE status = 'full' AND organization_id IN"
         f" ({organizations}) GROUP BY organization_id", ()),
    ]


def committee_figure_sql():
    return [("SELECT COUNT(*), SUM(CASE WHEN s.engagement = 'concurrent' THEN 1 ELSE 0 END) FROM apparatus_seat s"
             " JOIN apparatus_body b ON b.id = s.body_id JOIN organizations_organization o ON o.id = b.organization_id"
             " JOIN organizations_organizationkind k ON k.id = o.kind_id WHERE s.ended_on IS NULL AND b.ended_on IS NULL"
             " AND b.kind IN ('executive_committee', 'cell_committee') AND k.tier = 'grassroots'", ())]


def staffing_sql():
    """Grassroots organisations, the tree (to add members up to their grassroots organisation), members per
    organisation, and seats in office per grassroots organisation, body and engagement."""
    return [
        ("SELECT * FROM rules_rule", ()),
        ("SELECT o.*, k.* FROM organizations_organization o JOIN organizations_organizationkind k ON k.id = o.kind_id"
         " WHERE k.tier = 'grassroots' AND o.status = 'active'", ()),
        ("SELECT id, parent_id FROM organizations_organization", ()),
        ("SELECT organization_id, COUNT(*) FROM members_member WHERE status IN ('probationary', 'full')"
         " AND organization_id IS NOT NULL GROUP BY organization_id", ()),
        ("SELECT b.organization_id, b.kind, s.engagement, COUNT(*) FROM apparatus_seat s"
         " JOIN apparatus_body b ON b.id = s.body_id JOIN organizations_organization o ON o.id = b.organization_id"
         " JOIN organizations_organizationkind k ON k.id = o.kind_id WHERE s.ended_on IS NULL AND b.ended_on IS NULL"
         " AND k.tier = 'grassroots' AND o.status = 'active' GROUP BY b.organization_id, b.kind, s.engagement", ()),
    ]


def compliance_year():
    """The months of the current calendar year the dataset covers (it holds the last 12 months of meetings)."""
    import datetime

    today = datetime.date.today()
    return datetime.date(today.year, 1, 1), datetime.date(today.year + 1, 1, 1)


def compliance_sql(start=None, end=None, root: int | None = None):
    """What the compliance page for a year needs: the rules, the cells that existed in the year with their parent,
    the year's meetings, attendance counted per held meeting and presence, each held meeting's latest document,
    and the presence history of the members excused in the year (for the runs of excused absences). `root`: only
    the cells of that organisation's subtree (a province of the national dataset)."""
    if start is None:
        start, end = compliance_year()
    s, e = start.isoformat(), end.isoformat()
    within = ""
    if root is not None:
        within = (f" AND o.id IN (WITH RECURSIVE sub(id) AS (SELECT CAST({int(root)} AS BIGINT) UNION SELECT c.id FROM"
                  " organizations_organization c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)")
    cells = ("SELECT o.id FROM organizations_organization o JOIN organizations_organizationkind k ON k.id = o.kind_id"
             " WHERE k.holds_members" + within)
    held = (f"SELECT id FROM meetings_meeting WHERE organization_id IN ({cells}) AND period >= '{s}'"
            f" AND period < '{e}' AND status IN ('held', 'closed') AND held_on IS NOT NULL")
    return [
        ("SELECT * FROM rules_rule", ()),
        ("SELECT o.*, k.*, p.name FROM organizations_organization o JOIN organizations_organizationkind k"
         " ON k.id = o.kind_id LEFT JOIN organizations_organization p ON p.id = o.parent_id"
         f" WHERE k.holds_members AND o.established_on < '{e}' AND (o.ended_on IS NULL OR o.ended_on >= '{s}')"
         f"{within} ORDER BY o.name_sort", ()),
        (f"SELECT * FROM meetings_meeting WHERE organization_id IN ({cells}) AND period >= '{s}' AND period < '{e}'"
         " AND status <> 'cancelled' ORDER BY planned_on, id", ()),
        (f"SELECT meeting_id, presence, COUNT(*) FROM meetings_attendance WHERE meeting_id IN ({held})"
         " GROUP BY meeting_id, presence", ()),
        (f"SELECT meeting_id, MAX(available_on) FROM meetings_meetingdocument WHERE meeting_id IN ({held})"
         " GROUP BY meeting_id", ()),
        ("SELECT m.organization_id, a.member_id, m.held_on, a.presence FROM meetings_attendance a"
         " JOIN meetings_meeting m ON m.id = a.meeting_id WHERE a.member_id IN (SELECT member_id FROM"
         f" meetings_attendance WHERE presence = 'excused' AND meeting_id IN ({held})) AND m.held_on >= '{s}'"
         f" AND m.held_on < '{e}' AND m.status IN ('held', 'closed') ORDER BY m.held_on, m.id", ()),
    ]


EXPORT_COLUMNS = ("full_name", "gender", "date_of_birth", "citizen_id", "ethnicity", "religion", "hometown",
                  "education", "qualification", "theory_level", "position", "agency", "phone", "email", "admitted_on",
                  "full_on", "card_number")


def bare_member_export():
    """The floor of the whole-province export: the same rows and columns fetched by one query and written by
    openpyxl in write-only mode to a temporary file (choice codes turned into labels by a dict), nothing else."""
    import tempfile

    from openpyxl import Workbook

    from members.models import Member

    labels = {name: {k: str(v) for k, v in Member._meta.get_field(name).flatchoices}
              for name in ("gender", "theory_level", "status") if Member._meta.get_field(name).choices}
    columns = ", ".join(f"m.{c}" for c in EXPORT_COLUMNS)
    sql = (f"SELECT {columns}, o.code, o.name, t.name, m.temporary_external, m.status, m.exempted_since"
           " FROM members_member m LEFT JOIN organizations_organization o ON o.id = m.organization_id"
           " LEFT JOIN organizations_organization t ON t.id = m.temporary_organization_id ORDER BY m.name_sort, m.id")
    gender, theory, status = EXPORT_COLUMNS.index("gender"), EXPORT_COLUMNS.index("theory_level"), len(EXPORT_COLUMNS) + 4

    def run():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("export")
        sheet.append([*EXPORT_COLUMNS, "organization_code", "organization", "temporarily_at", "status", "exempted"])
        with connection.cursor() as cursor:
            cursor.execute(sql)
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    row = list(row)
                    row[gender] = labels.get("gender", {}).get(row[gender], row[gender])
                    row[theory] = labels.get("theory_level", {}).get(row[theory], row[theory])
                    row[status] = labels.get("status", {}).get(row[status], row[status])
                    row[len(EXPORT_COLUMNS) + 2] = row[len(EXPORT_COLUMNS) + 2] or row[len(EXPORT_COLUMNS) + 3]
                    del row[len(EXPORT_COLUMNS) + 3]
                    sheet.append(row)
        with tempfile.TemporaryFile() as spool:
            workbook.save(spool)

    return run


def export(client: Client, url: str):
    """An export made in the request (not handed to the background worker), read to its last byte."""
    def fetch():
        with override_settings(EXPORT_SYNC_MAX_ROWS=10**9):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 1000
        return response

    return fetch


def tree_sql():
    """The tree's first two levels and what their figures need without a pre-aggregated table: the tree's rows
    and one grouped count of the active members per organisation."""
    return [
        ("SELECT o.id, o.name, o.parent_id, k.label FROM organizations_organization o JOIN organizations_organizationkind"
         " k ON k.id = o.kind_id WHERE o.parent_id IS NULL OR o.parent_id IN (SELECT id FROM"
         " organizations_organization WHERE parent_id IS NULL)", ()),
        ("SELECT id, parent_id FROM organizations_organization WHERE status = 'active'", ()),
        ("SELECT organization_id, COUNT(*) FROM members_member WHERE status IN ('probationary', 'full')"
         " GROUP BY organization_id", ()),
    ]


def previous_month():
    import datetime

    first = datetime.date.today().replace(day=1)
    start = (first - datetime.timedelta(days=1)).replace(day=1)
    return start, first


def page(client: Client, url: str):
    def fetch():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return fetch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", default="", help="Run only the cases whose label contains this text (or one of "
                                                   "these, separated by commas).")
    parser.add_argument("--national", action="store_true", help="Time the national dataset (bench/national.py).")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    ensure_dataset(args.rebuild)

    from django.contrib.auth import get_user_model

    from members.models import Member
    from organizations.models import Organization

    vendor = connection.vendor
    print(f"database: {vendor}; members: {Member.objects.count():,}; organisations: "
          f"{Organization.objects.count():,}")
    client = Client()
    client.force_login(get_user_model().objects.get(username="khoi"))
    # Django's admin changelist of the same rows, side by side with the app's list (bench/admin_urls.py)
    settings.ROOT_URLCONF = "bench.admin_urls"
    admin_client = Client()
    admin_client.force_login(get_user_model().objects.get_or_create(
        username="bench_admin", defaults={"is_staff": True, "is_superuser": True})[0])

    cases = [
        ("member list: female, active, by name, page 50",
         page(client, f"/members/?gender=female&status=active&sort=full_name&page={PAGE}"), raw(member_list_sql())),
        ("member list, same rows, in Django admin",
         page(admin_client, f"/bench-admin/members/member/?gender__exact=female&status__in=probationary,full&p={PAGE}"),
         raw(member_list_sql())),
        ("dashboard (Bloc standing committee)", page(client, "/"),
         raw(dashboard_sql() + committee_figure_sql() + apparatus_state_sql())),
        ("apparatus health (whole Bloc)", page(client, "/apparatus/health/"), raw(apparatus_state_sql())),
        ("staffing analysis (whole Bloc)", page(client, "/apparatus/staffing/"), raw(staffing_sql())),
        (f"meeting compliance, year {compliance_year()[0].year} (every cell)",
         page(client, f"/meetings/compliance/?month={compliance_year()[0]:%Y-%m}&period=year"), raw(compliance_sql())),
        (f"meeting compliance, year {compliance_year()[0].year}, per grassroots org.",
         page(client, f"/meetings/compliance/?month={compliance_year()[0]:%Y-%m}&period=year&by=grassroots"),
         raw(compliance_sql())),
        ("member export, every status, whole province (xlsx)",
         export(client, "/members/?status=all&export=xlsx"), bare_member_export(), 3),
    ]
    month, month_end = previous_month()
    province_root = (Organization.objects.filter(parent__isnull=True).values_list("pk", flat=True).first()
                     if not NATIONAL else
                     Organization.objects.filter(parent__parent__isnull=True, parent__isnull=False)
                     .order_by("pk").values_list("pk", flat=True).first())
    province_client = client
    if NATIONAL:
        province_client = Client()
        province_client.force_login(get_user_model().objects.get(username="tinh"))
    cases += [
        ("organisation tree, first levels", page(client, "/organizations/tree/"), raw(tree_sql())),
        (f"meeting compliance, {month:%m/%Y}, one province",
         page(province_client, f"/meetings/compliance/?month={month:%Y-%m}"),
         raw(compliance_sql(month, month_end, province_root))),
    ]
    if NATIONAL:
        cases = [c for c in cases if "export" not in c[0] and "year" not in c[0] and "whole Bloc" not in c[0]]
    print(f"{'case':50} {'app ms':>9} {'SQL ms':>9} {'ratio':>7} {'queries':>8} {'peak MiB':>9}")
    timed = {}
    wanted = [w.strip().lower() for w in args.only.split(",")]
    for label, app, sql, *repeat in [c for c in cases if any(w in c[0].lower() for w in wanted)]:
        repeat = min(repeat[0], args.repeat) if repeat else args.repeat
        executed = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            app()
        if repeat < args.repeat:
            # a long case (the export): tracemalloc would slow it tenfold; its peak is the growth of the process's
            # resident high-water mark over the run instead (an upper bound of what it held)
            high = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            app()
            peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - high) * 1024
        else:
            tracemalloc.start()
            app()
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        app_time = median_time(app, repeat)
        sql_time = median_time(sql, repeat)
        print(f"{label:50} {app_time * 1000:9.1f} {sql_time * 1000:9.1f} {app_time / sql_time:7.2f} "
              f"{len(executed):8d} {peak / 2**20:9.1f}")
        timed[label] = app_time
    results = OUT / f"results-{'national' if NATIONAL else vendor}.json"
    kept = json.loads(results.read_text()) if results.exists() else {}
    results.write_text(json.dumps({**kept, **{k: round(v * 1000, 1) for k, v in timed.items()}}, indent=1))
    province, national = OUT / "results-postgresql.json", OUT / "results-national.json"
    if vendor == "postgresql" and province.exists() and national.exists():
        before, after = json.loads(province.read_text()), json.loads(national.read_text())
        print("growth province -> national (PostgreSQL, the last run of each):")
        for label in [label for label in after if before.get(label)]:
            print(f"  {label:50} {before[label]:9.1f} -> {after[label]:9.1f} ms = x{after[label] / before[label]:.2f}")
    listed, admin_listed = (timed.get(label) for label, *_ in cases[:2])
    if listed and admin_listed:
        print(f"member list: Django admin's changelist / the app's list = {admin_listed / listed:.2f} "
              f"(the issue's target: at least 3)")


if __name__ == "__main__":
    main()
