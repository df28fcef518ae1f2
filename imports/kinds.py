"""What can be imported, and the shape every kind of import has.

A kind (`ImportKind`) names its columns (`sheets.Column`), the scope action its rows need, and two steps:
`plan()` reads every row and decides, without writing anything, what each row would do (create, update with these
changes, nothing) or why it is refused (on its row and column); `apply()` writes a clean plan, inside the
transaction the commit job opens. Both steps use the same checks as the forms and services.
"""

import datetime
import hashlib
import hmac
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import dmy
from core.validation import check_date_range

from .sheets import CellError, Column, Sheet, text

KINDS: dict[str, "ImportKind"] = {}


def register(kind: "ImportKind") -> "ImportKind":
    KINDS[kind.code] = kind
    return kind


def kind_for(code: str) -> "ImportKind":
    return KINDS[code]


@dataclass
class RowPlan:
    row: int
    label: str  # who or what the row is about, for the preview ("Nguyễn Văn An, 001085012345")
    action: str  # "create", "update", "same"
    values: dict = field(default_factory=dict)
    target: object = None  # the existing record an update changes
    changes: list = field(default_factory=list)  # [(column header, old, new)]


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {row, column, value, message}
    read: int = 0

    def refuse(self, row: int, column: str, message: str, value="") -> None:
        self.errors.append({"row": row, "column": str(column), "value": text(value), "message": str(message)})

    def refuse_validation(self, row: int, error: ValidationError, headers: dict[str, str], values: dict) -> None:
        """A service's ValidationError, each message on the column of its field (the row when none)."""
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                column = headers.get(key, "")
                for message in errors:
                    for text in message.messages:
                        self.refuse(row, column, text, values.get(key, ""))
        else:
            for text in error.messages:
                self.refuse(row, "", text)

    @property
    def counts(self) -> dict:
        counts = {"rows": self.read, "new": 0, "changed": 0, "unchanged": 0,
                  "errors": len({e["row"] for e in self.errors})}
        for row in self.rows:
            counts[{"create": "new", "update": "changed", "same": "unchanged"}[row.action]] += 1
        return counts


@dataclass
class Parsed:
    """The rows of a file once read and parsed (typed values by column key, None for a row refused by its cells),
    with what is needed to mark its errors later (the sheet's format, header row, columns, name). The preview keeps it
    with the batch, so the commit checks the same rows against the records again without reading the file again."""

    format: str
    header_row: int
    columns: dict[str, int]
    headers: dict[str, str]
    unknown_headers: list[str]
    sheet_name: str
    rows: list
    read: int
    errors: list

    @classmethod
    def of(cls, sheet, *, rows, read, errors) -> "Parsed":
        return cls(format=sheet.format, header_row=sheet.header_row, columns=dict(sheet.columns),
                   headers=dict(sheet.headers),
                   unknown_headers=list(sheet.unknown_headers), sheet_name=sheet.sheet_name, rows=rows, read=read,
                   errors=list(errors))

    # Kept as a pickle signed with the installation's key: only a file this server wrote is ever loaded.
    def dumps(self) -> bytes:
        body = pickle.dumps(self.__dict__, protocol=pickle.HIGHEST_PROTOCOL)
        return _sign(body) + body

    @classmethod
    def loads(cls, data: bytes) -> "Parsed":
        signature, body = data[:32], data[32:]
        if not hmac.compare_digest(signature, _sign(body)):
            raise ValueError("the kept rows of this batch are not the ones the server wrote")
        return cls(**pickle.loads(body))  # noqa: S301  (signed above)


def _sign(body: bytes) -> bytes:
    key = hashlib.sha256(b"dangbo.imports.parsed:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, body, hashlib.sha256).digest()


class ImportKind:
    code = ""
    label = ""
    action = ""  # the scope action every row's organisation must be covered by
    sheet_names: tuple = ()
    columns: list[Column] = []

    def headers(self) -> dict[str, str]:
        return {c.key: str(c.header) for c in self.columns}

    def example_rows(self, *, user, organization) -> list[list]:
        return []

    def instructions(self) -> list[str]:
        return []

    def plan(self, *, sheet: Sheet, user, organization, progress: Callable) -> Plan:
        raise NotImplementedError

    def apply(self, *, plan: Plan, batch, actor, reason: str, progress: Callable) -> list:
        """Write the plan; returns the ImportRecord rows to store (unsaved)."""
        raise NotImplementedError


def shown(value) -> str:
    """A value as the preview shows it (old → new): a date as dd/mm/yyyy, nothing as a dash."""
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return dmy(value)
    return str(value)


def parse_row(plan: Plan, number: int, raw: dict, columns: list[Column]) -> dict | None:
    """Each cell through its column's parser; refusals land on the row and column. None when a cell was refused."""
    values = {}
    ok = True
    for column in columns:
        if column.key not in raw:
            continue
        value = raw[column.key]
        try:
            parsed = column.parse(value)
            if isinstance(parsed, datetime.date):
                # The bounds of every date (rule data), as the forms apply them: a date of birth 01/01/0001 or a
                # decision dated 31/12/9999 is refused on its cell; the services' tighter bounds come after.
                check_date_range(parsed, column.key)
        except CellError as error:
            plan.refuse(number, column.header, str(error), value)
            ok = False
            continue
        except ValidationError as error:
            plan.refuse(number, column.header, " ".join(error.messages), value)
            ok = False
            continue
        if column.required and parsed in (None, ""):
            plan.refuse(number, column.header, _("This column is required."), "")
            ok = False
            continue
        values[column.key] = parsed
    return values if ok else None
