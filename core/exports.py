"""Export a filtered list as Excel or CSV, streaming rows so memory stays flat."""

import csv
import datetime
import io
from collections.abc import Callable, Iterable

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

Column = tuple[str, Callable[[object], object]]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value
    return str(value) if not isinstance(value, (int, float)) else value


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
                    values.append(v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else ("" if v is None else v))
                yield writer.writerow(values)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        return response

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or filename)[:31])
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
