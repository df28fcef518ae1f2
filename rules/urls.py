from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [path("", views.RuleList.as_view(), name="list")]
