"""Every rule in the data is applied somewhere, and the page says where (issue 13: "a rule in the data that nothing
checks is a promise not kept")."""

import importlib
import inspect

import pytest

from rules.codes import Code
from rules.models import Rule
from rules.usage import all_uses, applies, uses_of

pytestmark = pytest.mark.django_db


def _source(use) -> str:
    target = importlib.import_module(use.module)
    for part in use.function.split("."):
        target = getattr(target, part)
    return inspect.getsource(inspect.unwrap(target))


def test_every_rule_in_the_data_is_read_by_some_check():
    unused = sorted(code for code in set(Rule.objects.values_list("code", flat=True)) if not uses_of(code))
    assert unused == [], f"rules in the data that no function declares it applies: {unused}"


def test_every_code_the_app_knows_is_in_the_data():
    seeded = set(Rule.objects.values_list("code", flat=True))
    assert {str(code) for code in Code} - seeded == set()


@pytest.mark.parametrize("use", all_uses(), ids=lambda u: f"{u.code}@{u.module}.{u.function}")
def test_a_declared_use_really_reads_its_rule(use):
    """A declaration cannot outlive its check: the declaring function names the code it claims to read."""
    source = _source(use)
    assert use.code.name in source or f'"{use.code.value}"' in source, (use.module, use.function, use.code)
    assert str(use.where).strip()


def test_declared_pages_resolve():
    broken = [(u.module, u.function, u.page) for u in all_uses() if u.page and not u.url]
    assert broken == []


def test_applies_needs_a_code_and_knows_every_code():
    with pytest.raises(TypeError):
        applies(where="x")
    with pytest.raises(ValueError):
        applies("no_such_rule", where="x")(lambda: None)


def test_the_rules_page_says_where_each_rule_is_applied(client_for, django_user_model):
    from rules.tests.cases import rule_cards

    user = django_user_model.objects.create_user("reader", password="x")
    response = client_for(user).get("/rules/")
    cards = rule_cards(response)
    assert cards
    for card in cards:
        code = card.xpath('.//code[contains(@class, "rule-code")]')[0].text_content().strip()
        applied = [" ".join(li.text_content().split()) for li in card.xpath('.//*[contains(@class, "rule-uses")]//li')]
        expected = {" ".join(str(u.where).split()) for u in uses_of(code)}
        assert applied and set(applied) == expected, code
