from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.register, name="register"),
    path("statistics/", views.statistics, name="statistics"),
    path("receive/", views.receive, name="receive"),
    path("api/", views.api_list, name="api_list"),
    path("todo/", views.todo, name="todo"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/api/", views.api_detail, name="api_detail"),
    path("<int:pk>/classify/", views.classify, name="classify"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/conclude/", views.conclude, name="conclude"),
    path("<int:pk>/notify/", views.notify, name="notify"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/inspection/", views.open_inspection, name="open_inspection"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
]
