"""core.history: who changed what, when and why, read back from the audit rows."""


import pytest
from django.utils.translation import override

pytestmark = pytest.mark.django_db


def test_yes_no_and_lists_read_as_words_in_the_history():
    from types import SimpleNamespace

    from django.db import models

    from core.history import display_value as _display

    def field(cls, name):
        f = cls()
        f.set_attributes_from_name(name)
        return f

    flag, grounds = field(models.BooleanField, "flag"), field(models.JSONField, "grounds")
    with override("vi"):
        assert _display(SimpleNamespace(flag=True), flag) == "Có"
        assert _display(SimpleNamespace(flag=False), flag) == "Không"
    assert _display(SimpleNamespace(grounds=[]), grounds) == "—"
    assert _display(SimpleNamespace(grounds=["anonymous", "unsigned_copy"]), grounds) == "anonymous, unsigned_copy"
