"""Dues travelling up: a cell remits what it collected less its share, the grassroots committee confirms it and
remits in turn, a second remittance of a month carries only what is new, and what was not confirmed does not count.
The shares are the rule dues_kept_percent's (30 % a cell under a grassroots committee, 50 % a grassroots
organisation and the Bloc, in the seeded configuration)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.testing.pages import doc
from dues import services
from dues.levels import level_month, level_year, split
from dues.models import Remittance
from rules.models import Rule

pytestmark = pytest.mark.django_db
D = datetime.date


def this_month():
    return timezone.localdate().replace(day=1)


@pytest.fixture
def paid_cell(cell_a1, make_member, actor):
    """cell_a1 with two members on a salary of 10,000,000 đ, both paid this month (100,000 đ each)."""
    members = [make_member(cell_a1), make_member(cell_a1)]
    for m in members:
        services.dues_basis_set(actor=actor, member=m, category="salary", amount=10_000_000,
                                starts_on=D(2025, 1, 1), reason="Lương")
    services.dues_collect(actor=actor, organization=cell_a1, month=this_month(),
                          rows=[{"member": m.pk, "paid": True} for m in members])
    cell_a1.dues_members = members
    return cell_a1


def remit(actor, organization, **kwargs):
    return services.dues_remit(actor=actor, organization=organization, month=kwargs.pop("month", this_month()),
                               remitted_on=kwargs.pop("remitted_on", timezone.localdate()),
                               channel=kwargs.pop("channel", "portal"), **kwargs)


def test_split_rounds_the_share_kept_to_the_dong_and_both_parts_add_up():
    assert split(1001, Decimal(30)) == (300, 701)
    assert split(1005, Decimal(30)) == (302, 703)  # 301.5 rounds half up
    assert split(0, Decimal(50)) == (0, 0)


def test_a_cell_remits_what_it_collected_less_its_share_to_its_grassroots_committee(actor, paid_cell, gc_a):
    sent = remit(actor, paid_cell)
    assert (sent.received, sent.kept_percent, sent.kept, sent.remitted) == (200_000, Decimal(30), 60_000, 140_000)
    assert sent.recipient == gc_a and sent.confirmed_on is None
    assert sent.history.first().history_user == actor
    with pytest.raises(ValidationError) as nothing:
        remit(actor, paid_cell)
    assert f"{this_month():%m/%Y}" in str(nothing.value) and not hasattr(nothing.value, "error_dict")


def test_a_voluntary_payment_after_the_remittance_is_remitted_alone(actor, paid_cell):
    remit(actor, paid_cell)
    member = paid_cell.dues_members[0]
    services.dues_collect(actor=actor, organization=paid_cell, month=this_month(),
                          rows=[{"member": member.pk, "paid": True, "extra": 50_000}])
    second = remit(actor, paid_cell)
    assert (second.received, second.voluntary, second.kept, second.remitted) == (50_000, 50_000, 15_000, 35_000)
    level = level_month(paid_cell, this_month())
    assert (level.reached, level.kept, level.remitted, level.pending) == (250_000, 75_000, 175_000, 0)


def test_the_committee_counts_only_what_it_confirmed_and_keeps_its_own_share(actor, paid_cell, gc_a, bloc,
                                                                             client_for, user_admin):
    sent = remit(actor, paid_cell)
    level = level_month(gc_a, this_month())
    assert (level.from_below, level.pending, [r.pk for r in level.awaiting]) == (0, 0, [sent.pk])
    with pytest.raises(ValidationError):
        remit(actor, gc_a)  # nothing confirmed yet, so nothing reached it
    services.dues_remittance_confirm(actor=actor, remittance=sent, confirmed_on=timezone.localdate())
    upward = remit(actor, gc_a)
    assert (upward.received, upward.kept_percent, upward.kept, upward.remitted) == (140_000, Decimal(50), 70_000,
                                                                                      70_000)
    assert upward.recipient == bloc
    top = remit_confirmed(actor, upward, bloc)
    assert top.recipient is None  # the Bloc sends to the superior committee, outside dangbo
    home = client_for(user_admin).get("/")
    assert home.status_code == 200 and not doc(home).xpath('//*[@id="dues-receipts"]')  # nobody here confirms it


def remit_confirmed(actor, remittance, organization):
    services.dues_remittance_confirm(actor=actor, remittance=remittance, confirmed_on=timezone.localdate())
    return remit(actor, organization)


def test_a_confirmation_is_refused_before_the_remittance_or_twice(actor, paid_cell):
    sent = remit(actor, paid_cell)
    with pytest.raises(ValidationError) as early:
        services.dues_remittance_confirm(actor=actor, remittance=sent,
                                         confirmed_on=sent.remitted_on - datetime.timedelta(days=1))
    assert "confirmed_on" in early.value.message_dict
    services.dues_remittance_confirm(actor=actor, remittance=sent, confirmed_on=sent.remitted_on)
    with pytest.raises(ValidationError) as twice:
        services.dues_remittance_confirm(actor=actor, remittance=sent, confirmed_on=sent.remitted_on)
    assert f"{sent.remitted_on:%d/%m/%Y}" in str(twice.value)  # the day it was confirmed


def test_a_remittance_day_in_the_future_or_before_the_month_is_refused_on_its_field(actor, paid_cell):
    for day in (timezone.localdate() + datetime.timedelta(days=1), this_month() - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            remit(actor, paid_cell, remitted_on=day)
        assert "remitted_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as how:
        remit(actor, paid_cell, channel="pigeon")
    assert "channel" in how.value.message_dict
    assert not Remittance.objects.exists()


def test_the_share_is_the_rule_in_force_for_the_month_remitted(actor, paid_cell):
    rule = Rule.objects.get(code="dues_kept_percent")
    Rule.objects.create(code=rule.code, label=rule.label, unit=rule.unit, regulation="Cấu hình mới",
                        effective_from=this_month(), value={**rule.value, "below_grassroots": 40})
    Rule.objects.filter(pk=rule.pk).update(effective_to=this_month())
    sent = remit(actor, paid_cell)
    assert (sent.kept_percent, sent.kept) == (Decimal(40), 80_000)


def test_the_level_book_adds_up_the_months(actor, paid_cell, gc_a):
    sent = remit(actor, paid_cell)
    services.dues_remittance_confirm(actor=actor, remittance=sent, confirmed_on=timezone.localdate())
    remit(actor, gc_a)
    rows = level_year(gc_a, this_month().year, last=timezone.localdate())
    assert len(rows) == this_month().month
    assert (rows[-1].from_below, rows[-1].kept, rows[-1].remitted) == (140_000, 70_000, 70_000)
    assert sum(r.remitted for r in rows[:-1]) == 0


def test_chibo_remits_from_the_sheet_and_coso_confirms_with_one_tap(client_for, user_chibo, user_coso, paid_cell,
                                                                    gc_a):
    chibo = client_for(user_chibo)
    sheet = doc(chibo.get(f"/dues/cells/{paid_cell.pk}/"))
    assert sheet.xpath('//a[@id="remit-link"]')
    form = doc(chibo.get(f"/dues/levels/{paid_cell.pk}/remit/"))
    assert "140.000" in form.xpath('string(//*[@id="remit-amount"])')
    refused = chibo.post(f"/dues/levels/{paid_cell.pk}/remit/", {"remitted_on": "", "channel": "cash",
                                                                   "note": "Nộp tiền mặt"})
    page = doc(refused)
    assert refused.status_code == 200 and page.xpath('//*[@id="id_remitted_on_error"]')
    assert page.xpath('string(//input[@name="note"]/@value)') == "Nộp tiền mặt"  # what was typed is kept
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = chibo.post(f"/dues/levels/{paid_cell.pk}/remit/", {"remitted_on": today, "channel": "cash"})
    assert response.status_code == 302
    sent = Remittance.objects.get()
    assert chibo.get(f"/dues/levels/{gc_a.pk}/").status_code == 404  # the committee's page is not the cell's
    assert chibo.post(f"/dues/remittances/{sent.pk}/confirm/", {"confirmed_on": today}).status_code == 404
    coso = client_for(user_coso)
    home = doc(coso.get("/"))
    assert home.xpath('//*[@id="dues-receipts"]')
    level = doc(coso.get(f"/dues/levels/{gc_a.pk}/"))
    assert level.xpath(f'//form[@data-confirm-remittance="{sent.pk}"]')
    assert coso.post(f"/dues/remittances/{sent.pk}/confirm/", {"confirmed_on": today}).status_code == 302
    sent.refresh_from_db()
    assert sent.confirmed_on == timezone.localdate()
    assert not doc(coso.get("/")).xpath('//*[@id="dues-receipts"]')
