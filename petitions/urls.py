from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.PetitionRegister.as_view(), name="register"),
    path("statistics/", views.PetitionStatistics.as_view(), name="statistics"),
    path("receive/", views.PetitionReceive.as_view(), name="receive"),
    path("receive/sender-check/", views.PetitionSenderCheck.as_view(), name="sender_check"),
    path("todo/", views.PetitionTodo.as_view(), name="todo"),
    path("<int:pk>/", views.PetitionDetail.as_view(), name="detail"),
    path("<int:pk>/classify/", views.PetitionClassify.as_view(), name="classify"),
    path("<int:pk>/assign/", views.PetitionAssign.as_view(), name="assign"),
    path("<int:pk>/verify/", views.PetitionVerify.as_view(), name="verify"),
    path("<int:pk>/conclude/", views.PetitionConclude.as_view(), name="conclude"),
    path("<int:pk>/notify/", views.PetitionNotify.as_view(), name="notify"),
    path("<int:pk>/archive/", views.PetitionArchive.as_view(), name="archive"),
    path("<int:pk>/inspection/", views.PetitionOpenInspection.as_view(), name="open_inspection"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.PetitionAttachment.as_view(), name="attachment"),
]
