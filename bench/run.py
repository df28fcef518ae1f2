"""Time the member list (filtered, sorted, page 50), the dashboard, the apparatus pages (health, staffing) and the
cell-meeting compliance page for a year at province size, as ratios to raw SQL that reads the same rows and
figures.

    .venv/bin/python bench/run.py [--rebuild] [--repeat N] [--only TEXT]

The dataset goes to BENCH_DATABASE_URL (default: SQLite bench/out/province.sqlite3) and is built once
with the demo generator at province scale (100,000 members); later runs reuse it.
"""

import argparse
import datetime
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
                               "'sqlite_autoindex%' AND tbl_name IN ('members_member', 'meetings_attendance', "
                               "'meetings_meeting', 'meetings_cellmonth') "
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
                       "'members_membership', 'organizations_organization', 'meetings_cellmonth')")
        if not cursor.fetchone()[0]:
            return
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")  # Django's connection is in autocommit here: VACUUM needs no transaction
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")


# Tables no page may read whole: a page reads what a person looks at through an index.
LARGE_TABLES = ("members_member", "meetings_attendance", "members_membership", "meetings_meeting")


def explain(label: str, executed: list, dataset: str) -> None:
    """The plan of each SELECT a page ran (EXPLAIN ANALYZE: run again, timed by the server), written to
    bench/explain/<dataset>/<page>.txt; a sequential scan of a large table is printed."""
    import re

    folder = ROOT / "bench" / "explain" / dataset
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    lines, scans = [f"# {label}: the plans of the {len(executed)} queries of one view ({dataset} dataset)\n"], set()
    with connection.cursor() as cursor:
        for n, (sql, params) in enumerate(executed, 1):
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            # the statement as run, its values shown where the driver would have bound them
            shown = cursor.mogrify(sql, params) if params else sql
            lines += [f"## query {n}", shown, "", *plan, ""]
            scans |= {table for line in plan for table in LARGE_TABLES if re.search(rf"Seq Scan on {table}\b", line)}
    (folder / f"{slug}.txt").write_text("\n".join(lines))
    if scans:
        print(f"  {'':48} sequential scan of {', '.join(sorted(scans))} (bench/explain/{dataset}/{slug}.txt)")


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
    """The count as kept (the roots' subtree totals of active women, `organizations_organizationfigures`; counting
    the index was the floor before the figures were kept: 100 ms at national size), and the index walk to the
    page."""
    offset = (PAGE - 1) * PER_PAGE
    return [
        ("SELECT f.total FROM organizations_organizationfigures f JOIN organizations_organization o"
         " ON o.id = f.organization_id WHERE o.parent_id IS NULL", ()),
        (f"SELECT {MEMBER_COLUMNS}{MEMBER_FROM} ORDER BY m.name_sort, m.id LIMIT {PER_PAGE} OFFSET {offset}", ()),
    ]


