from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


def _no_history_while_loading(sender, instance, raw=False, **kwargs):
    """A fixture load (loaddata) brings its own history rows: simple-history's many-to-many handler, unlike its
    post_save one, does not look at `raw`, and would invent a history row for every loaded relation."""
    if raw:
        instance.skip_history_when_saving = True


class CoreConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'core'
    verbose_name = _("Working-day calendar")

    def ready(self):
        from . import lookups  # noqa: F401 - registers `__written_in` on CharField
        pre_save.connect(_no_history_while_loading, weak=False, dispatch_uid="core.no_history_while_loading")
