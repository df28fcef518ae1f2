"""`python -m jobs.tests.worker [run_huey options]`: `manage.py run_huey` — the real consumer, in its own process —
with the test job kinds loaded (jobs/tests/test_worker.py starts it)."""

import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from jobs.tests import job_kinds  # noqa: F401  (the test kinds register)

    call_command("run_huey", *argv)


if __name__ == "__main__":
    main(sys.argv[1:])
