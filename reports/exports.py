"""The statistics as a workbook in the forms' layout: one sheet per form, headed by the reporting committee, the
form's code (said unconfirmed when the rule data says so), its name and the date; then its tables, each a title row,
a header row and its rows (with the women among them where the form counts them) and the total."""

import datetime
import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core import security
from core.dates import dmy
from core.exports import _sheet_title, defuse

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)


def _write_form(sheet, form, *, issuer: str, as_of: datetime.date, since: datetime.date) -> None:
    # every text of an organisation's record or of the rule data (the form's code, its regulation, the kinds'
    # names) goes in defused: it never runs as a formula
    sheet.append([defuse(issuer.upper())])
    sheet["A1"].font = BOLD
    code = form.code + (f" ({_('unconfirmed')})" if form.unconfirmed else "")
    sheet.append([defuse(_("Form %(code)s") % {"code": code})])
    sheet.append([defuse(form.name.upper())])
    sheet["A3"].font = TITLE
    if form.key == "movements":
        sheet.append([_("From %(start)s to %(end)s") % {"start": dmy(since), "end": dmy(as_of)}])
    else:
        sheet.append([_("As of %(date)s") % {"date": dmy(as_of)}])
    sheet.append([defuse(_("Source: %(regulation)s") % {"regulation": form.regulation})])
    for table in form.tables:
        sheet.append([])
        header = [defuse(str(table.title)), _("Number")] + ([_("Of whom women")] if table.with_women else [])
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD
        for row in table.rows:
            sheet.append([defuse(str(row.label)), row.n] + ([row.women] if table.with_women else []))
        if table.total is not None:
            sheet.append([_("Total"), table.total])
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
    sheet.column_dimensions["A"].width = 48
    for column in ("B", "C"):
        sheet.column_dimensions[column].width = 16
    sheet["A3"].alignment = Alignment(wrap_text=False)


def statistics_workbook(data: dict, *, issuer: str) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for form in data["forms"]:
        sheet = workbook.create_sheet(title=_sheet_title(f"{form.code} {form.name}"))
        _write_form(sheet, form, issuer=issuer, as_of=data["as_of"], since=data["since"])
    return workbook


def statistics_response(request, data: dict, *, issuer: str):
    workbook = statistics_workbook(data, issuer=issuer)
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    rows = sum(len(table.rows) for form in data["forms"] for table in form.tables)
    security.security_event(security.EXPORT, request=request, detail=f"format=xlsx rows={rows} path={request.path}")
    return FileResponse(spool, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        as_attachment=True, filename=f"thong-ke-co-ban-{data['as_of']:%Y%m%d}.xlsx")
