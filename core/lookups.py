"""`field__written_in=(...)`: an IN whose constants are written into the SQL instead of bound as parameters.

SQLite uses a partial index only when the query's WHERE names the index's condition with the same constants as
written; a bound parameter is not matched, so `status__in=OPEN` never reached the partial index meetings_open and
each of the home page's to-do counts read every meeting of every cell. Only short code values (letters, digits,
underscores) are accepted: they come from the code's choices, never from what a user typed.
"""

import re

from django.db.models import CharField, Lookup

_CODE = re.compile(r"^[A-Za-z0-9_]+$")


@CharField.register_lookup
class WrittenIn(Lookup):
    lookup_name = "written_in"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = [str(v) for v in self.rhs]
        if not values or not all(_CODE.match(v) for v in values):
            raise ValueError(f"written_in takes code values only: {values!r}")
        return f"{lhs} IN ({', '.join(repr(v) for v in values)})", params


@CharField.register_lookup
class IndexCondition(WrittenIn):
    """`field__index_condition=(...)`: a partial index's condition that the query's other terms on the field already
    imply (`status__index_condition=OPEN` beside `status__written_in=[PLANNED]`), for SQLite, which uses the index
    only when the query names its condition as written (above). PostgreSQL proves the condition from those terms
    itself, and there the redundant IN only multiplies into its row estimates: at national size it chose another
    index, read by its last column, over the partial one (25 ms against 11). So it is left out there."""

    lookup_name = "index_condition"

    def as_postgresql(self, compiler, connection):
        self.as_sql(compiler, connection)  # the same check of its values
        return "TRUE", []
