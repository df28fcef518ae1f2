from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.CampaignList.as_view(), name="home"),
    path("open/", views.CampaignOpen.as_view(), name="open"),
    path("campaigns/<int:pk>/", views.CampaignDetail.as_view(), name="campaign"),
    path("campaigns/<int:pk>/close/", views.CampaignClose.as_view(), name="close"),
    path("campaigns/<int:pk>/refresh/", views.CampaignRefresh.as_view(), name="refresh"),
    path("campaigns/<int:pk>/results/", views.Results.as_view(), name="results"),
    path("campaigns/<int:pk>/cells/<int:cell>/propose/", views.ProposalSheet.as_view(), name="propose"),
    path("campaigns/<int:pk>/cells/<int:cell>/minutes/", views.Minutes.as_view(), name="minutes"),
    path("campaigns/<int:pk>/decide/<int:unit>/", views.DecisionSheet.as_view(), name="decide"),
    path("campaigns/<int:pk>/organizations/<int:parent>/", views.OrganizationDecision.as_view(),
         name="organizations"),
    path("members/<int:pk>/", views.SelfAssessment.as_view(), name="self"),
    path("members/<int:pk>/print/", views.SelfAssessmentPrint.as_view(), name="print"),
    path("organizations/<int:pk>/", views.OrganizationSelfAssessment.as_view(), name="organization_self"),
]
