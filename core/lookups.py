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
