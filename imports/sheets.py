"""Reading a committee's own spreadsheet: .xlsx or .csv, refused clearly when it is neither, empty, locked or too big;
the header row found under any title rows (merged or not, one or two rows of headers); every cell normalised the
same way (NFC, spaces trimmed, a leading apostrophe dropped, numbers kept as typed).

The column parsers turn what people really type into values — dates as dd/mm/yyyy text, Excel serial numbers or
real dates; citizen IDs stored as numbers (leading zero lost); choices by their Vietnamese or English label, folded —
and raise `CellError` with the message shown on that row and column.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from core.dates import dmy
from core.text import fold

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls
EXCEL_EPOCH = datetime.date(1899, 12, 30)
HEADER_SEARCH_ROWS = 15


class FileRefused(ValidationError):
    """The whole file is refused (not a spreadsheet, locked, empty, too big, headers not found)."""


class CellError(Exception):
    pass


@dataclass
class Column:
    """One column of an import: its key, the header written in the template (translated), other headers people use
    for it (any language; compared folded), the parser of a cell, whether it is required, the choices offered as the
    template's drop-down list and the help line of the instructions sheet."""

    key: str
    header: object
    parse: Callable[[object], object]
    required: bool = False
    aliases: tuple = ()
    choices: Callable[[], list[str]] | None = None
    help: object = ""
    width: int = 18

    def names(self) -> set[str]:
        names = {fold(str(self.header)), fold(self.key.replace("_", " "))}
        with translation.override("en"):
            names.add(fold(str(self.header)))
        with translation.override("vi"):
            names.add(fold(str(self.header)))
        names.update(fold(str(a)) for a in self.aliases)
        return {n for n in names if n}


# ---- cells ---------------------------------------------------------------------------------------------------------

def clean_cell(value):
    """What a person meant by a cell: text NFC and trimmed (a leading apostrophe, non-breaking and doubled spaces
    dropped), None for an empty cell; numbers, dates and booleans as they are."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value:
            return None
        if value.isascii() and value.isprintable() and value[0] not in ("'", " ") and value[-1] != " " \
                and "  " not in value:
            return value  # most cells: nothing to tidy
        text = value.replace("\u00a0", " ").replace("\u200b", "").strip()
        if text.startswith("'"):
            text = text[1:].strip()
        if not text:
            return None
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        if "  " in text:
            text = " ".join(text.split())
        return text
    if isinstance(value, datetime.datetime):
        return value.date() if not value.time() else value
    return value


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return dmy(value if isinstance(value, datetime.date) else value.date())
    return str(value)


_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(value) -> datetime.date | None:
    """A date typed as dd/mm/yyyy (or with - or .), yyyy-mm-dd, a real date cell, or an Excel serial number."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial dates: 1 = 01/01/1900 ... 31/12/9999
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError(_("Not a date: %(value)s. Write it as dd/mm/yyyy.") % {"value": text(value)})
    raw = str(value)
    match = _DATE_TEXT.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO_TEXT.match(raw)
        if match:
            year, month, day = (int(g) for g in match.groups())
        elif raw.isdigit() and 1 <= int(raw) < 2958466 and len(raw) <= 6:  # a serial number stored as text
            return EXCEL_EPOCH + datetime.timedelta(days=int(raw))
        else:
            raise CellError(_("Not a date: “%(value)s”. Write it as dd/mm/yyyy, e.g. 25/03/1985.") % {"value": raw})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("This date does not exist: “%(value)s” (day/month/year).") % {"value": raw}) from None


def parse_text(max_length: int) -> Callable[[object], str]:
    def parse(value) -> str:
        result = text(value)
        if len(result) > max_length:
            raise CellError(_("At most %(max)d characters (this one has %(count)d).")
                            % {"max": max_length, "count": len(result)})
        return result
    return parse


def parse_digits(length: int | None = None, *, max_length: int = 20) -> Callable[[object], str]:
    """A number that is an identifier (citizen ID, card number): digits kept as text. A cell stored as a number
    loses its leading zeros; a citizen ID always has `length` digits, so they are put back."""
    def parse(value) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(_("Only digits, no decimal part: %(value)s.") % {"value": value})
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            digits = str(value)
            if length and len(digits) < length:
                digits = digits.zfill(length)
            return digits
        raw = re.sub(r"[\s.]", "", str(value))
        if not raw.isdigit():
            raise CellError(_("Only digits: “%(value)s”.") % {"value": value})
        if len(raw) > max_length:
            raise CellError(_("At most %(max)d digits.") % {"max": max_length})
        return raw
    return parse


def validated(parse: Callable[[object], str], validator: Callable[[str], None]) -> Callable[[object], str]:
    """The parser, then a model field's validator on what it gives (its message becomes the cell's error)."""
    def run(value):
        result = parse(value)
        if result:
            try:
                validator(result)
            except ValidationError as error:
                raise CellError(" ".join(error.messages)) from None
        return result
    return run


