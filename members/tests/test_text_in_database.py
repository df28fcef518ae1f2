"""Vietnamese text as the database stores, sorts and searches it: names of members and organisations."""

import datetime
import random
import unicodedata

import pytest
from django.db import connection

from core.tests.test_text import VIETNAMESE_ORDER, nfd
from core.text import collation_key, fold, person_sort_key


@pytest.mark.django_db
class TestDatabaseOrdering:
    def test_order_by_name_sort_gives_vietnamese_order(self, make_member, cell_a1):
        from members.models import Member

        shuffled = VIETNAMESE_ORDER[:]
        random.Random(7).shuffle(shuffled)
        for name in shuffled:
            make_member(cell_a1, full_name=name)
        stored = list(Member.objects.order_by("name_sort").values_list("full_name", flat=True))
        assert stored == VIETNAMESE_ORDER
        # The model's default ordering is the same.
        assert list(Member.objects.values_list("full_name", flat=True)) == VIETNAMESE_ORDER

    def test_decomposed_name_is_stored_composed(self, make_member, cell_a1):
        from members.models import Member

        member = make_member(cell_a1, full_name=nfd("  Lê   Văn Ân "), hometown=nfd("Thừa Thiên Huế"))
        row = Member.objects.get(pk=member.pk)
        assert row.full_name == "Lê Văn Ân"
        assert unicodedata.is_normalized("NFC", row.full_name)
        assert row.hometown == "Thừa Thiên Huế"
        assert row.name_search == "le van an"
        assert row.name_sort == person_sort_key("Lê Văn Ân")
        # Found by a search typed composed, decomposed or without diacritics.
        for typed in ("Lê Văn Ân", nfd("lê văn ân"), "le van an"):
            assert list(Member.objects.filter(name_search__contains=fold(typed))) == [row]

    def test_organisations_order_by_name_sort(self, make_org, kinds):
        from organizations.models import Organization

        names = ["Đảng bộ Sở Y tế", "Chi bộ Ban Dân tộc", "Đảng bộ Sở Tài chính", "Đảng bộ Công an tỉnh",
                 "Chi bộ Ăn uống", "Chi bộ Anh ngữ"]
        root = make_org("superior", None, name=nfd("Đảng bộ Khối Các cơ quan tỉnh"))
        for name in names:
            make_org("grassroots_cell", root, name=nfd(name))
        expected = sorted(names + ["Đảng bộ Khối Các cơ quan tỉnh"], key=collation_key)
        assert expected.index("Chi bộ Anh ngữ") < expected.index("Chi bộ Ăn uống")
        assert expected.index("Chi bộ Ban Dân tộc") < expected.index("Đảng bộ Công an tỉnh")
        assert list(Organization.objects.values_list("name", flat=True)) == expected


LONG_ORG_NAME = ("Chi bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Thừa Thiên Huế; " * 3)[:255]
ON_POSTGRESQL = connection.vendor == "postgresql"


class TestKeyFitsColumn:
    """Derived keys must fit their columns, or PostgreSQL refuses the row (SQLite doesn't check lengths)."""

    def test_organization_keys_fit_for_longest_name(self):
        from organizations.models import Organization

        assert len(LONG_ORG_NAME) == Organization._meta.get_field("name").max_length
        org = Organization(code="STC-NS", name=LONG_ORG_NAME)
        org.normalize()
        assert len(org.name_search) <= Organization._meta.get_field("name_search").max_length
        assert len(org.name_sort) <= Organization._meta.get_field("name_sort").max_length

    def test_member_name_sort_fits_for_longest_name(self):
        from members.models import Member

        name = ("TÔN NỮ THỊ HỒNG NHUNG " * 6)[:120]
        assert len(name) == Member._meta.get_field("full_name").max_length
        assert len(person_sort_key(name)) <= Member._meta.get_field("name_sort").max_length

    @pytest.mark.django_db
    def test_longest_organisation_name_saves(self, actor, kinds, bloc):
        from organizations.models import Organization
        from organizations.services import organization_create

        org = organization_create(actor=actor, kind=kinds["grassroots_cell"], parent=bloc, code="DAI",
                                  name=LONG_ORG_NAME, established_on=datetime.date(2020, 1, 1), decision_number="1")
        assert Organization.objects.get(pk=org.pk).name == LONG_ORG_NAME

    def test_realistic_long_organisation_name_fits(self):
        from organizations.models import Organization

        name = "Chi bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Thừa Thiên Huế"
        assert len(collation_key(name)) <= Organization._meta.get_field("name_sort").max_length


