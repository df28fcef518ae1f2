from django.urls import path

from . import process_views, views, visit_views

app_name = "meetings"
urlpatterns = [
    path("compliance/", views.compliance_view, name="compliance"),
    path("clusters/", views.clusters, name="clusters"),
    path("processes/", process_views.process_list, name="processes"),
    path("processes/new/", process_views.process_new, name="process_new"),
    path("processes/<int:pk>/", process_views.process_detail, name="process_detail"),
    path("processes/<int:pk>/edit/", process_views.process_edit, name="process_edit"),
    path("processes/<int:pk>/publish/", process_views.process_publish, name="process_publish"),
    path("processes/<int:pk>/discard/", process_views.process_discard, name="process_discard"),
    path("groups/", visit_views.group_list, name="groups"),
    path("groups/new/", visit_views.group_create, name="group_create"),
    path("groups/<int:pk>/", visit_views.group_detail, name="group"),
    path("visits/<int:pk>/", visit_views.visit_detail, name="visit"),
    path("cells/<int:pk>/", views.cell_meetings, name="cell"),
    path("cells/<int:pk>/plan/", views.meeting_plan, name="plan"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("<int:pk>/record/", views.meeting_record, name="record"),
    path("<int:pk>/close/", views.meeting_close, name="close"),
    path("<int:pk>/notify/", views.meeting_notify, name="notify"),
    path("<int:pk>/minutes.docx", views.meeting_minutes, name="minutes"),
]
