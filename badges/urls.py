from django.urls import path

from . import views

app_name = "badges"
urlpatterns = [
    path("", views.BadgesHome.as_view(), name="home"),
    path("members/<int:pk>/interruption/", views.InterruptionRecord.as_view(), name="interruption"),
    path("members/<int:pk>/illness/", views.IllnessRecord.as_view(), name="illness"),
]
