"""What the accounts pages let the apps above them plug in (see core.registry).

Slots: "accounts.login" (below the login form; the demo shows its logins there when DEMO_MODE is on).
"""

from core.registry import Slot

login_page = Slot("accounts.login", "Below the login form; context(request, None).")
