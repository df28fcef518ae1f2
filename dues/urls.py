from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("", views.DuesHome.as_view(), name="home"),
    path("cells/<int:pk>/", views.CellSheet.as_view(), name="sheet"),
    path("cells/<int:pk>/book/", views.CellBook.as_view(), name="book"),
    path("levels/<int:pk>/", views.LevelMonthPage.as_view(), name="level"),
    path("levels/<int:pk>/remit/", views.Remit.as_view(), name="remit"),
    path("levels/<int:pk>/book/", views.LevelBook.as_view(), name="level_book"),
    path("remittances/<int:pk>/confirm/", views.ConfirmReceipt.as_view(), name="confirm"),
    path("members/<int:pk>/", views.MemberDues.as_view(), name="member"),
    path("members/<int:pk>/basis/", views.BasisSet.as_view(), name="basis"),
    path("members/<int:pk>/relief/", views.ReliefGrant.as_view(), name="relief"),
    path("reliefs/<int:pk>/end/", views.ReliefEnd.as_view(), name="relief_end"),
]
