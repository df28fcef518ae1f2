from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [path("statistics/", views.StatisticsReport.as_view(), name="statistics")]
