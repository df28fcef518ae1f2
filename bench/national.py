"""The national dataset (issue 16): about 5.6 million members on PostgreSQL, built from the province dataset.

    .venv/bin/python bench/national.py [--copies 56] [--meeting-copies 3] [--rebuild]

The province dataset (bench/run.py: the demo generator at province size, seed 2018: 100,916 members in 3,703
organisations, their terms, committees and seats, a year of cell meetings) is copied into a new database
(CREATE DATABASE ... TEMPLATE, a file copy) and then repeated inside it `--copies` times, each copy a province of
its own under one national root: every row of the tree, the members and their membership periods, the apparatus
(terms, bodies, seats) and, for the first `--meeting-copies` provinces, the meetings with their attendance and
documents. Each copy's ids are the original's plus k × an offset per table, its foreign keys to copied tables move
the same way (read from PostgreSQL's catalogue, so a new column needs no change here), and its unique values are
made distinct the way real ones differ (a citizen ID's first three digits are its province's code). The copies are
made by the server itself (INSERT ... SELECT, with the foreign-key triggers off while it runs, as pg_restore
does), so nothing crosses the wire: faster than COPY from a client, and the same every time (the seed's dataset,
copied). Then sequences are moved past the copies and the database is VACUUM ANALYZEd.

Reproducible from the seed: the province is the demo generator's (seed 2018), the copies are a pure function of it.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROVINCE_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/dangbo_bench_province")
NATIONAL_URL = os.environ.get("BENCH_NATIONAL_URL", "postgres://postgres@127.0.0.1:5432/dangbo_bench_national")

# Copied for every province; MEETINGS only for the first --meeting-copies (a year of meetings for a sample).
TREE = ["organizations_organization", "organizations_organizationversion", "members_member", "members_membership",
        "apparatus_term", "apparatus_body", "apparatus_seat"]
MEETINGS = ["meetings_meeting", "meetings_attendance", "meetings_meetingdocument"]
NATIONAL_ROOT_CODE = "TW"
NATIONAL_ROOT_NAME = "Đảng Cộng sản Việt Nam (toàn quốc)"


def log(text: str) -> None:
    print(text, flush=True)


def connect(url: str, **kwargs):
    import psycopg

    return psycopg.connect(url, autocommit=True, **kwargs)


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?")[0]


def server_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def create_from_template(rebuild: bool) -> bool:
    """The national database as a copy of the province's (True when it was just made)."""
    name, template = database_name(NATIONAL_URL), database_name(PROVINCE_URL)
    with connect(server_url(NATIONAL_URL)) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not rebuild:
            return False
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            sys.exit(f"{template} is missing: build the province first (make bench, or BENCH_DATABASE_URL="
                     f"{PROVINCE_URL} .venv/bin/python bench/run.py)")
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # a template may have no other session open
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [template])
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return True


def columns_of(conn, table: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [table]).fetchall()]


def foreign_keys(conn, table: str) -> dict[str, str]:
    """column -> the table it references, from the catalogue."""
    rows = conn.execute("""
        SELECT a.attname, cf.relname FROM pg_constraint c
        JOIN pg_class ct ON ct.oid = c.conrelid JOIN pg_class cf ON cf.oid = c.confrelid
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND ct.relname = %s""", [table]).fetchall()
    return dict(rows)


def offsets(conn, tables: list[str]) -> dict[str, int]:
    """Per table, a round number above its largest id: copy k's ids are id + k × offset."""
    found = {}
    for table in tables:
        top = conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
        found[table] = 10 ** len(str(top + 1))
    return found


def special(table: str, column: str, k: int) -> str | None:
    """The expression of a column whose values must differ between copies (unique ones), or None."""
    if table == "organizations_organization" and column == "code":
        return f"code || '-{k:02d}'"
    if table == "members_member" and column == "citizen_id":
        return f"CASE WHEN citizen_id IS NULL THEN NULL ELSE lpad('{(26 + k) % 100}', 3, '0') || substr(citizen_id, 4) END"
    if table == "members_member" and column == "card_number":
        return f"CASE WHEN card_number IS NULL THEN NULL ELSE '{k:02d}' || card_number END"
    if table == "members_member" and column == "user_id":
        return "NULL"  # accounts are not copied
    return None


def copy_table(conn, table: str, k: int, offset: dict[str, int], copied: set[str]) -> int:
    fks = foreign_keys(conn, table)
    select = []
    columns = columns_of(conn, table)
    for column in columns:
        expression = special(table, column, k)
        if expression is None:
            if column == "id":
                expression = f"id + {k * offset[table]}"
            elif fks.get(column) in copied:
                expression = f"{column} + {k * offset[fks[column]]}"
            else:
                expression = column
        select.append(expression)
    names = ", ".join(f'"{c}"' for c in columns)
    where = " WHERE id <= %s" % (offset[table] - 1)  # the original rows only, never an earlier copy
    cursor = conn.execute(f"INSERT INTO {table} ({names}) SELECT {', '.join(select)} FROM {table}{where}")
    return cursor.rowcount


