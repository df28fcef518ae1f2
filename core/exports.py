"""Export a filtered list as Excel or CSV, streaming rows so memory stays flat.

A big export is not made in the request: the pages (core.views) ask `export_elsewhere`, which hands it to the
background exporter an app above registers (`jobs`: a job that runs the same page again as the same user, in the
worker, and keeps the file) when the export has more than EXPORT_SYNC_MAX_ROWS rows. Without one registered, every
export is made in the request. While an export is written, `observing_rows` lets its maker follow the rows written.

Every export is a security event (core.security.EXPORT: format, rows, page): `export_elsewhere`, which every export
page asks first, records one sent to the background, and otherwise remembers the request for `export_response`, which
every export file passes through and which records the rows it wrote (a streamed CSV once the stream ends).
"""

import contextlib
import contextvars
import copy
import csv
import datetime
import inspect
import tempfile
from collections.abc import Callable, Iterable
from operator import itemgetter

from django.conf import settings
from django.db import models
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from core import security

Column = tuple[str, Callable[[object], object]]
EXPORT_FORMATS = ("xlsx", "csv")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# ---- exports made elsewhere (a background job), and the rows written followed --------------------------------------

# (request, *, fmt, rows, title, action) -> the response that tells the user where the file will be (a redirect)
BackgroundExporter = Callable[..., object]
_background: list[BackgroundExporter] = []
_IN_REQUEST = "_dangbo_export_in_request"
_row_observer: contextvars.ContextVar[Callable[[int], None] | None] = contextvars.ContextVar("export_rows", default=None)
# The request whose export export_response writes next (set by export_elsewhere, taken by export_response).
_exporting: contextvars.ContextVar[object | None] = contextvars.ContextVar("export_request", default=None)


def register_background_export(exporter: BackgroundExporter) -> BackgroundExporter:
    """Called by the app that can make exports in the background (in its AppConfig.ready()); the last one wins."""
    if exporter not in _background:
        _background.append(exporter)
    return exporter


def export_in_request(request) -> None:
    """Mark a request (the background exporter's own rerun of the page) as one whose export is made right here."""
    setattr(request, _IN_REQUEST, True)


def export_elsewhere(request, *, fmt: str, count: Callable[[], int | None], title: str, action: str):
    """The response that sends an export of more than EXPORT_SYNC_MAX_ROWS rows to the background, or None to make
    it in this request: nothing registered, the rerun itself, or few enough rows. `count` is called (one COUNT
    query) only when something could make it elsewhere; it answers None when the rows cannot be counted."""
    _exporting.set(request)
    if not _background or getattr(request, _IN_REQUEST, False):
        return None
    rows = count()
    if rows is None or rows <= getattr(settings, "EXPORT_SYNC_MAX_ROWS", 5000):
        return None
    _exporting.set(None)
    response = _background[-1](request, fmt=fmt, rows=rows, title=title, action=action)
    security.security_event(security.EXPORT, request=request,
                            detail=f"format={fmt} rows={rows} background=queued path={request.path}")
    return response


def _export_event(request, fmt: str, rows: int, *, complete: bool = True) -> None:
    """The EXPORT security event of a file written for `request` (None: written outside a page)."""
    path = getattr(request, "path", "") if request is not None else ""
    where = " background=written" if getattr(request, _IN_REQUEST, False) else ""
    cut = "" if complete else " interrupted"
    security.security_event(security.EXPORT, request=request,
                            detail=f"format={fmt} rows={rows}{where}{cut} path={path}")


@contextlib.contextmanager
def observing_rows(observer: Callable[[int], None]):
    """`observer(n)` is called after each row an export writes (n = rows written so far) inside the block, the
    streamed CSV's rows included as long as the stream is read inside it."""
    token = _row_observer.set(observer)
    try:
        yield
    finally:
        _row_observer.reset(token)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (datetime.date, int, float)):
        return value
    return str(value)


def defuse(text: str) -> str:
    """A typed value must never run as a spreadsheet formula (CSV/formula injection): every text a user, an
    organisation's record or the rule data wrote goes through it into a file built elsewhere (a report's workbook)."""
    return "'" + text if text.startswith(FORMULA_START) else text


_defuse = defuse


def table_rows(table):
    """The rows of a django-tables2 table in the order it shows them, streamed from the database."""
    queryset = table.data.data
    if hasattr(queryset, "iterator"):
        return _ordered(queryset).iterator(chunk_size=1000)
    return iter(queryset)


