from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("compliance/", views.compliance_view, name="compliance"),
    path("clusters/", views.clusters, name="clusters"),
    path("cells/<int:pk>/", views.cell_meetings, name="cell"),
    path("cells/<int:pk>/plan/", views.meeting_plan, name="plan"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("<int:pk>/record/", views.meeting_record, name="record"),
    path("<int:pk>/close/", views.meeting_close, name="close"),
    path("<int:pk>/minutes.docx", views.meeting_minutes, name="minutes"),
]
