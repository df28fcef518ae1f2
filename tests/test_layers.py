"""The apps import one another in one order (.importlinter; README, "Layers"): a lower app never imports a higher
one, in its code or its tests. The contract is checked here, and shown to fail on an import against the order."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", str(cwd / ".importlinter"), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_the_apps_keep_their_order():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_against_the_order_breaks_the_contract(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "node_modules", "media", "staticfiles",
                                                              "*.sqlite3*", "__pycache__", "locale", "static"))
    text = copy / "organizations" / "selectors.py"
    text.write_text(text.read_text() + "\n\ndef _upward():\n    from members.models import Member  # noqa\n")
    result = lint(copy)
    assert result.returncode != 0
    assert "organizations is not allowed to import members" in result.stdout
    assert "organizations.selectors -> members.models" in result.stdout
