"""Export a filtered list as Excel or CSV, streaming rows so memory stays flat."""

import csv
import datetime
import io
from collections.abc import Callable, Iterable

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

Column = tuple[str, Callable[[object], object]]


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
