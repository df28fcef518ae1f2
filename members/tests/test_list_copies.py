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


class _PerRequest(FilterSet):
    """Choices set per request, as the documents' filters set theirs from the user's organisations."""

    status = django_filters.ChoiceFilter(choices=[("full", "full")])

    class Meta:
        model = Member
        fields = []

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        if offered:
            self.filters["status"].extra["choices"] = list(offered)


def _options(bound_field) -> list[tuple[str, str, bool]]:
    from lxml import html

    from core.templatetags.form_tags import filter_select

    select = html.fragment_fromstring(str(filter_select(bound_field)))
    return [(o.get("value"), o.text_content(), o.get("selected") is not None) for o in select.iter("option")]


def test_fixed_options_are_written_once_per_language_and_choices_set_per_request_never_kept():
    from django.utils import translation

    with translation.override("vi"):
        vi = _options(MemberFilter({"gender": "female"}, queryset=Member.objects.none()).form["gender"])
    with translation.override("en"):
        en = _options(MemberFilter({"gender": "male"}, queryset=Member.objects.none()).form["gender"])
    assert [v for v, _t, _s in vi] == [v for v, _t, _s in en] and len(vi) >= 3
    assert {t for _v, t, _s in vi}.isdisjoint({t for _v, t, _s in en} - {"---------"})  # each in its language
    assert [v for v, _t, chosen in vi if chosen] == ["female"] and [v for v, _t, chosen in en if chosen] == ["male"]

    plain = _PerRequest({}, queryset=Member.objects.none())
    assert [v for v, _t, _s in _options(plain.form["status"])] == ["", "full"]
    offered = _PerRequest({}, queryset=Member.objects.none(), offered=[("probationary", "probationary")])
    assert not hasattr(offered.form.fields["status"], "options_by_language")
    assert [v for v, _t, _s in _options(offered.form["status"])] == ["", "probationary"]
    assert [v for v, _t, _s in _options(_PerRequest({}, queryset=Member.objects.none()).form["status"])] == ["", "full"]
