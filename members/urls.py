from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.MemberList.as_view(), name="list"),
    path("admit/", views.MemberAdmit.as_view(), name="admit"),
    path("register/", views.MemberRegister.as_view(), name="register"),
    path("transfer-in/", views.MemberTransferIn.as_view(), name="transfer_in"),
    path("due/", views.MemberDue.as_view(), name="due"),
    path("periods/<int:pk>/papers/", views.MembershipPapers.as_view(), name="papers"),
    path("periods/<int:pk>/letter/", views.MembershipLetter.as_view(), name="letter"),
    path("<int:pk>/", views.MemberDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MemberEdit.as_view(), name="edit"),
    path("<int:pk>/transfer/", views.MemberTransfer.as_view(), name="transfer"),
    path("<int:pk>/recognise/", views.MemberRecognise.as_view(), name="recognise"),
    path("<int:pk>/induction/", views.MemberInduction.as_view(), name="induction"),
    path("<int:pk>/temporary-end/", views.MemberTemporaryEnd.as_view(), name="temporary_end"),
    path("<int:pk>/exempt/", views.MemberExempt.as_view(), name="exempt"),
    path("<int:pk>/exemption-end/", views.MemberExemptionEnd.as_view(), name="exemption_end"),
    path("<int:pk>/end/", views.MemberEnd.as_view(), name="end"),
]
