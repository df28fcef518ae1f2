import sys

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core import security
from core.backup import BackupError, archive_verify, backup_restore


class Command(BaseCommand):
    help = ("Restore an archive written by `manage.py backup` into an EMPTY database and an empty MEDIA_ROOT "
            "(stop the application first). The archive and each file in it are checked before anything is written.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The dangbo-YYYYMMDD-HHMMSS.tar.gz file (its .sha256 beside it).")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument("--database-url", metavar="URL",
                            help="Restore into this database instead of the configured one (e.g. a restore drill: "
                                 "sqlite:////tmp/drill.sqlite3 or postgres://postgres@127.0.0.1/dangbo_drill).")
        parser.add_argument("--media-root", metavar="DIR", help="Instead of MEDIA_ROOT.")
        parser.add_argument("--check", action="store_true",
                            help="Only verify the archive (checksums, manifest) and say what it holds.")

    def handle(self, *args, **options):
        archive = options["archive"]
        if options["check"]:
            try:
                manifest = archive_verify(archive)
            except BackupError as error:
                raise CommandError(f"Refused: {error}") from error
            self.stdout.write(self.style.SUCCESS(
                f"{archive} is intact: {manifest['engine']} database of {manifest['created']}, "
                f"{sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
                f"{manifest['media_files']} uploaded files."))
            return
        if options["database_url"]:
            settings_dict = dj_database_url.parse(options["database_url"])
            configured = False
        else:
            settings_dict = connections["default"].settings_dict
            configured = True
        media_root = options["media_root"] or settings.MEDIA_ROOT
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("Refused: pass --yes to restore without a terminal to confirm on.")
            answer = input(f"Restore {archive} into database {settings_dict.get('NAME')} and {media_root}? "
                           "Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            manifest = backup_restore(archive=archive, settings_dict=settings_dict, media_root=media_root)
        except BackupError as error:
            raise CommandError(f"Refused: {error} Nothing was written.") from error
        if configured:  # kept in the restored installation's own security log
            security.security_event(security.BACKUP, detail=f"restore {archive} created={manifest['created']}")
        self.stdout.write(self.style.SUCCESS(
            f"Restored {archive}: {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
            f"{manifest['media_files']} uploaded files into {media_root}."))
