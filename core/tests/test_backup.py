"""`manage.py backup` and `manage.py restore`: the small demo and a few uploaded files, backed up and restored into
another, empty database (SQLite: a new file; PostgreSQL: a database the test creates and drops), are found again
row for row in every table — history tables included, none added — and byte for byte in every file.

Runs on the database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL). The round trip commits
(pg_dump sees only committed rows; SQLite's backup API waits for a transaction to end), so the tests here are
transactional: each gets the migrated data back first (serialized_rollback), and the module puts it back for the
tests that follow when it is done.
"""

import hashlib
import io
import json
import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from core.backup import MANIFEST, backup_prune, file_sha256

COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)
POSTGRES = connection.vendor == "postgresql"

FILES = {
    "petitions/2025/03/don-to-cao-0001.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n",
    "meetings/2025/biên bản họp chi bộ.docx": b"PK\x03\x04" + uuid.uuid4().bytes * 500,
    "inspections/evidence/ảnh.jpg": b"\xff\xd8\xff\xe0" + bytes(reversed(range(256))) * 10,
    "jobs/results/empty.txt": b"",
}


# -- the target database ------------------------------------------------------------------------------------------------

def _pg_params(name: str) -> dict:
    given = connection.settings_dict
    params = {"dbname": name, "user": given.get("USER"), "password": given.get("PASSWORD"),
              "host": given.get("HOST"), "port": given.get("PORT")}
    return {key: value for key, value in params.items() if value}


def _pg_url(name: str) -> str:
    given = connection.settings_dict
    credentials = given.get("USER") or ""
    if given.get("PASSWORD"):
        credentials += f":{given['PASSWORD']}"
    return f"postgres://{credentials}@{given.get('HOST') or 'localhost'}:{given.get('PORT') or 5432}/{name}"


@pytest.fixture
def target(tmp_path):
    """An empty database on this run's engine: (url, open) where open() gives a DB-API connection to it."""
    if not POSTGRES:
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=_SQLITE_TYPES)
        return
    import psycopg

    name = f"dangbo_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url(name), lambda: psycopg.connect(**_pg_params(name))
    finally:
        with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Django's SQLite connection converts declared types (dates, decimals, booleans); the target is read the same way.
_SQLITE_TYPES = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES


def _source():
    """A DB-API connection to the test database that reads values as the target's does."""
    if POSTGRES:
        import psycopg

        return psycopg.connect(**_pg_params(connection.settings_dict["NAME"]))
    connection.ensure_connection()
    return connection.connection


# -- comparing ----------------------------------------------------------------------------------------------------------

def _tables(db) -> list[str]:
    if POSTGRES:
        sql = "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    return [row[0] for row in db.execute(sql).fetchall()]


def _order(table: str) -> str:
    with connection.cursor() as cursor:
        columns = connection.introspection.get_primary_key_columns(cursor, table) or []
        width = len(connection.introspection.get_table_description(cursor, table))
    return ", ".join(f'"{c}"' for c in columns) if columns else ", ".join(str(i) for i in range(1, width + 1))


