"""A committed test (the concurrent numbering on PostgreSQL) gives the migrated data back to the tests after it, as
jobs' committed tests do."""

from jobs.tests.conftest import _migrated_data_back, _note_committed_test  # noqa: F401