def dashboard_sql():
    """The best plan for what the home page of a whole-tree user shows: the figures of the tree as kept
    (organizations_organizationfigures: the roots' subtree totals hold every count the dashboard draws), the kinds
    they are labelled with, and the to-do counted on its partial indexes: the meetings still open, the coming week's
    without notice, the cells that planned this month's meeting, the probationary members whose probation can
    have ended, the transfer papers and letters awaited. (The floor printed before the figures were kept was the
    recount of every member: not a floor once the counts are kept.)"""
    import datetime

    from core.dates import add_months
    from members.selectors import DUE_AHEAD_DAYS
    from rules.codes import PROBATION_MONTHS
    from rules.selectors import RuleBook

    today = datetime.date.today()
    month = today.replace(day=1)
    shortest = min(int(rule.value) for rule in RuleBook().versions(PROBATION_MONTHS))
    started_by = add_months(today + datetime.timedelta(days=DUE_AHEAD_DAYS), -shortest) + datetime.timedelta(days=7)
    week = today + datetime.timedelta(days=7)
    return [
        ("SELECT f.total FROM organizations_organizationfigures f JOIN organizations_organization o"
         " ON o.id = f.organization_id WHERE o.parent_id IS NULL", ()),
        ("SELECT code, label, tier, holds_members FROM organizations_organizationkind ORDER BY sort_order", ()),
        ("SELECT status, COUNT(*) FROM meetings_meeting WHERE status IN ('planned', 'held')"
         f" AND (status = 'held' OR planned_on < '{today}') GROUP BY status", ()),
        ("SELECT COUNT(*) FROM meetings_meeting WHERE status = 'planned' AND notice_sent_on IS NULL"
         f" AND planned_on >= '{today}' AND planned_on <= '{week}'", ()),
        ("SELECT COUNT(DISTINCT organization_id) FROM meetings_meeting WHERE period = "
         f"'{month}' AND kind = 'regular' AND status <> 'cancelled'", ()),
        ("SELECT id, name_sort, admitted_on, inducted_on FROM members_member WHERE status = 'probationary'"
         f" AND organization_id IS NOT NULL AND COALESCE(inducted_on, admitted_on) <= '{started_by}'", ()),
        ("SELECT id, member_id, ended_on, letter_issued_on FROM members_membership WHERE (ended_by_transfer"
         " AND ended_on IS NOT NULL AND papers_issued_on IS NULL) OR (transferred_from_id IS NOT NULL AND ended_on IS"
         " NULL AND letter_issued_on IS NOT NULL AND letter_presented_on IS NULL)", ()),
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
    """The best plan for what the compliance page shows: the rules, the cells that existed in the period with their
    parent, each cell's figures summed by the database from its months as kept (meetings_cellmonth: a row per cell
    and month with a meeting, its meetings judged when they were written), with a bit per month that held a
    regular meeting and its thematic meetings per quarter, and the months of the fifty cells a page draws.
    `root`: only the cells of that organisation's subtree (a province of the national dataset). Judging the
    meetings themselves on every view (the page before issue 16, and the floor printed then) is not a floor: it is
    the work the kept rows save."""
    from core.dates import add_months

    if start is None:
        start, end = compliance_year()
    s, e = start.isoformat(), end.isoformat()
    within = ""
    if root is not None:
        within = (f" AND o.id IN (WITH RECURSIVE sub(id) AS (SELECT CAST({int(root)} AS BIGINT) UNION SELECT c.id FROM"
                  " organizations_organization c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)")
    cells = ("SELECT o.id FROM organizations_organization o JOIN organizations_organizationkind k ON k.id = o.kind_id"
             " WHERE k.holds_members" + within)
    months, month = [], start
    while month < end:
        months.append(month)
        month = add_months(month, 1)
    bits = " + ".join(f"SUM(CASE WHEN month = '{m}' AND regular_held >= 1 THEN {1 << i} ELSE 0 END)"
                      for i, m in enumerate(months))
    quarters = ", ".join(f"SUM(CASE WHEN month >= '{m}' AND month < '{add_months(m, 3)}' THEN thematic_held ELSE 0"
                         " END)" for m in months if m.month % 3 == 1)
    return [
        ("SELECT * FROM rules_rule", ()),
        ("SELECT o.id, o.name, o.name_sort, o.established_on, o.ended_on, p.name FROM organizations_organization o"
         " JOIN organizations_organizationkind k ON k.id = o.kind_id LEFT JOIN organizations_organization p"
         f" ON p.id = o.parent_id WHERE k.holds_members AND o.established_on < '{e}' AND (o.ended_on IS NULL OR"
         f" o.ended_on >= '{s}'){within} ORDER BY o.name_sort", ()),
        ("SELECT organization_id, SUM(present), SUM(expected), SUM(judged), SUM(good), SUM(thematic_held), "
         f"MAX(longest_run), {bits}{', ' + quarters if quarters else ''} FROM meetings_cellmonth"
         f" WHERE organization_id IN ({cells}) AND month >= '{s}' AND month < '{e}' GROUP BY organization_id", ()),
        (f"SELECT organization_id, month, regular_held, first_held, first_planned FROM meetings_cellmonth WHERE"
         f" month >= '{s}' AND month < '{e}' AND organization_id IN (SELECT o.id FROM organizations_organization o"
         " JOIN organizations_organizationkind k ON k.id = o.kind_id WHERE k.holds_members"
         f"{within} ORDER BY o.name_sort LIMIT 50)", ()),
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
    """The tree's first two levels with their figures as kept (`organizations_organizationfigures`): what the page
    draws above 500 organisations. (Its floor before the figures were kept counted every member.)"""
    rows = ("SELECT o.id, o.name, o.parent_id, k.label, f.own, f.total FROM organizations_organization o"
            " JOIN organizations_organizationkind k ON k.id = o.kind_id LEFT JOIN organizations_organizationfigures f"
            " ON f.organization_id = o.id WHERE ")
    # two walks of the parent index (an OR of the two levels reads the whole table)
    return [(rows + "o.parent_id IS NULL UNION ALL " + rows + "o.parent_id IN (SELECT id FROM"
             " organizations_organization WHERE parent_id IS NULL)", ())]


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
    parser.add_argument("--explain", action="store_true",
                        help="PostgreSQL: write the plan of every query of each page (EXPLAIN ANALYZE) to "
                             "bench/explain/<database>/, and name the pages that scan a large table whole.")
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

    # a program reading the same rows through the API with a personal token (its check and last-use record included)
    from api.services import api_token_create

    _token, token_text = api_token_create(actor=get_user_model().objects.get(username="khoi"), name="bench",
                                          access="read", expires_on=datetime.date.today() + datetime.timedelta(days=1))
    api_client = Client(headers={"authorization": f"Bearer {token_text}"})

    cases = [
        ("member list: female, active, by name, page 50",
         page(client, f"/members/?gender=female&status=active&sort=full_name&page={PAGE}"), raw(member_list_sql())),
        ("member list, same rows, in Django admin",
         page(admin_client, f"/bench-admin/members/member/?gender__exact=female&status__in=probationary,full&p={PAGE}"),
         raw(member_list_sql())),
        ("API member list, same rows (token)",
         page(api_client, f"/api/v1/members?gender=female&status=active&ordering=name&page={PAGE}&page_size={PER_PAGE}"),
         raw(member_list_sql())),
        ("dashboard (Bloc standing committee)", page(client, "/"),
         raw(dashboard_sql())),
        ("apparatus health (whole Bloc)", page(client, "/apparatus/health/"), raw(apparatus_state_sql())),
        ("staffing analysis (whole Bloc)", page(client, "/apparatus/staffing/"), raw(staffing_sql())),
        (f"meeting compliance, year {compliance_year()[0].year} (every cell)",
         page(client, f"/meetings/compliance/?month={compliance_year()[0]:%Y-%m}&period=year&by=cell"),
         raw(compliance_sql())),
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
            executed.append((sql, params))
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
        if args.explain and vendor == "postgresql":
            explain(label, executed, "national" if NATIONAL else "province")
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
        paired = paired_ratio(cases[1][1], cases[0][1], 2 * args.repeat)
        print(f"member list: Django admin's changelist / the app's list = {admin_listed / listed:.2f} from the medians "
              f"above, {paired:.2f} paired (the issue's target: at least 3)")


def paired_ratio(slow, fast, repeat: int) -> float:
    """The median of `repeat` ratios slow / fast, each of one run of both back to back: on a machine whose speed
    drifts (a shared host), two medians taken a minute apart compare two machines; pairs compare the pages."""
    slow(), fast()
    ratios = []
    for _ in range(repeat):
        started = time.perf_counter()
        slow()
        middle = time.perf_counter()
        fast()
        ratios.append((middle - started) / (time.perf_counter() - middle))
    return statistics.median(ratios)


if __name__ == "__main__":
    main()
