"""`make test` runs pytest with pytest.ini's testpaths: an app whose tests are missing from them is never run (the
news and reports apps once were). Every folder of the project that holds tests is listed."""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_folder_with_tests_is_in_testpaths():
    config = configparser.ConfigParser()
    config.read(ROOT / "pytest.ini")
    listed = set(config["pytest"]["testpaths"].split())
    with_tests = {path.parent.name for path in ROOT.glob("*/tests/__init__.py")}
    with_tests |= {path.parent.name for path in ROOT.glob("*/test_*.py") if path.parent != ROOT}
    with_tests -= {".venv"}
    assert with_tests - listed == set()
    assert {name for name in listed if not (ROOT / name).is_dir()} == set()
