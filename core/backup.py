"""Backups that restore: a database-level copy plus every uploaded file, in one dated archive with checksums.

The archive (dangbo-YYYYMMDD-HHMMSS.tar.gz) holds
    manifest.json        what is inside: engine, migrations, row count of every table, sha256 and size of each member
    database/db.sqlite3  SQLite: a copy made with the online backup API (consistent while the app runs, WAL included)
    database/db.dump     PostgreSQL: `pg_dump --format=custom` (restored with pg_restore)
    media/...            every file under MEDIA_ROOT
and a sidecar <archive>.sha256 in `sha256sum -c` format.

Never a dumpdata/loaddata round trip: loading a fixture fires simple-history's many-to-many signals, which invent
history rows (meetings, inspections), and a fixture loses what the models do not describe.

A restore verifies everything before it writes anything, and only goes into an empty database and an empty
MEDIA_ROOT: it never merges into or overwrites a live installation.
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
PREFIX = "dangbo-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
POSTGRES_MEMBER = "database/db.dump"
MEDIA_DIR = "media"
_CHUNK = 1024 * 1024
_ARCHIVE_NAME = re.compile(r"dangbo-(\d{8})-(\d{6})\.tar(\.gz)?")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class BackupResult:
    path: Path
    size: int
    sha256: str
    manifest: dict = field(repr=False)


# -- the engine ---------------------------------------------------------------------------------------------------------

def engine_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(_("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": engine})


def _postgres_env(settings_dict: dict) -> dict:
    """libpq's environment for pg_dump/pg_restore: the password never appears on a command line."""
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                          ("PGDATABASE", "NAME")):
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert"), ("PGSSLCERT", "sslcert"),
                          ("PGSSLKEY", "sslkey")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _run(command: list[str], env: dict) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(_("%(tool)s is not installed (the PostgreSQL client tools are needed).")
                          % {"tool": command[0]}) from error
    if completed.returncode != 0:
        raise BackupError(_("%(tool)s failed: %(error)s") % {"tool": command[0], "error": completed.stderr.strip()})


def tool_version(tool: str) -> str:
    try:
        return subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    except FileNotFoundError:
        return ""


# -- small helpers ------------------------------------------------------------------------------------------------------

def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def _migrations(connection) -> dict[str, str]:
    """The latest applied migration of each app: what schema the copy has (the app's version, without git)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    latest: dict[str, str] = {}
    for app in sorted({app for app, _name in applied}):
        leaves = [leaf for leaf in loader.graph.leaf_nodes(app) if leaf in applied]
        latest[app] = leaves[-1][1] if leaves else max(name for a, name in applied if a == app)
    return latest


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        names = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: db.execute(f"SELECT COUNT(*) FROM {_quote(name)}").fetchone()[0] for name in names}
    finally:
        db.close()


def _postgres_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


# -- backup -------------------------------------------------------------------------------------------------------------

def _copy_sqlite(connection, target: Path) -> dict[str, int]:
    """The online backup API from the live connection: a consistent copy while others read and write (a writer
    that commits meanwhile makes it start over), with what is still in the WAL."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot be made from inside a transaction."))
    deadline = time.monotonic() + getattr(settings, "BACKUP_LOCK_TIMEOUT", 600)

    def progress(status, remaining, total):
        # The copy waits while a writer holds the database; it does not wait for ever.
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(_("The database stayed locked: no copy was made. Try again later."))

    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination, pages=4096, progress=progress, sleep=0.05)
    finally:
        destination.close()
    return _sqlite_counts(target)


def _dump_postgres(connection, target: Path) -> dict[str, int]:
    """pg_dump inside a snapshot this process holds, so the row counts in the manifest are those of the dump."""
    import psycopg

    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(["pg_dump", "--format=custom", "--no-password", f"--snapshot={snapshot}",
                  f"--file={target}"], _postgres_env(connection.settings_dict))
            counts = _postgres_counts(cursor)
        raw.rollback()
    finally:
        raw.close()
    return counts


