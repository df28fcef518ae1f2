from django.core.management.base import BaseCommand

from demo.generator import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo accounts, their roles and organisations, and the demo password."

    def handle(self, *args, **options):
        rows = demo_logins()
        if not rows:
            self.stdout.write("No demo accounts: run `manage.py load_demo` first.")
            return
        headers = ("Login", "Name", "Role", "Organisation")
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(4)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(line.format(*headers))
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row))
