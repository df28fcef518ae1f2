from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("compliance/", views.MeetingCompliance.as_view(), name="compliance"),
    path("compliance/todo/", views.MeetingTodoList.as_view(), name="compliance_todo"),
    path("mine/", views.OwnCellList.as_view(), name="mine"),
    path("my/", views.OwnMeetingList.as_view(), name="my_meetings"),
    path("clusters/", views.ClusterPilotList.as_view(), name="clusters"),
    path("processes/", views.ProcessList.as_view(), name="processes"),
    path("processes/new/", views.ProcessDraft.as_view(), name="process_new"),
    path("processes/<int:pk>/", views.ProcessDetail.as_view(), name="process_detail"),
    path("processes/<int:pk>/edit/", views.ProcessEdit.as_view(), name="process_edit"),
    path("processes/<int:pk>/publish/", views.ProcessPublish.as_view(), name="process_publish"),
    path("processes/<int:pk>/discard/", views.ProcessDiscard.as_view(), name="process_discard"),
    path("groups/", views.WorkingGroupList.as_view(), name="groups"),
    path("groups/new/", views.WorkingGroupCreate.as_view(), name="group_create"),
    path("groups/<int:pk>/", views.WorkingGroupDetail.as_view(), name="group"),
    path("visits/<int:pk>/", views.VisitDetail.as_view(), name="visit"),
    path("cells/<int:pk>/", views.CellMeetingList.as_view(), name="cell"),
    path("cells/<int:pk>/plan/", views.MeetingPlan.as_view(), name="plan"),
    path("<int:pk>/", views.MeetingDetail.as_view(), name="detail"),
    path("<int:pk>/attendance/", views.MeetingAttendance.as_view(), name="attendance"),
    path("<int:pk>/record/", views.MeetingRecord.as_view(), name="record"),
    path("<int:pk>/close/", views.MeetingClose.as_view(), name="close"),
    path("<int:pk>/notify/", views.MeetingNotify.as_view(), name="notify"),
    path("<int:pk>/reschedule/", views.MeetingReschedule.as_view(), name="reschedule"),
    path("<int:pk>/documents/add/", views.MeetingDocumentAdd.as_view(), name="document_add"),
    path("documents/<int:pk>/", views.MeetingDocumentDownload.as_view(), name="document"),
    path("documents/<int:pk>/withdraw/", views.MeetingDocumentWithdraw.as_view(), name="document_withdraw"),
    path("<int:pk>/minutes.docx", views.MeetingMinutes.as_view(), name="minutes"),
]
