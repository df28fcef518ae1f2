"""The reminders (`manage.py send_reminders`): each user's e-mail lists what their home page's to-dos list — their
cells' meetings, the remedies their organisations owe, their petitions — and nothing of another subtree; every link
in it opens for them; it is sent once a day (a second run sends nothing), as a digest or item by item, only in the
sections the user asked for; `--dry-run` prints and sends nothing.

The world is the one every app's scope cases are built on (core.testing: the builders of meetings, inspections and
petitions): on each side a held meeting whose minutes are not approved, this month's meeting planned for today
without notice, an empty cell with nothing planned, a remedy overdue in cell_a1 / cell_b1, letters past their deadline
in every register (those of `khoi`'s hand listed by number)."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from core.testing import USERS, builders_for
from notifications.models import NotificationSettings, SentNotification

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
CELLS_A = ("cell_a1", "cell_a2", "cell_a3")
CELLS_B = ("cell_b1", "cell_b2", "cell_b3")


@pytest.fixture
def built(request, world):
    w = world
    w.users = {name: request.getfixturevalue(f"user_{name}") for name in USERS}
    w.actor = request.getfixturevalue("actor")
    for build in builders_for("petitions"):
        build(w)
    for name, user in w.users.items():
        user.email = f"{name}@example.vn"
        user.save()
    return w


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def mail_to(name: str):
    found = [m for m in mail.outbox if m.to == [f"{name}@example.vn"]]
    assert len(found) <= 1, f"{len(found)} e-mails to {name}"
    return found[0] if found else None


def links(body: str) -> list[str]:
    return [url.removeprefix(settings.SITE_URL.rstrip("/")) for url in re.findall(r"https?://\S+", body)]


def test_each_digest_lists_only_the_users_subtree_and_every_link_opens(built, client_for):
    w = built
    run()
    names = {key: w.orgs[key].name for key in (*CELLS_A, *CELLS_B, "gcell")}
    sides = {"coso": CELLS_A, "other": CELLS_B, "chibo": ("cell_a1",)}
    for user, cells in sides.items():
        message = mail_to(user)
        assert message is not None, f"no digest for {user}"
        for key, name in names.items():
            if key in cells:
                assert name in message.body, f"{user}: {name} missing"
            else:
                assert name not in message.body, f"{user}: {name} of another subtree"
        client = client_for(w.users[user])
        for path in links(message.body):
            assert client.get(path).status_code == 200, f"{user}: {path}"
    coso = mail_to("coso").body
    assert w.inspections["remedy"]["cell_a1"].organization.name in coso
    assert w.inspections["remedy"]["cell_b1"].text not in coso  # no inspection content by e-mail at all
    assert w.inspections["remedy"]["cell_a1"].text not in coso
    assert "/petitions/?deadline=overdue" in coso  # the registers' count, linked to exactly those rows
    # khoi runs the whole Bloc: counts instead of hundreds of lines, and the letters in their own hand by number
    khoi = mail_to("khoi").body
    for letters in w.petitions.values():
        assert f" {letters['in_progress'].register_number}:" in khoi  # overdue, in khoi's hand
        assert f" {letters['in_progress'].register_number}:" not in coso  # not in coso's
        assert letters["in_progress"].summary not in khoi  # no petition content by e-mail
    assert "/meetings/compliance/todo/?code=" in khoi or names["cell_b1"] in khoi  # counts, or lines, of every cell
    client = client_for(w.users["khoi"])
    for path in links(khoi):
        assert client.get(path).status_code == 200, f"khoi: {path}"
    # a plain member has nothing to do: no e-mail
    assert mail_to("dangvien") is None


def test_the_digest_is_in_vietnamese_unless_the_user_chose_english(built):
    NotificationSettings.objects.create(user=built.users["other"], language="en")
    run()
    assert "thông qua biên bản" in mail_to("coso").body  # the home page's own Vietnamese words
    assert "approve the minutes" in mail_to("other").body


def test_a_second_run_the_same_day_sends_nothing(built):
    run()
    first = len(mail.outbox)
    assert first >= 4
    assert "0 e-mail(s) sent" in run()
    assert len(mail.outbox) == first
    assert SentNotification.objects.filter(kind="digest", day=TODAY).count() == first
    # the next day, the digest comes again
    tomorrow = TODAY + datetime.timedelta(days=1)
    run("--date", tomorrow.strftime("%d/%m/%Y"))
    assert len(mail.outbox) == 2 * first


def test_item_by_item_sends_each_item_once(built):
    coso = built.users["coso"]
    NotificationSettings.objects.create(user=coso, delivery="immediate")
    run("--user", coso.username)
    body = mail_to("coso").body
    items = SentNotification.objects.filter(user=coso, kind="item")
    assert items.count() >= 3 and "/petitions/?deadline=" not in body  # counts come only in the digest
    mail.outbox.clear()
    run("--user", coso.username)
    assert mail.outbox == []  # nothing new
    # the next day: only what changed (this month's meetings planned for today are now past their day), never an
    # item already sent
    first = set(items.values_list("key", flat=True))
    run("--user", coso.username, "--date", (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
    later = set(items.values_list("key", flat=True)) - first
    assert later and all(key.endswith(":past_planned") for key in later)
    body = mail_to("coso").body
    assert "/petitions/?deadline=" not in body and body.count("\n- ") == len(later)


def test_only_the_sections_asked_for(built):
    coso, other = built.users["coso"], built.users["other"]
    NotificationSettings.objects.create(user=coso, deadlines=False)
    NotificationSettings.objects.create(user=other, deadlines=False, overdue=False)
    run()
    body = mail_to("coso").body
    assert "thông qua biên bản" in body  # minutes not approved: overdue
    assert "lập kế hoạch sinh hoạt" not in body and "thông báo cho đảng viên" not in body  # coming: left out
    assert mail_to("other") is None


def test_a_dry_run_prints_and_sends_nothing(built):
    out = run("--dry-run", "--user", built.users["coso"].username, "--user", built.users["chibo"].username)
    assert "To: coso@example.vn" in out and "To: chibo@example.vn" in out
    assert built.cell_a1.name in out
    assert mail.outbox == [] and not SentNotification.objects.exists()


def test_an_unknown_user_or_date_is_refused(built):
    with pytest.raises(CommandError):
        run("--user", "nobody")
    with pytest.raises(CommandError):
        run("--date", "2026-13-01")
    assert mail.outbox == []
