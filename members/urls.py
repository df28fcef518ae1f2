from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("admit/", views.member_admit, name="admit"),
    path("register/", views.member_register, name="register"),
    path("transfer-in/", views.member_transfer_in, name="transfer_in"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/recognise/", views.member_recognise, name="recognise"),
    path("<int:pk>/induction/", views.member_induction, name="induction"),
    path("<int:pk>/temporary-end/", views.member_temporary_end, name="temporary_end"),
    path("<int:pk>/exempt/", views.member_exempt, name="exempt"),
    path("<int:pk>/exemption-end/", views.member_exemption_end, name="exemption_end"),
    path("<int:pk>/end/", views.member_end, name="end"),
]
