from django.core.management.base import BaseCommand, CommandError

from core import security
from core.backup import BackupError, backup_create, backup_prune


class Command(BaseCommand):
    help = ("Back up the database (SQLite: online backup API; PostgreSQL: pg_dump) and every uploaded file into a "
            "dated archive dangbo-YYYYMMDD-HHMMSS.tar.gz with a manifest and a .sha256 checksum beside it.")

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="DIR", help="Where to write the archive (default: var/backups/).")
        parser.add_argument("--keep", type=int, metavar="N",
                            help="Then delete all but the newest N archives in that directory.")
        parser.add_argument("--keep-monthly", type=int, default=0, metavar="M",
                            help="With --keep: also keep the newest archive of each of the last M months.")

    def handle(self, *args, **options):
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            result = backup_create(output_dir=options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        rows = sum(manifest["tables"].values())
        security.security_event(
            security.BACKUP, detail=f"backup {result.path.name} sha256={result.sha256} size={result.size} "
                                    f"engine={manifest['engine']} rows={rows} files={manifest['media_files']}")
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {result.path} ({_size(result.size)}): {manifest['engine']} database, "
            f"{len(manifest['tables'])} tables, {rows} rows, {manifest['media_files']} uploaded files."))
        self.stdout.write(f"Checksum in {result.path}.sha256 (sha256 {result.sha256}).")
        if options["keep"] is not None:
            deleted = backup_prune(output_dir=result.path.parent, keep=options["keep"],
                                   monthly=options["keep_monthly"])
            for path in deleted:
                self.stdout.write(f"Deleted the old archive {path.name}.")


def _size(size: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)