def parse_identifier(max_length: int) -> Callable[[object], str]:
    """A code written as typed (a party card number, an organisation code): no spaces; a number stays whole."""
    def parse(value) -> str:
        result = "".join(text(value).split())
        if len(result) > max_length:
            raise CellError(_("At most %(max)d characters (this one has %(count)d).")
                            % {"max": max_length, "count": len(result)})
        return result
    return parse


def choice_parser(options: Callable[[], list[tuple[str, object]]], what: object,
                  aliases: dict[str, str] | None = None) -> Callable[[object], str]:
    """A value from a list: the code, or the label in Vietnamese or English, in any case and with or without
    diacritics, or one of the `aliases` (short forms people write: "Dự bị"). The lookup is built once per import."""
    cache: dict = {}

    def lookup() -> dict:
        if not cache:
            for alias, code in (aliases or {}).items():
                cache[fold(alias)] = code
            for code, label in options():
                cache.setdefault(fold(code), code)
                for language in ("vi", "en"):
                    with translation.override(language):
                        cache.setdefault(fold(str(label)), code)
        return cache

    seen: dict = {}  # the same few values fill a column: each is folded once

    def parse(value) -> str:
        if value is None:
            return ""
        found = seen.get(value)
        if found is None:
            found = lookup().get(fold(text(value)))
            if found is not None and len(seen) < 10_000:
                seen[value] = found
        if found is None:
            raise CellError(_("“%(value)s” is not a %(what)s in the list (choose from the drop-down list).")
                            % {"value": text(value), "what": what})
        return found
    return parse


def labels_of(options: Callable[[], list[tuple[str, object]]]) -> Callable[[], list[str]]:
    return lambda: [str(label) for _code, label in options()]


# ---- files -----------------------------------------------------------------------------------------------------------

@dataclass
class Sheet:
    """The data rows of a file, each a dict key -> cleaned cell value (the key's columns only), with its row number
    as the user sees it in Excel (1-based, headers included)."""

    format: str  # "xlsx" or "csv"
    header_row: int  # the last header row (1-based)
    columns: dict[str, int]  # key -> 0-based column index
    headers: dict[str, str]  # key -> the header as the file writes it (errors name the column the user knows)
    unknown_headers: list[str]
    rows: Iterator[tuple[int, dict]]
    total: int  # data rows, empty ones included (an estimate for progress)
    sheet_name: str = ""
    close: Callable[[], None] = field(default=lambda: None)


def _size_limit() -> int:
    return settings.IMPORT_MAX_BYTES


