"""The project's settings give the login limits to accounts (the other tests of this app run under
test_login_protection.PROTECTION, so this one reads the settings as they are)."""

from django.conf import settings


def test_the_settings_name_the_accounts_limits():
    # Two limits (a user name, an address) through accounts.security.failure_limit.
    assert settings.AXES_FAILURE_LIMIT == "accounts.security.failure_limit"
    # A login forgets only its own user name's failures (accounts.security.forgive), and only once the second factor
    # is given: axes' reset would also forget the address's failures, other names included, at each password.
    assert settings.AXES_RESET_ON_SUCCESS is False
