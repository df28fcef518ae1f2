from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("statistics/", views.StatisticsReport.as_view(), name="statistics"),
    path("periodic/", views.PeriodicList.as_view(), name="periodic"),
    path("periodic/new/", views.PeriodicCreate.as_view(), name="periodic_create"),
    path("periodic/<int:pk>/", views.PeriodicDetail.as_view(), name="periodic_detail"),
    path("periodic/<int:pk>/text/", views.PeriodicText.as_view(), name="periodic_text"),
    path("periodic/<int:pk>/submit/", views.PeriodicSubmit.as_view(), name="periodic_submit"),
    path("periodic/<int:pk>/receive/", views.PeriodicReceive.as_view(), name="periodic_receive"),
    path("periodic/<int:pk>/return/", views.PeriodicReturn.as_view(), name="periodic_return"),
    path("periodic/<int:pk>/docx/", views.PeriodicDocx.as_view(), name="periodic_docx"),
    path("periodic/<int:pk>/xlsx/", views.PeriodicXlsx.as_view(), name="periodic_xlsx"),
]