def backup_create(*, output_dir: Path | str | None = None, using: str = "default", media_root=None,
                  now: datetime.datetime | None = None) -> BackupResult:
    """Write dangbo-YYYYMMDD-HHMMSS.tar.gz (and its .sha256) into `output_dir` and return what was written."""
    connection = connections[using]
    engine = engine_of(connection.settings_dict)
    output_dir = Path(output_dir or getattr(settings, "BACKUP_DIR", None) or Path(settings.BASE_DIR) / "var"
                      / "backups")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = now or timezone.now()
    stamp = timezone.localtime(created).strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"{PREFIX}{stamp}{SUFFIX}"
    if archive.exists():
        raise BackupError(_("%(path)s already exists.") % {"path": archive})

    with tempfile.TemporaryDirectory(prefix=".dangbo-backup-", dir=output_dir) as work:
        work = Path(work)
        if engine == "sqlite":
            database_member, database_file = SQLITE_MEMBER, work / "db.sqlite3"
            tables = _copy_sqlite(connection, database_file)
            tools = {}
        else:
            database_member, database_file = POSTGRES_MEMBER, work / "db.dump"
            tables = _dump_postgres(connection, database_file)
            tools = {"pg_dump": tool_version("pg_dump")}

        media = _media_files(media_root)
        members = {database_member: {"sha256": file_sha256(database_file), "size": database_file.stat().st_size}}
        for path in media:
            name = f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}"
            members[name] = {"sha256": file_sha256(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "application": "dangbo",
            "created": created.isoformat(),
            "engine": engine,
            "database": database_member,
            "migrations": _migrations(connection),
            "tables": tables,
            "media_files": len(media),
            "members": members,
            "tools": tools,
        }
        manifest_file = work / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True), "utf-8")

        # Written under a temporary name and renamed when complete: a half-written archive never looks like a backup.
        partial = work / archive.name
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(manifest_file, arcname=MANIFEST)
            tar.add(database_file, arcname=database_member)
            for path in media:
                tar.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}", recursive=False)
        checksum = file_sha256(partial)
        os.replace(partial, archive)
    Path(f"{archive}.sha256").write_text(f"{checksum}  {archive.name}\n", "utf-8")
    return BackupResult(path=archive, size=archive.stat().st_size, sha256=checksum, manifest=manifest)


def backup_prune(*, output_dir: Path | str, keep: int, monthly: int = 0) -> list[Path]:
    """Delete all but the newest `keep` archives in `output_dir` (and, with `monthly`, also keep the newest archive
    of each of the last `monthly` months). Returns the deleted archives. Only names this module writes are touched."""
    output_dir = Path(output_dir)
    archives = sorted((p for p in output_dir.iterdir() if _ARCHIVE_NAME.fullmatch(p.name)), key=lambda p: p.name,
                      reverse=True)
    kept = set(archives[:keep])
    months: dict[str, Path] = {}
    for path in archives:  # newest first: the first seen of a month is its newest
        months.setdefault(path.name[len(PREFIX):len(PREFIX) + 6], path)
    kept.update(list(months.values())[:monthly])
    deleted = []
    for path in archives:
        if path not in kept:
            path.unlink()
            Path(f"{path}.sha256").unlink(missing_ok=True)
            deleted.append(path)
    return deleted


# -- verify -------------------------------------------------------------------------------------------------------------

def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def archive_verify(archive: Path | str, *, extract_to: Path | None = None) -> dict:
    """Check the archive against its .sha256 and every member against the manifest; return the manifest.

    With `extract_to`, the members are written there (a staging directory) while they are checked. Raises
    BackupError on the first problem."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("%(path)s does not exist.") % {"path": archive})
    sidecar = Path(f"{archive}.sha256")
    if not sidecar.is_file():
        raise BackupError(_("%(path)s is missing: the archive cannot be verified.") % {"path": sidecar})
    expected = sidecar.read_text("utf-8").split()[0].lower() if sidecar.read_text("utf-8").split() else ""
    if file_sha256(archive) != expected:
        raise BackupError(_("The archive does not match its checksum (%(path)s): it is damaged or incomplete.")
                          % {"path": sidecar})
    try:
        with tarfile.open(archive, "r:*") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(_("The archive has no manifest: it was not written by `manage.py backup`."))
            manifest = json.loads(tar.extractfile(first).read().decode("utf-8"))
            if manifest.get("format") != FORMAT or manifest.get("application") != "dangbo":
                raise BackupError(_("The archive's format is not one this version reads."))
            expected_members = manifest.get("members") or {}
            seen = set()
            for member in tar:
                if member is first:
                    continue
                name = member.name
                if not member.isfile() or not _safe_member_name(name) or name not in expected_members \
                        or name in seen:
                    raise BackupError(_("The archive holds an unexpected member: %(name)s.") % {"name": name})
                seen.add(name)
                digest, size = hashlib.sha256(), 0
                source = tar.extractfile(member)
                target = None
                if extract_to is not None:
                    target_path = extract_to / name
                    target_path.parent.mkdir(parents=True, exist_ok=True)
                    target = open(target_path, "wb")  # noqa: SIM115 - closed below
                try:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        if target is not None:
                            target.write(chunk)
                finally:
                    if target is not None:
                        target.close()
                if digest.hexdigest() != expected_members[name]["sha256"] or size != expected_members[name]["size"]:
                    raise BackupError(_("%(name)s in the archive does not match its checksum.") % {"name": name})
            missing = set(expected_members) - seen
            if missing:
                raise BackupError(_("The archive lacks %(names)s.") % {"names": ", ".join(sorted(missing))})
            if manifest.get("database") not in seen:
                raise BackupError(_("The archive holds no database."))
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError) as error:
        raise BackupError(_("The archive cannot be read: %(error)s") % {"error": error}) from error
    return manifest


# -- restore ------------------------------------------------------------------------------------------------------------

def _sqlite_target_rows(path: Path) -> dict[str, int] | None:
    """None: no such file (empty); else the row count of each table."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    return _sqlite_counts(path)


