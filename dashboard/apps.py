from django.apps import AppConfig


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"

    def ready(self):
        from core.home import home
        from core.registry import Panel

        from . import panels

        home.register(Panel("bloc-figures", "dashboard/_bloc_figures.html", panels.bloc_figures, order=30))
        home.register(Panel("apparatus-figures", "dashboard/_apparatus_figures.html", panels.apparatus_figures,
                            order=50))
        home.register(Panel("bloc-charts", "dashboard/_charts.html", panels.charts, order=60))
