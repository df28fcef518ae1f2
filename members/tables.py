import datetime
from html import escape as esc  # the stdlib's, for the rows' texts: Django's, lazy-aware, costs 5× more per call
from typing import NamedTuple

import django_tables2 as tables
from django.db import connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.tables import DateColumn, Table

from .models import Member


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


# what a ListedRow is read from, field for field
LISTED_FIELDS = ("pk", "full_name", "gender", "date_of_birth", "organization_id", "organization__name",
                 "temporary_organization_id", "temporary_organization__name", "temporary_external", "status",
                 "exempted_since", "admitted_on", "theory_level", "position")


class ListedRow(NamedTuple):
    """A member as the list's written-out rows read it (MemberTable.rows_html): the shown columns, no more."""

    pk: int
    full_name: str
    gender: str
    date_of_birth: datetime.date | None
    organization_id: int | None
    organization_name: str | None
    temporary_organization_id: int | None
    temporary_organization_name: str | None
    temporary_external: str
    status: str
    exempted_since: datetime.date | None
    admitted_on: datetime.date | None
    theory_level: str
    position: str
    former: bool = False  # a list of the past names them without a link (MemberTable._name)

    @classmethod
    def of(cls, member) -> "ListedRow":
        """From a model instance (a table given a list of members)."""
        org, temporary = member.organization, member.temporary_organization
        return cls(member.pk, member.full_name, member.gender, member.date_of_birth, member.organization_id,
                   org.name if org else None, member.temporary_organization_id,
                   temporary.name if temporary else None, member.temporary_external, member.status,
                   member.exempted_since, member.admitted_on, member.theory_level, member.position,
                   getattr(member, "former", False))


# {(database, number of ids): the SQL of listed_rows}, compiled by the ORM once
_LISTED_SQL: dict[tuple[str, int], str] = {}


def listed_rows(ids: list[int], using: str) -> list[tuple]:
    """The LISTED_FIELDS of these members (ids the scoped, filtered list has just found), as tuples. The query is
    the ORM's, compiled once per number of ids and then run with the ids alone: compiled each time, it cost the
    member list's page more than reading its rows (1 to 1.5 ms of Python for 0.3 ms in the database)."""
    if not ids:
        return []
    sql = _LISTED_SQL.get((using, len(ids)))
    if sql is None:
        query = Member.objects.using(using).filter(pk__in=ids).order_by().values_list(*LISTED_FIELDS).query
        sql, params = query.sql_with_params()
        if list(params) != list(ids):  # nothing but the ids may be bound in it
            return list(Member.objects.using(using).filter(pk__in=ids).values_list(*LISTED_FIELDS))
        _LISTED_SQL[(using, len(ids))] = sql
    with connections[using].cursor() as cursor:
        cursor.execute(sql, ids)
        return cursor.fetchall()


WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}  # not on a phone


