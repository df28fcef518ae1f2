"""The dues pages as their users meet them: a cell secretary ticks the month's sheet, a refused sheet keeps what was
ticked and says which member is wrong, a member reads their own dues and nobody else's, the home page reminds the
cell of a member unpaid for three months."""

import datetime

import pytest
from django.utils import timezone

from core.testing.pages import doc
from dues import services
from dues.models import Payment

pytestmark = pytest.mark.django_db
D = datetime.date


def this_month():
    return timezone.localdate().replace(day=1)


@pytest.fixture
def cell(cell_a1, make_member, actor, member_dangvien):
    """cell_a1 with three members on a salary basis (the `dangvien` member among them)."""
    members = [member_dangvien, make_member(cell_a1), make_member(cell_a1)]
    for m in members:
        services.dues_basis_set(actor=actor, member=m, category="salary", amount=10_000_000,
                                starts_on=D(2025, 1, 1), reason="Lương")
    cell_a1.dues_members = members
    return cell_a1


def test_the_secretary_ticks_the_sheet_and_the_month_is_recorded_with_who_did_it(client_for, user_chibo, cell):
    client = client_for(user_chibo)
    response = client.get("/dues/", follow=True)  # one cell: straight to its sheet
    assert response.redirect_chain and f"/dues/cells/{cell.pk}/" in response.redirect_chain[-1][0]
    page = doc(response)
    assert len(page.xpath('//div[@id="dues-sheet"]/div[@data-member]')) == 3
    first, second, third = cell.dues_members
    response = client.post(f"/dues/cells/{cell.pk}/", {f"row_{first.pk}": "on", f"row_{second.pk}": "on",
                                                       f"channel_{second.pk}": "portal",
                                                       f"excuse_{third.pk}": "Đi công tác nước ngoài"})
    assert response.status_code == 302
    payments = {p.member_id: p for p in Payment.objects.filter(month=this_month())}
    assert payments[first.pk].paid == payments[first.pk].due == 100_000
    assert payments[second.pk].channel == "portal"
    assert payments[third.pk].paid == 0 and payments[third.pk].excuse == "Đi công tác nước ngoài"
    history = payments[first.pk].history.first()
    assert history.history_user == user_chibo and "Đảng phí tháng" in history.history_change_reason
    page = doc(client.get(f"/dues/cells/{cell.pk}/"))
    assert page.xpath('string(//*[@id="sheet-paid"])').strip() == "2/3"


def test_a_refused_sheet_names_the_member_keeps_the_ticks_and_writes_nothing(client_for, user_chibo, cell,
                                                                            make_member):
    newcomer = make_member(cell)  # no dues basis yet
    first = cell.dues_members[0]
    response = client_for(user_chibo).post(f"/dues/cells/{cell.pk}/", {f"row_{first.pk}": "on",
                                                                        f"row_{newcomer.pk}": "on"})
    assert response.status_code == 200
    page = doc(response)
    error = page.xpath(f'string(//div[@data-member="{newcomer.pk}"]//*[@data-row-error])')
    assert newcomer.full_name in error and "căn cứ" in error
    assert page.xpath(f'//input[@name="row_{first.pk}"]/@checked')  # what was ticked is still ticked
    assert not Payment.objects.exists()


def test_a_member_reads_their_own_dues_only(client_for, user_dangvien, cell, user_chibo):
    own, other = cell.dues_members[0], cell.dues_members[1]
    services.dues_collect(actor=user_chibo, organization=cell, month=this_month(),
                          rows=[{"member": own.pk, "paid": True}])
    client = client_for(user_dangvien)
    page = doc(client.get(f"/dues/members/{own.pk}/"))
    assert page.xpath(f'//tr[@data-month="{this_month():%Y-%m}"]')
    assert not page.xpath('//*[@id="dues-basis-set"]')  # reading, not changing
    assert client.get(f"/dues/members/{other.pk}/").status_code == 404
    assert client.get(f"/dues/cells/{cell.pk}/").status_code in (403, 404)
    home = doc(client.get("/"))
    assert home.xpath('//*[@id="home-dues-mine"]')


def test_the_home_page_reminds_the_cell_of_three_unpaid_months(client_for, user_chibo, cell, actor):
    late, payer = cell.dues_members[1], cell.dues_members[2]
    month = this_month()
    months = [month.replace(month=m) for m in range(max(1, month.month - 3), month.month)]
    if len(months) < 3:
        pytest.skip("the first months of a year have fewer than three before them")
    for m in months:
        services.dues_collect(actor=actor, organization=cell, month=m, rows=[{"member": payer.pk, "paid": True}])
    home = doc(client_for(user_chibo).get("/"))
    block = home.xpath(f'//*[@data-dues-cell="{cell.pk}"]')
    assert block and late.full_name in block[0].xpath("string(.//*[@data-dues-unpaid])")


def test_a_member_moved_during_the_month_pays_it_once_to_the_cell_that_recorded_it(client_for, user_chibo, user_coso,
                                                                                   cell, cell_a2, actor):
    """A member transferred in the middle of a month is on both cells' sheets: the month recorded by the first cell
    is shown on the second's as paid there, counted in neither its figures nor its form, and cannot be rewritten."""
    from django.core.exceptions import ValidationError

    from members.services import member_transfer

    moved = cell.dues_members[1]
    month = (this_month() - datetime.timedelta(days=1)).replace(day=1)
    member_transfer(actor=actor, member=moved, kind="permanent", to_organization=cell_a2,
                    effective_on=month.replace(day=15), reason="Chuyển công tác")
    services.dues_collect(actor=user_chibo, organization=cell, month=month, rows=[{"member": moved.pk, "paid": True}])
    client = client_for(user_coso)
    page = doc(client.get(f"/dues/cells/{cell_a2.pk}/?month={month:%Y-%m}"))
    row = page.xpath(f'//div[@id="dues-sheet"]/div[@data-member="{moved.pk}"]')
    assert row and row[0].get("data-elsewhere") is not None and cell.name in row[0].text_content()
    assert not page.xpath(f'//input[@name="row_{moved.pk}"]')
    assert page.xpath('string(//*[@id="sheet-paid"])').strip() == "0/0"
    # the second cell's save leaves the first cell's payment as it was
    assert client.post(f"/dues/cells/{cell_a2.pk}/?month={month:%Y-%m}", {f"excuse_{moved.pk}": "x"}).status_code == 302
    with pytest.raises(ValidationError) as refused:
        services.dues_collect(actor=actor, organization=cell_a2, month=month,
                              rows=[{"member": moved.pk, "paid": False, "excuse": "Đã chuyển đi"}])
    assert f"row_{moved.pk}" in refused.value.message_dict and cell.name in refused.value.message_dict[f"row_{moved.pk}"][0]
    payment = Payment.objects.get(member=moved, month=month)
    assert payment.organization_id == cell.pk and payment.paid == 100_000 and payment.excuse == ""
    # the first cell's sheet still holds it as its own
    page = doc(client.get(f"/dues/cells/{cell.pk}/?month={month:%Y-%m}"))
    assert page.xpath(f'//input[@name="row_{moved.pk}"]/@checked')
