"""The rule data is public to every logged-in user."""

from core.testing import EVERYONE, ScopeCase

SCOPE_CASES = [ScopeCase("rules:list", EVERYONE)]
