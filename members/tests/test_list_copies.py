"""The lists' filtersets and tables copy their class's filters and columns one by one, not deeply (core.filters,
core.tables): each instance still has its own, and nothing one request sets reaches another or the class."""

import django_filters
import pytest

from core.filters import FilterSet
from members.filters import MemberFilter
from members.models import Member
from members.tables import MemberTable

pytestmark = pytest.mark.django_db


class _ByMethod(FilterSet):
    named = django_filters.CharFilter(method="filter_named")
    status = django_filters.ChoiceFilter(choices=[("full", "full")])

    class Meta:
        model = Member
        fields = []

    def filter_named(self, queryset, name, value):
        self.called_with = value
        return queryset.filter(full_name=value)


def test_each_filterset_has_its_own_filters_and_their_method_finds_its_own_filterset():
    first, second = _ByMethod({"named": "A"}), _ByMethod({"named": "B"})
    assert first.filters["named"] is not second.filters["named"] is not _ByMethod.base_filters["named"]
    first.filters["status"].extra["choices"] = [("probationary", "probationary")]
    assert second.filters["status"].extra["choices"] == [("full", "full")]
    assert _ByMethod.base_filters["status"].extra["choices"] == [("full", "full")]
    assert first.form.fields["status"] is not second.form.fields["status"]
    first.qs.count(), second.qs.count()
    assert (first.called_with, second.called_with) == ("A", "B")
    assert not hasattr(_ByMethod.base_filters["named"], "parent")


def test_two_users_member_filters_offer_each_their_own_organisations(user_chibo, user_other, cell_a1, gc_b):
    mine = MemberFilter({}, queryset=Member.objects.all(), user=user_chibo)
    theirs = MemberFilter({}, queryset=Member.objects.all(), user=user_other)
    assert list(mine.filters["organization"].queryset) == [cell_a1]
    assert cell_a1 not in list(theirs.filters["organization"].queryset)
    assert mine.form.fields["organization"].queryset is not theirs.form.fields["organization"].queryset


def test_each_table_has_its_own_columns():
    first, second = MemberTable([]), MemberTable([])
    first.columns.hide("gender")
    assert first.columns["gender"].column is not second.columns["gender"].column
    assert "gender" not in [c.name for c in first.columns.iterall() if c.visible]
    assert "gender" in [c.name for c in second.columns.iterall() if c.visible]
    assert MemberTable.base_columns["gender"].visible
