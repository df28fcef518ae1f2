from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = _("News site")

    def ready(self):
        from . import editors, home, menu, panels

        home.register()
        menu.register()
        panels.register()
        editors.connect()
