import time

from django.core.management.base import BaseCommand, CommandError

from demo.generator import ROOT_CODE, SCALES, generate
from demo.news_data import load_news
from jobs.services import database_statistics_refresh
from organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Load the demo installation: the Party Committee of the Provincial Agencies Bloc of Vĩnh Phúc "
        "(55 grassroots organisations, 287 subordinate cells, just under 4,000 members), or another size."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already holds an organisation.")
        parser.add_argument("--seed", type=int, default=2018, help="Random seed (default 2018).")
        parser.add_argument("--scale", choices=sorted(SCALES), default="bloc",
                            help="small (tests), bloc (the seed article's figures, default) or province.")
        parser.add_argument("--grassroots", type=int, help="Active grassroots organisations (overrides --scale).")
        parser.add_argument("--cells", type=int, help="Active subordinate cells (overrides --scale).")
        parser.add_argument("--members", type=int, help="Active members (overrides --scale).")
        parser.add_argument("--inactive", type=int, help="Former members (default about 0.9 %% of --members).")
        parser.add_argument("--no-history", action="store_true",
                            help="Skip the scripted restructuring history (transfers, rename, merge).")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):

        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write("Demo data not loaded: the database already holds organisations.")
            # The news site came later than the rest: an installation loaded before it gets its demo site once.
            if Organization.objects.filter(code=ROOT_CODE).exists() and load_news():
                self.stdout.write("The demo news site was added (/tin-tuc/).")
            return
        if Organization.objects.filter(code=ROOT_CODE).exists():
            raise CommandError("The demo is already loaded (organisation DUK exists); use an empty database, "
                               "or --if-empty to skip.")
        size = dict(SCALES[options["scale"]])
        for key in ("grassroots", "cells", "members"):
            if options[key] is not None:
                size[key] = options[key]
                size.pop("committee_seats", None)  # the article's figure holds for the article's sizes only
        self.stdout.write(
            f"Loading demo data (seed {options['seed']}): {size['grassroots']} grassroots organisations, "
            f"{size['cells']} subordinate cells, {size['members']} members…"
        )
        started = time.monotonic()
        try:
            result = generate(seed=options["seed"], inactive=options["inactive"],
                              restructuring=not options["no_history"], batch_size=options["batch_size"],
                              stdout=self.stdout, **size)
        except ValueError as error:
            raise CommandError(str(error))
        database_statistics_refresh()  # the planner's statistics of the rows just written (SQLite)
        chair = f"; the inspection committee chair logs in as {result['inspection_chair']}" if result[
            "inspection_chair"] else ""
        self.stdout.write(self.style.SUCCESS(
            f"Created {result['grassroots']} grassroots organisations ({result['grassroots_committees']} grassroots "
            f"committees, {result['grassroots_cells']} grassroots cells), {result['cells']} subordinate cells, "
            f"{result['clusters']} clusters, {result['members']} active members "
            f"({result['probationary']} probationary) and {result['inactive']} former members; "
            f"{result['memberships']} membership periods, {result['restructuring_events']} restructuring decisions, "
            f"{len(result['users'])} demo users. Largest grassroots committee: {result['max_committee_members']} "
            f"members; {result['committees_200_plus']} committees with 200 or more; "
            f"{result['terms']} terms, {result['seats']} seats in office, {result['committee_members']} grassroots "
            f"committee members ({result['committee_members_concurrent']} concurrent); "
            f"{result['meetings_held']} cell meetings held since {result['meetings_since']:%m/%Y}, "
            f"{result['meetings_planned']} planned, {result['visits']} working-group visits since 2017 "
            f"({result['visits_planned']} planned), {result['pilots']} cluster pilots; "
            f"{result['petitions']} petitions since 2017 ({result['petitions_overdue']} overdue)"
            f"{chair}. "
            f"Time: {time.monotonic() - started:.1f} s."
        ))