def detect_format(content: bytes, name: str = "") -> str:
    if not content or not content.strip():
        raise FileRefused(_("The file is empty."))
    if len(content) > _size_limit():
        raise FileRefused(_("The file is %(size)s MB; at most %(max)s MB can be imported at once. Split it (for "
                            "instance one file per grassroots organisation).")
                          % {"size": round(len(content) / 1024 / 1024, 1), "max": _size_limit() // 1024 // 1024})
    if content.startswith(OLE_MAGIC):
        raise FileRefused(_("The file is protected by a password, or is an old Excel 97–2003 (.xls) file. Remove the "
                            "password, or open it in Excel and save it as .xlsx, then upload it again."))
    if content.startswith(XLSX_MAGIC):
        return "xlsx"
    if b"\x00" in content[:4096]:
        raise FileRefused(_("This is not a spreadsheet: upload an Excel file (.xlsx) or a CSV file (.csv)."))
    return "csv"


def check_spreadsheet(uploaded) -> str:
    """"xlsx" or "csv": what the upload is BY CONTENT (core.files.check_upload with the exact kinds SPREADSHEETS, at
    most IMPORT_MAX_BYTES), whatever its name says; refused (forms.ValidationError) otherwise, nothing stored. A CSV
    saved by Excel in the Windows code pages this module reads (cp1258, cp1252) passes once decoded, judged by the
    same rule as UTF-8 text (no markup, nothing but printable text). A locked workbook, an old .xls or a file that is
    no sheet at all gets the message that says what to do instead."""
    from django import forms

    from core.files import SPREADSHEETS, TEXT, check_upload, sniff

    try:
        return check_upload(uploaded, groups=SPREADSHEETS, max_bytes=_size_limit())
    except forms.ValidationError as refused:
        if refused.code != "file_type":
            raise
        uploaded.seek(0)
        head = uploaded.read(4096)
        uploaded.seek(0)
        if b"\x00" not in head:
            for encoding in ("cp1258", "cp1252"):
                try:
                    text = head.decode(encoding)
                except UnicodeDecodeError:
                    continue
                if sniff(text.encode("utf-8"), None, uploaded.name or "") == (TEXT, "csv"):
                    return "csv"
                break
        if head.startswith(OLE_MAGIC) or (b"\x00" in head and not head.startswith(XLSX_MAGIC)):
            try:
                detect_format(head, uploaded.name or "")
            except FileRefused as plain:
                raise forms.ValidationError(plain.messages, code="file_type") from None
        raise


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("The CSV file's text cannot be read: save it as “CSV UTF-8”."))


def _csv_rows(content: bytes) -> tuple[Iterator[list], int]:
    decoded = _decode(content)
    try:
        dialect = csv.Sniffer().sniff(decoded[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(decoded), dialect))
    if not any(any(c.strip() for c in row) for row in rows):
        raise FileRefused(_("The file is empty."))
    return iter(rows), len(rows)


def _xlsx_rows(content: bytes, sheet_names: tuple = ()) -> tuple[Iterator[tuple], int, str, Callable]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileRefused(_("The Excel file cannot be opened (%(error)s). Open it in Excel, save it as .xlsx and "
                            "upload it again.") % {"error": type(error).__name__}) from None
    sheet = None
    wanted = {fold(n) for n in sheet_names}
    for candidate in workbook.worksheets:
        if fold(candidate.title) in wanted:
            sheet = candidate
            break
    if sheet is None:  # the first sheet that is not the instructions
        instructions = {fold(str(_("Instructions"))), "huong dan", "instructions", "danh muc", "lists"}
        sheet = next((s for s in workbook.worksheets if fold(s.title) not in instructions), workbook.worksheets[0])
    total = max((sheet.max_row or 0), 0)
    return sheet.iter_rows(values_only=True), total, sheet.title, workbook.close


def _header_score(row, names: dict[str, str]) -> int:
    return sum(1 for cell in row if isinstance(cell, str) and fold(cell) in names)


def read_sheet(content: bytes, name: str, columns: list[Column], *, sheet_names: tuple = ()) -> Sheet:
    """Open the file and find its header row among the first rows: the row naming most known columns (title rows
    above it are skipped, merged or not); a row under it that names more columns completes a two-row header (a
    merged “Họ và tên” over “Họ đệm” and “Tên”). Refused when required columns are missing."""
    fmt = detect_format(content, name)
    if fmt == "csv":
        raw_rows, total = _csv_rows(content)
        sheet_title, close = "", (lambda: None)
    else:
        raw_rows, total, sheet_title, close = _xlsx_rows(content, sheet_names)
    names = {}
    for column in columns:
        for n in column.names():
            names.setdefault(n, column.key)
    head = []
    for raw in raw_rows:
        head.append(list(raw))
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    if not any(any(c not in (None, "") for c in row) for row in head):
        close()
        raise FileRefused(_("The file is empty."))
    scores = [_header_score(row, names) for row in head]
    best = max(range(len(head)), key=lambda i: (scores[i], -i))
    if scores[best] == 0:
        close()
        raise FileRefused(_("No column header of this import was found in the first %(n)d rows. Use the template "
                            "(its first sheet), or name the columns as it does.") % {"n": HEADER_SEARCH_ROWS})
    header_rows = [best]
    if best + 1 < len(head) and scores[best + 1]:
        header_rows.append(best + 1)
    index: dict[str, int] = {}
    texts: dict[str, str] = {}
    unknown = []
    width = max(len(head[r]) for r in header_rows)
    for position in range(width):
        found = None
        for r in reversed(header_rows):  # the lower row is the more precise one
            cell = head[r][position] if position < len(head[r]) else None
            if isinstance(cell, str) and fold(cell) in names:
                found = names[fold(cell)]
                break
        if found and found not in index:
            index[found] = position
            texts[found] = next(str(head[r][position]).strip() for r in reversed(header_rows)
                                if position < len(head[r]) and isinstance(head[r][position], str)
                                and fold(head[r][position]) in names)
        else:
            label = next((str(head[r][position]) for r in header_rows
                          if position < len(head[r]) and head[r][position] not in (None, "")), "")
            if label and not found:
                unknown.append(label)
    missing = [c for c in columns if c.required and c.key not in index and not _satisfied(c.key, index)]
    if missing:
        close()
        raise FileRefused(_("These columns are missing: %(columns)s. Download the template to see the expected "
                            "headers.") % {"columns": ", ".join(str(c.header) for c in missing)})
    last_header = header_rows[-1]
    data_start = last_header + 1
    pending = head[data_start:]

    def rows():
        number = data_start
        items = list(index.items())
        clean = clean_cell
        for raw in _chain(pending, raw_rows):
            number += 1
            values = {}
            empty = True
            length = len(raw)
            for key, position in items:
                value = raw[position] if position < length else None
                if value is not None:
                    value = clean(value)
                    if value is not None:
                        empty = False
                values[key] = value
            if not empty:
                yield number, values
        close()

    return Sheet(format=fmt, header_row=last_header + 1, columns=index, headers=texts, unknown_headers=unknown,
                 rows=rows(),
                 total=max(total - last_header - 1, 0), sheet_name=sheet_title, close=close)


# A required column may be given another way (a name split in two columns): kinds register the alternatives here.
ALTERNATIVES: dict[str, tuple[tuple[str, ...], ...]] = {
    "full_name": (("family_name", "given_name"), ("family_name", "middle_name", "given_name")),
}


def _satisfied(key: str, index: dict) -> bool:
    return any(all(k in index for k in group) for group in ALTERNATIVES.get(key, ()))


def _chain(first, rest):
    yield from first
    yield from rest
