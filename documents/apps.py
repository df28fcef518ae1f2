from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rules.codes import DOCUMENT_KINDS, DOCUMENT_KINDS_BY_ISSUER
        from rules.display import register_value_labels

        from . import menu
        from .kinds import ISSUER_TYPES, KIND_NAMES

        # the words of the document rules' values (rules/display): the kinds' codes and names, the issuers' types
        names = [(code, code) for code in KIND_NAMES] + [(name, name) for name in KIND_NAMES.values()]
        register_value_labels([DOCUMENT_KINDS, DOCUMENT_KINDS_BY_ISSUER], names, ISSUER_TYPES)
        menu.register()
