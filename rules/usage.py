"""Where each rule bites: the checks and pages that read it, declared on the function that reads it.

    @applies(ADMISSION_MIN_AGE, ADMISSION_MAX_AGE, where=_("Admission: the candidate's age on the decision date"),
             page="members:admit")
    def _check_age_at_admission(...):
        ... rule_value(ADMISSION_MIN_AGE, on=...) ...

The Quy định page lists, under each rule, what applies it. A rule in the data that no function declares is a
promise nobody keeps, and rules/tests/test_usage.py fails on it; it also fails when a declaring function does not
mention the code it claims to read, so a declaration cannot outlive the check it describes.
"""

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .codes import Code


@dataclass(frozen=True)
class Use:
    code: Code
    where: object  # a lazy translation: shown in the reader's language
    module: str
    function: str
    page: str | None = None  # a URL name without arguments, when one page shows the check

    @property
    def url(self) -> str | None:
        if not self.page:
            return None
        try:
            return reverse(self.page)
        except NoReverseMatch:
            return None


_uses: dict[tuple[str, str, str], Use] = {}


def applies(*codes: Code | str, where, page: str | None = None):
    """Declare that the decorated function reads the rules `codes`; `where` says in the user's words where that
    bites (a refusal on a form, a to-do, a figure on a page)."""
    if not codes:
        raise TypeError("applies() needs at least one rule code")

    def declare(function):
        for code in codes:
            code = Code(code)
            key = (code, function.__module__, function.__qualname__)
            _uses[key] = Use(code, where, function.__module__, function.__qualname__, page)
        return function

    return declare


SKIPPED = {"migrations", "tests", "management", "templatetags"}


@cache
def discover() -> None:
    """Import every module of the project's own apps, so that every declaration has run (a page that has not yet
    been visited must not hide a use)."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent != base:  # the project's own apps sit at the top of the project (not in .venv)
            continue
        for info in pkgutil.walk_packages([str(path)], prefix=f"{config.name}."):
            if SKIPPED & set(info.name.split(".")):
                continue
            importlib.import_module(info.name)


def uses_of(code: Code | str) -> list[Use]:
    discover()
    code = Code(code)
    return sorted((u for u in _uses.values() if u.code == code), key=lambda u: (u.module, u.function))


def all_uses() -> list[Use]:
    discover()
    return list(_uses.values())
