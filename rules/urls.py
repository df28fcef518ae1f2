from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [path("", views.rule_list_view, name="list")]