def build(copies: int, meeting_copies: int) -> None:
    started = time.perf_counter()
    with connect(NATIONAL_URL) as conn:
        tables = TREE + MEETINGS
        offset = offsets(conn, tables)
        # Secondary indexes are dropped for the copy and built again after it (one sorted build each instead of
        # millions of insertions); primary keys and unique constraints stay, they guard the copy.
        indexes = conn.execute("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = ANY(%s) AND i.indexname NOT IN (
                SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))
              AND i.indexdef NOT LIKE 'CREATE UNIQUE%%'""", [tables]).fetchall()
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute("SET session_replication_role = replica")  # foreign-key triggers off during the copy
        for k in range(1, copies):
            step = time.perf_counter()
            written = {}
            with conn.transaction():
                for table in TREE + (MEETINGS if k < meeting_copies else []):
                    written[table] = copy_table(conn, table, k, offset, set(tables))
            log(f"  province {k + 1}/{copies}: {written['members_member']:,} members, "
                f"{written.get('meetings_attendance', 0):,} attendance rows ({time.perf_counter() - step:.1f} s)")
        conn.execute("SET session_replication_role = origin")
        step = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            conn.execute(definition)
        log(f"{len(indexes)} indexes built again in {time.perf_counter() - step:.1f} s")
        national_root(conn, offset["organizations_organization"] * copies + 1)
        for table in tables:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        log(f"copied in {time.perf_counter() - started:.1f} s")
        conn.execute("TRUNCATE organizations_organizationfigures")  # the template's province only: counted below
        step = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        log(f"VACUUM ANALYZE in {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "figures_rebuild"], check=True,
                   env={**os.environ, "DATABASE_URL": NATIONAL_URL})
    log(f"kept figures counted in {time.perf_counter() - step:.1f} s")


def national_root(conn, root_id: int) -> None:
    """One root above the provinces' roots; the Bloc standing committee's demo account `khoi` assigned at it, and
    `tinh` at the second province's root (a province's own view)."""
    kind_id, established = conn.execute(
        "SELECT kind_id, established_on FROM organizations_organization WHERE parent_id IS NULL ORDER BY id LIMIT 1"
    ).fetchone()
    province_roots = [r[0] for r in conn.execute(
        "SELECT id FROM organizations_organization WHERE parent_id IS NULL ORDER BY id").fetchall()]
    conn.execute("""
        INSERT INTO organizations_organization (id, code, name, name_search, name_sort, kind_id, host_agency,
            established_on, decision_number, status, external_superior, revision, parent_id, cluster_id, ended_on)
        VALUES (%s, %s, %s, %s, %s, %s, '', %s, '', 'active', '', 1, NULL, NULL, NULL)""",
                 [root_id, NATIONAL_ROOT_CODE, NATIONAL_ROOT_NAME, "tw dang cong san viet nam toan quoc",
                  "0", kind_id, established])
    conn.execute("UPDATE organizations_organization SET parent_id = %s WHERE id = ANY(%s)", [root_id, province_roots])
    conn.execute("""
        INSERT INTO organizations_organizationversion (organization_id, name, parent_id, kind_id, valid_from, valid_to)
        VALUES (%s, %s, NULL, %s, %s, NULL)""", [root_id, NATIONAL_ROOT_NAME, kind_id, established])
    conn.execute("""UPDATE organizations_organizationversion SET parent_id = %s
                    WHERE organization_id = ANY(%s) AND parent_id IS NULL""", [root_id, province_roots])
    conn.execute("""UPDATE accounts_roleassignment SET organization_id = %s
                    WHERE user_id = (SELECT id FROM auth_user WHERE username = 'khoi')""", [root_id])
    if len(province_roots) > 1:
        user = conn.execute("""
            INSERT INTO auth_user (username, password, is_superuser, first_name, last_name, email, is_staff, is_active,
                date_joined) SELECT 'tinh', password, false, 'Tỉnh', 'Ban Thường vụ', '', false, true, now()
            FROM auth_user WHERE username = 'khoi' RETURNING id""").fetchone()[0]
        conn.execute("""
            INSERT INTO accounts_roleassignment (user_id, role, organization_id, started_on, ended_on, note, revision)
            SELECT %s, role, %s, started_on, ended_on, '', 1 FROM accounts_roleassignment
            WHERE user_id = (SELECT id FROM auth_user WHERE username = 'khoi') LIMIT 1""", [user, province_roots[1]])
    conn.execute("SELECT setval(pg_get_serial_sequence('organizations_organization', 'id'), %s)", [root_id])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=56, help="provinces (56 × 100,916 = 5.65 M members)")
    parser.add_argument("--meeting-copies", type=int, default=3, help="provinces with a year of meetings")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    if not create_from_template(args.rebuild):
        log(f"{database_name(NATIONAL_URL)} exists (--rebuild to make it again)")
        return
    log(f"{database_name(NATIONAL_URL)} copied from {database_name(PROVINCE_URL)} "
        f"({time.perf_counter() - started:.1f} s)")
    build(args.copies, args.meeting_copies)
    log(f"national dataset built in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
