from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.InspectionIndex.as_view(), name="index"),
    path("cases/", views.CaseList.as_view(), name="cases"),
    path("remedies/", views.RemedyList.as_view(), name="remedies"),
    path("statistics/", views.InspectionStatistics.as_view(), name="statistics"),
    path("programmes/new/", views.ProgrammeCreate.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", views.ProgrammeDetail.as_view(), name="programme"),
    path("pick/committees/", views.CommitteePick.as_view(), name="pick_committees"),
    path("programmes/<int:pk>/pick/organizations/", views.ProgrammeOrganizationPick.as_view(),
         name="pick_programme_organizations"),
    path("cases/<int:pk>/pick/organizations/", views.CaseOrganizationPick.as_view(), name="pick_case_organizations"),
    path("cases/<int:pk>/pick/members/", views.CaseMemberPick.as_view(), name="pick_case_members"),
    path("programmes/<int:pk>/items/new/", views.CaseCreate.as_view(), name="case_create"),
    path("cases/<int:pk>/", views.CaseDetail.as_view(), name="case"),
    path("cases/<int:pk>/edit/", views.CaseEdit.as_view(), name="case_edit"),
    path("cases/<int:pk>/step/", views.CaseStep.as_view(), name="case_step"),
    path("cases/<int:pk>/documents/<int:step_pk>/", views.CaseDocument.as_view(), name="case_document"),
    path("cases/<int:pk>/assessment/", views.CaseAssessment.as_view(), name="case_assessment"),
    path("cases/<int:pk>/findings/new/", views.FindingAdd.as_view(), name="finding_add"),
    path("cases/<int:pk>/remedies/new/", views.RemedyAdd.as_view(), name="remedy_add"),
    path("cases/<int:pk>/discipline/new/", views.DisciplineAdd.as_view(), name="discipline_add"),
    path("remedies/<int:pk>/", views.RemedyDetail.as_view(), name="remedy"),
    path("remedies/<int:pk>/report/", views.RemedyReport.as_view(), name="remedy_report"),
    path("remedies/<int:pk>/check/", views.RemedyCheck.as_view(), name="remedy_check"),
    path("remedies/<int:pk>/evidence/<int:report_pk>/", views.RemedyEvidence.as_view(), name="remedy_evidence"),
    path("decisions/<int:pk>/", views.DecisionDetail.as_view(), name="decision"),
]
