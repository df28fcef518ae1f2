"""Export a filtered list as Excel or CSV, streaming rows so memory stays flat."""

import csv
import datetime
import io
from collections.abc import Callable, Iterable

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django_tables2.utils import call_with_appropriate
from openpyxl import Workbook
from openpyxl.styles import Font

Column = tuple[str, Callable[[object], object]]
EXPORT_FORMATS = ("xlsx", "csv")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (datetime.date, int, float)):
        return value
    return str(value)


def _defuse(text: str) -> str:
    """A typed value must never run as a spreadsheet formula (CSV/formula injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def table_rows(table):
    """The rows of a django-tables2 table in the order it shows them, streamed from the database."""
    queryset = table.data.data
    if hasattr(queryset, "iterator"):
        ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        if "id" not in ordering and "pk" not in ordering:
            queryset = queryset.order_by(*ordering, "id")
        return queryset.iterator(chunk_size=1000)
    return iter(queryset)


def _raw_value(bound_column, record):
    """The value behind a cell: a choice's label, a related object's name, a date as a date (not its text)."""
    accessor = bound_column.accessor
    penultimate, remainder = accessor.penultimate(record)
    if isinstance(penultimate, models.Model) and remainder:
        display = getattr(penultimate, f"get_{remainder}_display", None)
        try:
            field = penultimate._meta.get_field(remainder)
        except Exception:  # not a model field (a property, an annotation)
            field = None
        if display is not None and getattr(field, "choices", None):
            return display()
    value = accessor.resolve(record, quiet=True)
    if isinstance(value, models.Model):
        return str(value)
    return value


def table_columns(table) -> list[Column]:
    """The export's columns: the table's own (hidden ones too), in `table.export_sequence` order when it has one;
    a column's value is `value_<name>(record)` when the table defines it, else the value behind the cell."""
    bound = {c.name: c for c in table.columns.iterall() if not c.column.exclude_from_export}
    names = getattr(table, "export_sequence", None) or list(bound)
    columns = []
    for name in names:
        bound_column = bound[name]
        getter = getattr(table, f"value_{name}", None)
        if getter is not None:
            def get(record, getter=getter, bound_column=bound_column):
                return call_with_appropriate(getter, {"record": record, "table": table, "bound_column": bound_column,
                                                      "value": _raw_value(bound_column, record)})
        else:
            def get(record, bound_column=bound_column):
                return _raw_value(bound_column, record)
        columns.append((bound_column.header, get))
    return columns


def table_export(table, fmt: str, *, filename: str, title: str = ""):
    """The whole table (every page, the table's order) as Excel or CSV."""
    return export_response(fmt, filename=filename, columns=table_columns(table), rows=table_rows(table), title=title)


def _sheet_title(text: str) -> str:
    """Excel refuses some characters in a sheet's name, and more than 31 of them."""
    cleaned = "".join("-" if ch in '[]:*?/\\' else ch for ch in str(text)).strip("' ")
    return cleaned[:31] or "Sheet"


def export_response(fmt: str, *, filename: str, columns: list[Column], rows: Iterable, title: str = ""):
    headers = [str(h) for h, _ in columns]
    stamp = datetime.date.today().strftime("%Y%m%d")
    if fmt == "csv":
        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def stream():
            yield "\ufeff"  # BOM: Excel opens UTF-8 Vietnamese correctly
            yield writer.writerow(headers)
            for row in rows:
                values = []
                for _h, get in columns:
                    v = get(row)
                    if isinstance(v, datetime.date):
                        v = v.strftime("%d/%m/%Y")
                    elif v is None:
                        v = ""
                    elif isinstance(v, str):
                        v = _defuse(v)
                    values.append(v)
                yield writer.writerow(values)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        return response

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title or filename))
    header_font = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header_cells = []
    for h in headers:
        c = WriteOnlyCell(sheet, value=h)
        c.font = header_font
        header_cells.append(c)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for _h, get in columns:
            value = _cell(get(row))
            if isinstance(value, datetime.date):
                c = WriteOnlyCell(sheet, value=value)
                c.number_format = "DD/MM/YYYY"
                cells.append(c)
            elif isinstance(value, str) and value.startswith("="):
                # openpyxl would store it as a formula; keep it as the text that was typed.
                c = WriteOnlyCell(sheet, value=value)
                c.data_type = "s"
                cells.append(c)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response