def _picture(db, orders: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Each table: its row count and a digest of its rows in primary-key order."""
    picture = {}
    for table in _tables(db):
        digest, count = hashlib.sha256(), 0
        cursor = db.execute(f'SELECT * FROM "{table}" ORDER BY {orders.get(table) or 1}')
        for row in cursor.fetchall():
            digest.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode())
            count += 1
        picture[table] = (count, digest.hexdigest())
    return picture


def _write_files(root: Path) -> None:
    for name, content in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _backup(output: Path) -> Path:
    out = io.StringIO()
    call_command("backup", output=str(output), keep=14, keep_monthly=12, stdout=out)
    archives = sorted(output.glob("dangbo-*.tar.gz"))
    assert len(archives) == 1, out.getvalue()
    assert str(archives[0]) in out.getvalue()
    return archives[0]


def _restore(archive: Path, url: str, media: Path) -> str:
    """The command's messages in English (the operator gets them in LANGUAGE_CODE), for the tests to match."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("restore", str(archive), "--yes", database_url=url, media_root=str(media), stdout=out)
    return out.getvalue()


def _put_migrated_data_back() -> None:
    """A committed test ends with every table emptied, the migrations' data included: put it back."""
    from django.apps import apps
    from django.core.management.color import no_style

    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents or apps.get_model("organizations", "OrganizationKind").objects.exists():
        return
    connection.creation.deserialize_db_from_string(contents)
    with connection.cursor() as cursor:  # PostgreSQL: the rows came back with their ids
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture(scope="module", autouse=True)
def _migrated_data_back(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        _put_migrated_data_back()


# -- the round trip -----------------------------------------------------------------------------------------------------

@COMMITTED
def test_the_demo_and_its_files_come_back_identical(tmp_path, settings, target):
    # By name: core's tests do not import the apps above core (.importlinter).
    call_command("load_demo", scale="small", stdout=io.StringIO())
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _write_files(tmp_path / "media")

    source = _source()
    tables = _tables(source)
    orders = {table: _order(table) for table in tables}
    before = _picture(source, orders)
    # What the round trip must carry: the demo's history (and the many-to-many history tables, compared below).
    for table in ("members_historicalmember", "meetings_historicalmeeting", "organizations_historicalorganization",
                  "petitions_historicalpetition", "apparatus_historicalseat"):
        assert before[table][0] > 0, table
    assert {"meetings_historicalvisit_attendees", "inspections_historicalcase_team_members"} <= set(before)

    archive = _backup(tmp_path / "backups")
    assert Path(f"{archive}.sha256").read_text().split() == [file_sha256(archive), archive.name]
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        names = set(tar.getnames())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == {table: count for table, (count, _digest) in before.items()}
    assert {f"media/{name}" for name in FILES} <= names and manifest["media_files"] == len(FILES)
    assert manifest["migrations"]["members"].startswith("00")

    url, open_target = target
    restored_media = tmp_path / "restored-media"
    said = _restore(archive, url, restored_media)
    assert "Restored" in said

    restored = open_target()
    try:
        after = _picture(restored, orders)
    finally:
        restored.close()
    assert set(after) == set(before)
    differing = sorted(table for table in before if before[table] != after[table])
    assert not differing, {table: (before[table][0], after[table][0]) for table in differing}
    for name, content in FILES.items():
        assert (restored_media / name).read_bytes() == content, name
    assert sorted(p.relative_to(restored_media).as_posix() for p in restored_media.rglob("*") if p.is_file()) \
        == sorted(FILES)
    if POSTGRES:
        source.close()


# -- refusals -----------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def _module_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """A backup of the migrated test database with the files, made once, outside any test's transaction (the
    library call: the command would also write a security event into the test database)."""
    from core.backup import backup_create

    root = tmp_path_factory.mktemp("backup")
    _write_files(root / "media")
    with django_db_blocker.unblock():
        _put_migrated_data_back()
        return backup_create(output_dir=root / "backups", media_root=root / "media").path


@pytest.fixture
def archive(db, _module_archive, tmp_path):
    """A copy of that backup (and its .sha256) for the test to spoil as it likes."""
    copy = tmp_path / "backups" / _module_archive.name
    copy.parent.mkdir()
    copy.write_bytes(_module_archive.read_bytes())
    Path(f"{copy}.sha256").write_bytes(Path(f"{_module_archive}.sha256").read_bytes())
    return copy


def _nothing_written(url: str, media: Path) -> None:
    assert not media.exists() or not any(media.iterdir())
    if url.startswith("sqlite:"):
        path = Path(url.removeprefix("sqlite:///"))
        assert not path.exists() or not sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    else:
        import psycopg

        with psycopg.connect(**_pg_params(url.rsplit("/", 1)[1])) as db:
            assert not _tables(db)


def test_a_damaged_archive_is_refused_and_nothing_is_written(archive, target, tmp_path):
    url, _open = target
    media = tmp_path / "restored-media"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="does not match its checksum"):
        _restore(archive, url, media)
    _nothing_written(url, media)


def test_a_member_changed_inside_a_resealed_archive_is_refused(archive, target, tmp_path):
    """Someone repacks the archive with one file changed and writes a matching .sha256: the manifest catches it."""
    url, _open = target
    media = tmp_path / "restored-media"
    forged = tmp_path / "forged" / archive.name
    forged.parent.mkdir()
    with tarfile.open(archive) as original, tarfile.open(forged, "w:gz") as tar:
        for member in original.getmembers():
            content = original.extractfile(member).read()
            if member.name == "media/petitions/2025/03/don-to-cao-0001.pdf":
                content = content.replace(b"%%EOF", b"%%EOX")
            member.size = len(content)
            tar.addfile(member, io.BytesIO(content))
    Path(f"{forged}.sha256").write_text(f"{file_sha256(forged)}  {forged.name}\n")
    with pytest.raises(CommandError, match="don-to-cao-0001.pdf in the archive does not match its checksum"):
        _restore(forged, url, media)
    _nothing_written(url, media)
    Path(f"{archive}.sha256").unlink()
    with pytest.raises(CommandError, match=r"\.sha256 is missing"):
        _restore(archive, url, media)


def test_a_target_that_is_not_empty_is_refused(archive, target, tmp_path):
    url, open_target = target
    media = tmp_path / "restored-media"
    _restore(archive, url, media)  # the first restore fills the target
    with pytest.raises(CommandError, match="target database is not empty"):
        _restore(archive, url, tmp_path / "other-media")
    assert not (tmp_path / "other-media").exists()


def test_uploaded_files_already_there_are_refused(archive, target, tmp_path):
    url, _open = target
    media = tmp_path / "restored-media"
    (media / "old").mkdir(parents=True)
    (media / "old" / "kept.txt").write_bytes(b"an earlier file")
    with pytest.raises(CommandError, match="MEDIA_ROOT .* already holds files"):
        _restore(archive, url, media)
    _nothing_written(url, tmp_path / "nothing-here")
    assert [p.name for p in media.rglob("*") if p.is_file()] == ["kept.txt"]


def test_a_dump_of_the_other_engine_is_refused(archive, tmp_path):
    other = "sqlite:///" + str(tmp_path / "other.sqlite3") if POSTGRES else "postgres://nobody@127.0.0.1:1/none"
    with pytest.raises(CommandError, match="The archive holds a .* database; the target is"):
        _restore(archive, other, tmp_path / "restored-media")
    assert not (tmp_path / "other.sqlite3").exists()


def test_check_says_what_an_archive_holds(archive):
    out = io.StringIO()
    with translation.override("en"):
        call_command("restore", str(archive), "--check", stdout=out)
    assert "is intact" in out.getvalue() and f"{len(FILES)} uploaded files" in out.getvalue()


def test_keep_prunes_old_archives(tmp_path):
    output = tmp_path / "backups"
    output.mkdir()
    for stamp in ("20250101-020000", "20250201-020000", "20250215-020000", "20250301-020000", "20250302-020000"):
        (output / f"dangbo-{stamp}.tar.gz").write_bytes(b"old")
        (output / f"dangbo-{stamp}.tar.gz.sha256").write_text("x")
    (output / "notes.txt").write_text("not ours")
    deleted = backup_prune(output_dir=output, keep=2, monthly=2)
    left = sorted(p.name for p in output.iterdir() if p.name.endswith(".tar.gz"))
    # the newest two (2 and 1 March), and the newest of each of the last two months (March: kept; February: the 15th)
    assert left == ["dangbo-20250215-020000.tar.gz", "dangbo-20250301-020000.tar.gz", "dangbo-20250302-020000.tar.gz"]
    assert sorted(p.name for p in deleted) == ["dangbo-20250101-020000.tar.gz", "dangbo-20250201-020000.tar.gz"]
    assert (output / "notes.txt").exists() and not (output / "dangbo-20250101-020000.tar.gz.sha256").exists()


def test_the_backup_place_and_wait_come_from_the_environment(tmp_path):
    """BACKUP_DIR and BACKUP_LOCK_TIMEOUT, as the README lists them (read once by the settings: a subprocess; every
    variable the README lists is read by the settings: tests/test_readme_settings.py)."""
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    env = {**os.environ, "BACKUP_DIR": str(tmp_path / "archives"), "BACKUP_LOCK_TIMEOUT": "42"}
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c",
         "from django.conf import settings; print(settings.BACKUP_DIR, settings.BACKUP_LOCK_TIMEOUT)"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert shown.stdout.split() == [str(tmp_path / "archives"), "42"], shown.stderr
