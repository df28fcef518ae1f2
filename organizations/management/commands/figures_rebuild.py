"""Recount every organisation's kept figures from scratch (organizations.figures): what the nightly task does,
for an operator after a bulk load or a repair in the database."""

import time

from django.core.management.base import BaseCommand

from organizations.figures import rebuild_everything


class Command(BaseCommand):
    help = ("Recount every organisation's kept figures (members, organisations, committee seats) and the "
            "kept tables of the other apps (cell meetings' compliance) from scratch.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        changed = rebuild_everything()
        self.stdout.write(f"figures recounted in {time.perf_counter() - started:.1f} s; rows changed: "
                          + ", ".join(f"{name} {n}" for name, n in changed.items()))
