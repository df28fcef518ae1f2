"""The template of a kind of import: its data sheet (the headers in the user's language, drop-down lists on the coded
columns, identifiers kept as text, dates shown dd/mm/yyyy), an instructions sheet with an example row, and the
lists the drop-downs read (a hidden sheet, since Excel limits a list typed in the rule to 255 characters)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

ROWS = 5000
HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
DATE_WORDS = ("date", "on", "since")


def _is_date(column) -> bool:
    from .sheets import parse_date

    return column.parse is parse_date


def build_template(kind, *, user, organization) -> Workbook:
    workbook = Workbook()
    data = workbook.active
    data.title = str(kind.sheet_names[0] if kind.sheet_names else kind.label)[:31]
    lists = workbook.create_sheet(_("Lists")[:31])
    guide = workbook.create_sheet(_("Instructions")[:31])
    dynamic = kind.dynamic_choices(user=user, organization=organization) if hasattr(kind, "dynamic_choices") else {}
    list_column = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=str(column.header))
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        data.column_dimensions[letter].width = column.width
        options = dynamic.get(column.key) or (column.choices() if column.choices else None)
        if options:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=str(column.header)).font = Font(bold=True)
            for position, option in enumerate(options, start=2):
                lists.cell(row=position, column=list_column, value=str(option))
            source = f"{quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${len(options) + 1}"
            validation = DataValidation(type="list", formula1=source, allow_blank=not column.required,
                                        showErrorMessage=True, errorTitle=str(column.header),
                                        error=_("Choose a value from the list."))
            validation.add(f"{letter}2:{letter}{ROWS + 1}")
            data.add_data_validation(validation)
        elif _is_date(column):
            for row in range(2, ROWS + 2):
                data.cell(row=row, column=index).number_format = "DD/MM/YYYY"
        elif column.key in ("citizen_id", "card_number", "code", "organization_code", "parent_code", "phone"):
            for row in range(2, ROWS + 2):
                data.cell(row=row, column=index).number_format = "@"
    data.freeze_panes = "A2"
    data.row_dimensions[1].height = 32
    lists.sheet_state = "hidden"

    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 14
    guide.column_dimensions["C"].width = 90
    guide.cell(row=1, column=1, value=_("How to fill in: %(kind)s") % {"kind": kind.label}).font = Font(bold=True,
                                                                                                         size=14)
    row = 3
    for line in kind.instructions():
        guide.cell(row=row, column=1, value="• " + line).alignment = Alignment(wrap_text=False)
        row += 1
    row += 1
    for col, title in enumerate((_("Column"), _("Required"), _("What to write")), start=1):
        guide.cell(row=row, column=col, value=title).font = Font(bold=True)
    row += 1
    for column in kind.columns:
        guide.cell(row=row, column=1, value=str(column.header))
        guide.cell(row=row, column=2, value=_("yes") if column.required else "")
        hint = str(column.help or "")
        if column.choices and not hint:
            hint = _("Choose from the drop-down list.")
        guide.cell(row=row, column=3, value=hint)
        row += 1
    examples = kind.example_rows(user=user, organization=organization)
    if examples:
        row += 1
        guide.cell(row=row, column=1, value=_("Example (copy into the first sheet if you like)")).font = Font(bold=True)
        row += 1
        for index, column in enumerate(kind.columns, start=1):
            guide.cell(row=row, column=index, value=str(column.header)).font = Font(bold=True)
        for example in examples:
            row += 1
            for index, column in enumerate(kind.columns, start=1):
                guide.cell(row=row, column=index, value=example.get(column.key, ""))
    return workbook