def _postgres_target_rows(settings_dict: dict) -> dict[str, int]:
    import psycopg

    params = {"dbname": settings_dict.get("NAME"), "user": settings_dict.get("USER") or None,
              "password": settings_dict.get("PASSWORD") or None, "host": settings_dict.get("HOST") or None,
              "port": settings_dict.get("PORT") or None}
    params.update({k: v for k, v in (settings_dict.get("OPTIONS") or {}).items()
                   if k in {"sslmode", "sslrootcert", "sslcert", "sslkey"}})
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as raw, raw.cursor() as cursor:
        return _postgres_counts(cursor)


def target_check(*, settings_dict: dict, media_root: Path) -> None:
    """Refuse (BackupError) unless the database has no rows in any table and MEDIA_ROOT holds no file."""
    engine = engine_of(settings_dict)
    if engine == "sqlite":
        name = str(settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError(_("The target database is in memory: restore into a database file."))
        rows = _sqlite_target_rows(Path(name)) or {}
    else:
        rows = _postgres_target_rows(settings_dict)
    filled = sorted(table for table, count in rows.items() if count)
    if filled:
        raise BackupError(
            _("The target database is not empty (%(count)s tables hold rows, e.g. %(tables)s). A restore only goes "
              "into an empty database: create a new one (do not run migrate on it) and point DATABASE_URL at it.")
            % {"count": len(filled), "tables": ", ".join(filled[:5])})
    if _media_files(media_root):
        raise BackupError(_("MEDIA_ROOT (%(path)s) already holds files. A restore only goes into an empty directory.")
                          % {"path": media_root})


def _restore_sqlite(source: Path, settings_dict: dict) -> None:
    target = Path(settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    source_db = sqlite3.connect(source)
    target_db = sqlite3.connect(target)
    try:
        source_db.backup(target_db)
    finally:
        target_db.close()
        source_db.close()


def _restore_postgres(source: Path, settings_dict: dict, *, tables_exist: bool) -> None:
    command = ["pg_restore", "--no-owner", "--no-privileges", "--no-password", "--exit-on-error",
               "--single-transaction", f"--dbname={settings_dict['NAME']}"]
    if tables_exist:  # empty tables (a schema without rows): replaced by the dump's
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], _postgres_env(settings_dict))


def backup_restore(*, archive: Path | str, settings_dict: dict | None = None, media_root=None) -> dict:
    """Restore `archive` into the database `settings_dict` describes (default: the configured one) and MEDIA_ROOT.

    Verifies the archive first and checks the target is empty; nothing is written when either fails. Returns the
    manifest. The application should be stopped meanwhile."""
    settings_dict = settings_dict or connections["default"].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = engine_of(settings_dict)
    archive = Path(archive)
    staging_parent = media_root.parent if media_root.parent.is_dir() else None
    with tempfile.TemporaryDirectory(prefix=".dangbo-restore-", dir=staging_parent) as staging:
        staging = Path(staging)
        manifest = archive_verify(archive, extract_to=staging)
        if manifest["engine"] != engine:
            raise BackupError(
                _("The archive holds a %(archive)s database; the target is %(target)s. Restore it into a "
                  "%(archive)s database (then copy between engines with a migration tool, not with this command).")
                % {"archive": manifest["engine"], "target": engine})
        target_check(settings_dict=settings_dict, media_root=media_root)
        database_file = staging / manifest["database"]
        if engine == "sqlite":
            _restore_sqlite(database_file, settings_dict)
        else:
            _restore_postgres(database_file, settings_dict,
                              tables_exist=bool(_postgres_target_rows(settings_dict)))
        media_source = staging / MEDIA_DIR
        if media_source.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            for path in sorted(p for p in media_source.rglob("*") if p.is_file()):
                destination = media_root / path.relative_to(media_source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, destination)
    return manifest
