"""Recount every organisation's kept figures from scratch (organizations.figures): what the nightly task does,
for an operator after a bulk load or a repair in the database."""

import time

from django.core.management.base import BaseCommand

from organizations.figures import figures_rebuild


class Command(BaseCommand):
    help = "Recount every organisation's kept figures (members, organisations, committee seats) from scratch."

    def handle(self, *args, **options):
        started = time.perf_counter()
        changed = figures_rebuild()
        self.stdout.write(f"figures recounted in {time.perf_counter() - started:.1f} s: "
                          f"{changed} organisations changed")