class MemberTable(Table):
    """The member list; the hidden columns appear in its Excel/CSV export only (in `export_sequence` order)."""

    full_name = tables.Column(verbose_name=_("Full name"), order_by=("name_sort", "id"))
    gender = tables.Column(verbose_name=_("Gender"), attrs=WIDE_ONLY)
    date_of_birth = DateColumn(verbose_name=_("Date of birth"), format="d/m/Y")
    organization = tables.Column(verbose_name=_("Organisation"), order_by=("organization__name_sort", "name_sort"),
                                 attrs={"td": {"class": "small wrap"}})
    status = tables.Column(verbose_name=_("Status"))
    admitted_on = DateColumn(verbose_name=_("Admitted on"), format="d/m/Y", attrs=WIDE_ONLY)
    theory_level = tables.Column(verbose_name=_("Political theory"), attrs=WIDE_ONLY)
    position = tables.Column(verbose_name=_("Position"), attrs={"td": {"class": "small"}})
    citizen_id = tables.Column(verbose_name=_("Citizen ID"), visible=False)
    ethnicity = tables.Column(verbose_name=_("Ethnicity"), visible=False)
    religion = tables.Column(verbose_name=_("Religion"), visible=False)
    hometown = tables.Column(verbose_name=_("Hometown"), visible=False)
    education = tables.Column(verbose_name=_("General education"), visible=False)
    qualification = tables.Column(verbose_name=_("Professional qualification"), visible=False)
    agency = tables.Column(verbose_name=_("Agency"), visible=False)
    phone = tables.Column(verbose_name=_("Phone"), visible=False)
    email = tables.Column(verbose_name=_("Email"), visible=False)
    full_on = DateColumn(verbose_name=_("Full member on"), visible=False)
    card_number = tables.Column(verbose_name=_("Party card number"), visible=False)
    # The cell's code, so that the export can be corrected and imported again (imports recognise a cell by it).
    organization_code = tables.Column(verbose_name=_("Organisation code"), accessor="organization__code",
                                      visible=False)
    temporarily_at = tables.Column(verbose_name=_("Temporarily at"), accessor="temporary_external", visible=False)
    exempted_since = DateColumn(verbose_name=_("Exempt since"), visible=False)

    export_sequence = (
        "full_name", "gender", "date_of_birth", "citizen_id", "ethnicity", "religion", "hometown", "education",
        "qualification", "theory_level", "position", "agency", "phone", "email", "admitted_on", "full_on",
        "card_number", "organization_code", "organization", "temporarily_at", "status", "exempted_since",
    )

    # what the export reads, as tuples (core.exports.field_rows): the columns' fields and the value_ methods' own
    export_fields = (
        "full_name", "gender", "date_of_birth", "citizen_id", "ethnicity", "religion", "hometown", "education",
        "qualification", "theory_level", "position", "agency", "phone", "email", "admitted_on", "full_on",
        "card_number", "organization__code", "organization__name", "home_external", "temporary_organization__name",
        "temporary_external", "status", "exempted_since",
    )

    class Meta:
        template_name = "members/_member_table.html"
        model = Member
        fields = ("full_name", "gender", "date_of_birth", "organization", "status", "admitted_on",
                  "theory_level", "position")
        order_by = ("full_name",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "member-table"}
        empty_text = _("No member matches.")

    def page_records(self) -> list["ListedRow"]:
        """The page's members as the written-out rows read them. From a queryset, in two steps: the page's ids,
        walked on the list's index alone (page 50 skips 1,225 entries of the index instead of 1,225 rows of the
        table, each read whole), then those members' shown columns as tuples. At province size on SQLite: 10.5 ms
        for one query of whole rows as model instances, 1.5 for both."""
        page = self.paginated_rows.data
        if not isinstance(page, QuerySet):
            return [ListedRow.of(member) for member in page]
        ids = list(page.values_list("pk", flat=True))
        if "former" in page.query.annotations:  # a list of the past: whether each was the user's is worked out
            rows = self.data.data.order_by().filter(pk__in=ids).values_list(*LISTED_FIELDS, "former")
        else:
            rows = (row + (False,) for row in listed_rows(ids, page.db))
        found = {row[0]: ListedRow(*row) for row in rows}
        return [found[pk] for pk in ids if pk in found]

    # what the written-out rows need once, not per row
    @cached_property
    def member_url(self) -> str:
        return reverse("members:detail", args=[0])[:-2]

    def rows_html(self) -> SafeString:
        """The page's rows written out in Python: about a quarter of the page's time at province size when each
        cell went through the template engine. The same cells as the library's own rendering, class for class and character
        for character (members/tests/test_list_rows.py)."""
        field = Member._meta.get_field
        # translated once here, as plain strings: a lazy label (escape keeps it lazy) is translated again at every row
        labels = {name: {key: esc(str(label)) for key, label in field(name).flatchoices}
                  for name in ("gender", "status", "theory_level")}
        url, dash = self.member_url, "—"
        temporarily, exempt = esc(gettext("temporarily at")), esc(gettext("exempt"))
        badge = {"full": "success", "probationary": "info"}
        out = []
        for n, m in enumerate(self.page_records()):
            if not m.organization_id:
                place = dash
            else:
                place = esc(m.organization_name)
                if m.temporary_organization_id:
                    place += f'<br><small class="text-muted">{temporarily} {esc(m.temporary_organization_name)}</small>'
                elif m.temporary_external:
                    place += f'<br><small class="text-muted">{temporarily} {esc(m.temporary_external)}</small>'
            status = labels["status"].get(m.status) or esc(m.status)
            status = f'<span class="badge text-bg-{badge.get(m.status, "secondary")}">{status}</span>'
            if m.exempted_since:
                status += f' <span class="badge text-bg-warning">{exempt}</span>'
            gender = labels["gender"].get(m.gender, esc(m.gender)) if m.gender else dash
            theory = labels["theory_level"].get(m.theory_level, esc(m.theory_level)) if m.theory_level else dash
            out.append(
                f'<tr class="{"odd" if n % 2 else "even"}">'
                f"<td>{self._name(m, url)}</td>"
                f'<td class="d-none d-md-table-cell">{gender}</td>'
                f'<td>{_date(m.date_of_birth)}</td>'
                f'<td class="small wrap">{place}</td>'
                f"<td>{status}</td>"
                f'<td class="d-none d-md-table-cell">{_date(m.admitted_on)}</td>'
                f'<td class="d-none d-md-table-cell">{theory}</td>'
                f'<td class="small">{esc(m.position) if m.position else dash}</td></tr>'
            )
        if not out and self.empty_text:
            out.append(f'<tr><td colspan="{len(self.columns)}">{escape(self.empty_text)}</td></tr>')
        return mark_safe("".join(out))  # noqa: S308 - every value above is escaped

    def render_full_name(self, record, value):
        return self._name(record, self.member_url)

    def _name(self, member, url) -> str:
        """A link to the file; a former member of the user's organisations (a list of the past, which names them
        where they were) by name only, their file being another organisation's now."""
        if getattr(member, "former", False):
            return mark_safe(f'<span class="text-nowrap" data-former>{esc(member.full_name)}</span> '  # noqa: S308
                             f'<small class="text-muted">({escape(self.moved_on)})</small>')
        return mark_safe(f'<a class="text-nowrap" href="{url}{member.pk}/">{esc(member.full_name)}</a>')  # noqa: S308

    @cached_property
    def moved_on(self) -> str:
        return _("moved on")

    def render_organization(self, record):
        org = record.organization
        text = org.name if org else (record.home_external or "—")
        if record.temporary_organization_id:
            return format_html('{}<br><small class="text-muted">{} {}</small>', text, _("temporarily at"),
                               record.temporary_organization.name)
        if record.temporary_external:
            return format_html('{}<br><small class="text-muted">{} {}</small>', text, _("temporarily at"),
                               record.temporary_external)
        return text

    def value_organization(self, record):
        return record.organization.name if record.organization else record.home_external

    def value_temporarily_at(self, record):
        return record.temporary_organization.name if record.temporary_organization else record.temporary_external

    def render_status(self, record):
        css = {"full": "success", "probationary": "info"}.get(record.status, "secondary")
        extra = format_html(' <span class="badge text-bg-warning">{}</span>', _("exempt")) if record.exempted_since else ""
        return format_html('<span class="badge text-bg-{}">{}</span>{}', css, record.get_status_display(), extra)
