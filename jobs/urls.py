from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.JobList.as_view(), name="list"),
    path("<int:pk>/", views.JobDetail.as_view(), name="detail"),
    path("<int:pk>/progress/", views.JobProgress.as_view(), name="progress"),
    path("<int:pk>/result/", views.JobResult.as_view(), name="result"),
    path("<int:pk>/cancel/", views.JobCancel.as_view(), name="cancel"),
]