def _ordered(queryset):
    """The queryset in the table's order, made total by the id (a stable order across chunks)."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if "id" not in ordering and "pk" not in ordering:
        queryset = queryset.order_by(*ordering, "id")
    return queryset


class _ValueReader:
    """The value behind a column's cells: a choice's label, a related object's name, a date as a date (not its
    text). A choice column's labels are read once per export, not translated again on every row (at 100,000 rows
    get_FOO_display was nearly half the export's time); a path through model instances is followed by getattr, not
    by django-tables2's Accessor on every cell (a third of what was left), which still reads anything else."""

    def __init__(self, bound_column):
        self.accessor = bound_column.accessor
        self.path = tuple(self.accessor.bits)
        self.labels = None  # {stored value: label} once the column is known to show a choice field

    def __call__(self, record):
        if self.path and isinstance(record, models.Model):
            holder = record
            for name in self.path[:-1]:
                holder = getattr(holder, name, None)
                if holder is None:
                    return None
            if isinstance(holder, models.Model):
                value = getattr(holder, self.path[-1], None)
                if not callable(value):
                    if self.labels is None:
                        self.labels = self._choice_labels(holder, self.path[-1])
                    if self.labels is not False:
                        label = self.labels.get(value)
                        return label if label is not None else value
                    return str(value) if isinstance(value, models.Model) else value
        return self._resolve(record)

    def _resolve(self, record):
        penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model) and remainder:
            if self.labels is None:
                self.labels = self._choice_labels(penultimate, remainder)
            if self.labels is not False:
                value = getattr(penultimate, remainder, None)
                label = self.labels.get(value)
                return label if label is not None else value
        value = self.accessor.resolve(record, quiet=True)
        if isinstance(value, models.Model):
            return str(value)
        return value

    @staticmethod
    def _choice_labels(instance, name):
        try:
            field = instance._meta.get_field(name)
        except Exception:  # not a model field (a property, an annotation)
            return False
        if not getattr(field, "choices", None):
            return False
        return {value: str(label) for value, label in field.flatchoices}


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
            columns.append((bound_column.header, _value_method(table, bound_column, getter)))
        else:
            columns.append((bound_column.header, _ValueReader(bound_column)))
    return columns


def _value_method(table, bound_column, getter) -> Callable[[object], object]:
    """A table's value_<name>(record, ...) called with the arguments it takes, worked out once per export (django-
    tables2's call_with_appropriate inspects its signature on every call: a tenth of a large export)."""
    parameters = inspect.signature(getter).parameters
    takes_all = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    wanted = {name for name in ("record", "table", "bound_column", "value") if takes_all or name in parameters}
    read = _ValueReader(bound_column) if "value" in wanted else None
    fixed = {"table": table, "bound_column": bound_column}
    fixed = {name: value for name, value in fixed.items() if name in wanted}

    def get(record):
        kwargs = dict(fixed)
        if "record" in wanted:
            kwargs["record"] = record
        if read is not None:
            kwargs["value"] = read(record)
        return getter(**kwargs)

    return get


def table_export(table, fmt: str, *, filename: str, title: str = ""):
    """The whole table (every page, the table's order) as Excel or CSV; read as tuples when the table names the
    fields its export reads (`export_fields`)."""
    if getattr(table, "export_fields", None) and hasattr(table.data.data, "values_list"):
        columns, rows = field_rows(table)
    else:
        columns, rows = table_columns(table), table_rows(table)
    return export_response(fmt, filename=filename, columns=columns, rows=rows, title=title)


# ---- an export read as tuples -----------------------------------------------------------------------------------------
# A large table's export (the members of a province: 100,000 rows) spent a fifth of its time building model instances,
# two per row with the organisation; the fields it writes, read by values_list, cost a quarter of that. A table opts in
# by naming every field its export reads, its `value_<name>` methods' included, as lookup paths (`export_fields`);
# those methods then receive a plain record with the same attributes (`record.organization.name`), a related object
# being None when every field read from it is (a missing foreign key).


class _Record:
    __slots__ = ("__dict__",)


def _record_builder(paths: tuple[str, ...]) -> Callable[[tuple], _Record]:
    """A function that turns a values_list row of `paths` into nested records."""
    def tree(items):  # [(path bits, index)] -> [(name, index or subtree)]
        flat, nested = [], {}
        for bits, index in items:
            if len(bits) == 1:
                flat.append((bits[0], index))
            else:
                nested.setdefault(bits[0], []).append((bits[1:], index))
        return flat, [(name, tree(sub), [i for _b, i in sub]) for name, sub in nested.items()]

    shape = tree([(tuple(path.split("__")), i) for i, path in enumerate(paths)])

    def build(row, shape):
        record = _Record()
        values = record.__dict__
        flat, nested = shape
        for name, index in flat:
            values[name] = row[index]
        for name, sub, indexes in nested:
            values[name] = build(row, sub) if any(row[i] is not None for i in indexes) else None
        return record

    return lambda row: build(row, shape)


