from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from core import hooks as core
        from core.registry import Panel
        from inspections import hooks as inspections
        from organizations.models import OrganizationKind
        from rules.codes import PETITION_JURISDICTION, PETITION_NOT_HANDLED_GROUNDS
        from rules.display import register_value_labels

        from . import calendar, home, menu, selectors
        from .models import Concerns, Ground, Kind

        menu.register()
        home.register()
        # The rules page names the codes its petition lists hold (rules cannot import this app).
        register_value_labels([PETITION_NOT_HANDLED_GROUNDS], Ground.choices)
        register_value_labels([PETITION_JURISDICTION], Kind.choices, Concerns.choices, OrganizationKind.Tier.choices)

        # The working-day calendar changed: the open petitions' stored deadlines are recomputed.
        core.calendar_changed.register(calendar.calendar_changed)
        # The inspection pages show the petitions linked to them (never the sender): the denunciations a case on
        # signs of violation was opened from, the complaints lodged against a discipline decision.
        inspections.case_facts.register(Panel("origin-petitions", "petitions/_case_origin.html",
                                              selectors.case_origin_panel))
        inspections.decision_main.register(Panel("complaints", "petitions/_decision_complaints.html",
                                                 selectors.decision_complaints_panel))
