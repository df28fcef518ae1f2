"""`manage.py check --deploy` under a production environment: no warning at all.

Run in a subprocess, because the settings read the environment once: no DEBUG, no DEMO_MODE, a long random
SECRET_KEY, the real host name, and no PYTEST_VERSION (which would make the settings those of a test run).
"""

import os
import secrets
import subprocess
import sys

from django.conf import settings

# Anything in the developer's shell that would change the security settings is left out.
_SECURITY_VARIABLES = ("DEBUG", "DEMO_MODE", "HTTPS", "SECRET_KEY", "ALLOWED_HOSTS", "PYTEST_VERSION",
                       "PYTEST_XDIST_WORKER", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                       "SECURE_HSTS_PRELOAD", "PROXY_SSL_HEADER", "SESSION_IDLE_MINUTES", "SESSION_AT_BROWSER_CLOSE",
                       "DJANGO_SETTINGS_MODULE",
                       # set by e2e/conftest.py for Playwright's sync API in the same worker; never in deployment
                       "DJANGO_ALLOW_ASYNC_UNSAFE")


def _check_deploy(**environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in _SECURITY_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="dangbo.settings", ALLOWED_HOSTS="dang.example.vn", **environment)
    env = {key: value for key, value in env.items() if value is not None}
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def _warnings(result: subprocess.CompletedProcess) -> set[str]:
    text = result.stdout + result.stderr
    return {line.split("(", 1)[1].split(")", 1)[0] for line in text.splitlines() if line.startswith("?: (")}


def test_production_settings_pass_the_deploy_check_with_no_warning():
    result = _check_deploy(SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert not _warnings(result)


def test_plain_http_is_the_documented_exception():
    """HTTPS=0 (an intranet without TLS): the four HTTPS warnings, and only those, as the README says."""
    result = _check_deploy(SECRET_KEY=secrets.token_urlsafe(50), HTTPS="0")
    assert _warnings(result) == {"security.W004", "security.W008", "security.W012", "security.W016"}


def test_the_development_key_is_flagged():
    result = _check_deploy()
    assert "security.W009" in _warnings(result)
