"""The periodic statistics as one sheet (Excel, or CSV): one block per table of the page, in the same order — not one
table, so the statistics page writes it through ReportPage.export_file."""

from django.utils.translation import gettext as _

from core.dates import dmy
from core.exports import export_response


def statistics_rows(result: dict) -> list[list]:
    period = result["period"]
    rows = [[_("Period"), f"{dmy(period.start)} – {dmy(period.end)}"], []]
    rows.append([_("Cases by type"), _("Planned"), _("Started (decision)"), _("Concluded"), _("Closed"),
                 _("Organisations inspected"), _("Members inspected")])
    for r in result["by_type"] + [{"label": _("Total"), **result["totals"]}]:
        rows.append([str(r["label"]), r["planned"], r["started"], r["concluded"], r["closed"], r["organizations"],
                     r["members"]])
    rows += [[], [_("Cases by state"), _("Number")]]
    rows += [[r["label"], r["n"]] for r in result["by_state"]]
    v = result["violations"]
    rows += [[], [_("Violations found"), v["n"]], [_("Organisations with violations"), v["organizations"]],
             [_("Members with violations"), v["members"]], []]
    rows.append([_("Discipline")] + [str(label) for _code, label in result["forms"]] + [_("Total")])
    for r in result["discipline"]:
        rows.append([str(r["label"])] + r["forms"] + [r["total"]])
    rem = result["remedies"]
    rows += [[], [_("Remedies due in the period"), rem["total"]], [_("Done"), rem["done"]],
             [_("Reported done, awaiting check"), rem["reported"]], [_("Carried over"), rem["carried_over"]],
             [_("Overdue"), rem["overdue"]]]
    return rows


def statistics_file(result: dict, fmt: str = "xlsx"):
    rows = statistics_rows(result)
    width = max(len(r) for r in rows)
    columns = [("" if i else _("Inspection statistics"), (lambda row, i=i: row[i] if i < len(row) else None))
               for i in range(width)]
    return export_response(fmt, filename="thong-ke-kiem-tra", columns=columns, rows=rows,
                           title=_("Inspection statistics"))
