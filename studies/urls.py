from django.urls import path

from . import views

app_name = "studies"
urlpatterns = [
    path("", views.CampaignList.as_view(), name="home"),
    path("launch/", views.CampaignLaunch.as_view(), name="launch"),
    path("campaigns/<int:pk>/", views.CampaignDetail.as_view(), name="campaign"),
    path("campaigns/<int:pk>/close/", views.CampaignClose.as_view(), name="close"),
    path("campaigns/<int:pk>/takeaways/", views.TakeawayList.as_view(), name="takeaways"),
    path("campaigns/<int:pk>/my-takeaway/", views.TakeawayWrite.as_view(), name="takeaway"),
    path("sessions/<int:pk>/", views.SessionRecord.as_view(), name="session"),
    path("sessions/<int:pk>/plan/", views.SessionPlan.as_view(), name="session_plan"),
    path("sessions/<int:pk>/cancel/", views.SessionCancel.as_view(), name="session_cancel"),
    path("sessions/<int:pk>/make-up/", views.AttendanceMakeUp.as_view(), name="make_up"),
    path("takeaways/<int:pk>/", views.TakeawayAssess.as_view(), name="assess"),
    path("campaigns/<int:pk>/programme/", views.ProgrammeAdopt.as_view(), name="adopt"),
    path("programmes/<int:pk>/", views.ProgrammeDetail.as_view(), name="programme"),
    path("programmes/<int:pk>/tasks/new/", views.TaskAdd.as_view(), name="task_add"),
    path("programmes/<int:pk>/report/", views.ReportSubmit.as_view(), name="report"),
    path("tasks/<int:pk>/", views.TaskUpdate.as_view(), name="task"),
    path("launch/documents/", views.LaunchDocumentPick.as_view(), name="launch_documents"),
    path("campaigns/<int:pk>/programme/documents/", views.ProgrammeDocumentPick.as_view(), name="programme_documents"),
    path("tasks/<int:pk>/documents/", views.TaskDocumentPick.as_view(), name="task_documents"),
    path("mine/", views.TakeawayMine.as_view(), name="mine"),
]