def _field_labels(model, path: tuple[str, ...]):
    """{stored value: label} of the choice field at the end of `path` from `model`, or None."""
    for name in path[:-1]:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(path[-1])
    if not getattr(field, "choices", None):
        return None
    return {value: str(label) for value, label in field.flatchoices}


def _tuple_reader(index: int, labels: dict | None) -> Callable[[tuple], object]:
    if not labels:
        return itemgetter(index)

    def read(row):
        value = row[index]
        return labels.get(value, value)

    return read


def _record_reader(method, record_of) -> Callable[[tuple], object]:
    def read(row):
        return method(record_of(row))

    return read


def field_rows(table) -> tuple[list[Column], Iterable]:
    """The export's columns and rows read as tuples of the table's `export_fields`: a column without a value method
    reads its field from the tuple (its label for a choice), which must be named there (a programming error
    otherwise, caught by any export test of the table); the value methods get the row as a record, built once."""
    paths = tuple(table.export_fields)
    model = table.data.data.model
    build = _record_builder(paths)
    last: list = [None, None]  # the row whose record was built last, and that record

    def record_of(row):
        if last[0] is not row:
            last[0], last[1] = row, build(row)
        return last[1]

    columns = []
    for header, get in table_columns(table):
        if isinstance(get, _ValueReader):
            lookup = "__".join(get.path)
            if lookup not in paths:
                raise ValueError(f"{type(table).__name__}.export_fields lacks {lookup!r}")
            get = _tuple_reader(paths.index(lookup), _field_labels(model, get.path))
        else:
            get = _record_reader(get, record_of)
        columns.append((header, get))
    return columns, _ordered(table.data.data).values_list(*paths).iterator(chunk_size=2000)


def _sheet_title(text: str) -> str:
    """Excel refuses some characters in a sheet's name, and more than 31 of them."""
    cleaned = "".join("-" if ch in '[]:*?/\\' else ch for ch in str(text)).strip("' ")
    return cleaned[:31] or "Sheet"


def export_response(fmt: str, *, filename: str, columns: list[Column], rows: Iterable, title: str = ""):
    headers = [str(h) for h, _ in columns]
    stamp = datetime.date.today().strftime("%Y%m%d")
    request = _exporting.get()
    _exporting.set(None)
    if fmt == "csv":
        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def stream():
            observe = _row_observer.get()
            written, complete = 0, False
            try:
                yield "\ufeff"  # BOM: Excel opens UTF-8 Vietnamese correctly
                yield writer.writerow(headers)
                for n, row in enumerate(rows, 1):
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
                    written = n
                    yield writer.writerow(values)
                    if observe is not None:
                        observe(n)
                complete = True
            finally:  # the end of the stream, or the client gone before it
                _export_event(request, "csv", written, complete=complete)

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
    # A date column's cell is made and styled once and given each row's date: a write-only sheet writes a row out
    # as it is appended, so the same cell serves the next row. An empty value is no cell at all (not an empty
    # text written out), as openpyxl skips None.
    dated = WriteOnlyCell(sheet)
    dated.number_format = "DD/MM/YYYY"
    date_cells = {}
    observe = _row_observer.get()
    written = 0
    getters = [get for _h, get in columns]
    for n, row in enumerate(rows, 1):
        cells = []
        for index, get in enumerate(getters):
            value = get(row)
            kind = type(value)
            if kind is str and value and value[0] != "=" or kind is int:  # most cells: written as they are
                cells.append(value)
                continue
            if value is None or value == "":
                cells.append(None)
                continue
            value = _cell(value)
            if isinstance(value, datetime.date):
                c = date_cells.get(index)
                if c is None:
                    c = date_cells[index] = WriteOnlyCell(sheet)
                    c._style = copy.copy(dated._style)
                c.value = value
                cells.append(c)
            elif isinstance(value, str) and value.startswith("="):
                # openpyxl would store it as a formula; keep it as the text that was typed.
                c = WriteOnlyCell(sheet, value=value)
                c.data_type = "s"
                cells.append(c)
            else:
                cells.append(value)
        sheet.append(cells)
        written = n
        if observe is not None:
            observe(n)
    # The finished file goes to a temporary file and is streamed from it: memory stays flat whatever its size.
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    response = FileResponse(spool, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            as_attachment=True, filename=f"{filename}-{stamp}.xlsx")
    _export_event(request, "xlsx", written)
    return response
