"""The uploaded sheet given back with its errors: the same file (same sheets, same formatting for .xlsx), one more
column “Errors” holding each row's messages, and the refused cells filled red — so the user fixes the file they know
and uploads it again."""

import csv
import io
from pathlib import PurePath

from django.utils.translation import gettext as _

RED = "FFC7CE"


def _messages_by_row(errors: list[dict]) -> dict[int, list[dict]]:
    rows: dict[int, list[dict]] = {}
    for error in errors:
        rows.setdefault(error["row"], []).append(error)
    return rows


def _line(error: dict) -> str:
    return f"{error['column']}: {error['message']}" if error["column"] else error["message"]


def error_sheet(content: bytes, sheet, errors: list[dict], headers: dict[str, str] | None = None) -> tuple[str, bytes]:
    """(file name, content) of the uploaded file with an errors column. `headers` maps a column key to the header
    used in the messages, so the refused cells can be coloured."""
    stem = PurePath(getattr(sheet, "file_name", "") or "file").stem
    by_row = _messages_by_row(errors)
    label_to_index = {}
    for key, index in sheet.columns.items():
        if headers and key in headers:
            label_to_index[headers[key]] = index
    if sheet.format == "csv":
        from .sheets import _decode

        text = _decode(content)
        try:
            dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        out = io.StringIO()
        writer = csv.writer(out, dialect)
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if number == sheet.header_row:
                row = [*row, _("Errors")]
            elif number in by_row:
                row = [*row, "; ".join(_line(e) for e in by_row[number])]
            writer.writerow(row)
        return f"{stem}-errors.csv", ("\ufeff" + out.getvalue()).encode("utf-8")

    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    workbook = load_workbook(io.BytesIO(content))
    worksheet = workbook[sheet.sheet_name] if sheet.sheet_name in workbook.sheetnames else workbook.worksheets[0]
    column = worksheet.max_column + 1
    head = worksheet.cell(row=sheet.header_row, column=column, value=_("Errors"))
    head.font = Font(bold=True, color="9C0006")
    fill = PatternFill("solid", fgColor=RED)
    for number, row_errors in by_row.items():
        cell = worksheet.cell(row=number, column=column, value="; ".join(_line(e) for e in row_errors))
        cell.font = Font(color="9C0006")
        for error in row_errors:
            index = label_to_index.get(error["column"])
            if index is not None:
                target = worksheet.cell(row=number, column=index + 1)
                target.fill = fill
                target.comment = Comment(error["message"], "dangbo")
    worksheet.column_dimensions[head.column_letter].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{stem}-errors.xlsx", buffer.getvalue()
