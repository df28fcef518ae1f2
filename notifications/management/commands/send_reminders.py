"""Daily: e-mail each user what is coming and what is overdue (their settings decide what and how). Run it once a day
from cron (or the job queue to come); running it again the same day sends nothing more."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.validation import field_date_range
from notifications import services


class Command(BaseCommand):
    help = "E-mail each user their meetings to do, overdue remedies and petitions due or overdue (once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send and log nothing.")
        parser.add_argument("--date", help="The day to remind of, dd/mm/yyyy (default: today).")
        parser.add_argument("--user", action="append", default=[], help="Only this login (repeatable).")

    def handle(self, *args, dry_run=False, date=None, user=(), **options):
        day = timezone.localdate()
        if date:
            try:
                day = datetime.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError:
                raise CommandError(f"--date: expected dd/mm/yyyy, got {date!r}")
            first, last = field_date_range("date")  # the bounds of every date (rule data): never 31/12/9999
            if not first <= day <= last:
                raise CommandError(f"--date: expected a day from {first:%d/%m/%Y} to {last:%d/%m/%Y}, got {date!r}")
        users = None
        if user:
            users = list(get_user_model().objects.filter(username__in=user, is_active=True)
                         .select_related("member").order_by("pk"))
            missing = sorted(set(user) - {u.username for u in users})
            if missing:
                raise CommandError(f"No active user: {', '.join(missing)}")
        if dry_run:
            outgoing = services.reminders_outgoing(day=day, users=users)
            for o in outgoing:
                self.stdout.write(f"=== To: {o.address} ({o.user.get_username()}) · {o.kind}\nSubject: {o.subject}\n")
                self.stdout.write(o.body.rstrip() + "\n")
            self.stdout.write(f"Dry run: {len(outgoing)} e-mail(s) for {day:%d/%m/%Y} would be sent; nothing sent.")
            return
        sent = services.reminders_send(day=day, users=users)
        self.stdout.write(f"{sent} e-mail(s) sent for {day:%d/%m/%Y}.")
