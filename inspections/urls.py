from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("statistics/", views.statistics_view, name="statistics"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/items/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/step/", views.case_step, name="case_step"),
    path("cases/<int:pk>/documents/<int:step_pk>/", views.case_document, name="case_document"),
    path("cases/<int:pk>/assessment/", views.case_assessment, name="case_assessment"),
    path("cases/<int:pk>/findings/new/", views.finding_add, name="finding_add"),
    path("cases/<int:pk>/remedies/new/", views.remedy_add, name="remedy_add"),
    path("cases/<int:pk>/discipline/new/", views.discipline_add, name="discipline_add"),
    path("remedies/<int:pk>/", views.remedy_detail, name="remedy"),
    path("remedies/<int:pk>/report/", views.remedy_report, name="remedy_report"),
    path("remedies/<int:pk>/check/", views.remedy_check, name="remedy_check"),
    path("remedies/<int:pk>/evidence/<int:report_pk>/", views.remedy_evidence, name="remedy_evidence"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
]
