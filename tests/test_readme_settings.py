"""Every environment variable the README's configuration table lists is read by the settings (a variable documented
but never read silently does nothing: BACKUP_DIR once did)."""

import re

from django.conf import settings


def _documented() -> set[str]:
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration (environment)", 1)[1].split("\n\n", 1)[0]
    names = set()
    for line in table.splitlines()[2:]:
        first_cell = line.split("|")[1]
        names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_every_documented_variable_is_read_by_the_settings():
    source = (settings.BASE_DIR / "dangbo" / "settings.py").read_text(encoding="utf-8")
    documented = _documented()
    assert len(documented) > 20
    unread = sorted(name for name in documented if f'"{name}"' not in source)
    assert not unread, f"documented in the README but not read by dangbo/settings.py: {unread}"
