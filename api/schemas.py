"""The pieces every resource's schema is made of: ids in the path, dates as the pages' fields take them, bounded page
pagination and a reference to another record (one component each in the published schema)."""

from typing import Annotated

from ninja import Field, Path, Schema

from .base import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def date_text(*default):
    """A date as the page's field takes it (yyyy-mm-dd or dd/mm/yyyy), refused by the form in its own words."""
    return Field(*default, max_length=10, json_schema_extra={"format": "date"}, description="yyyy-mm-dd")


class Paging(Schema):
    """Page pagination, bounded: the answer says `count`, and the `next` / `previous` page numbers (null at the
    ends)."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"From 1 to {MAX_PAGE}; a page past the last answers no rows.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE,
                           description=f"Rows per page, from 1 to {MAX_PAGE_SIZE} ({DEFAULT_PAGE_SIZE} by default).")


class PageOut(Schema):
    count: int
    page: int
    page_size: int
    next: int | None
    previous: int | None


class Ref(Schema):
    id: int
    name: str


def ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name if hasattr(obj, "name") else str(obj)} if obj is not None else None
