# English pages keep the Vietnamese dates (dd/mm/yyyy) and differ only in the number separators.
from dangbo.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
