from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.BatchList.as_view(), name="list"),
    path("members/new/", views.BatchUpload.as_view(kind="members"), name="upload_members"),
    path("members/template/", views.TemplateDownload.as_view(kind="members"), name="template_members"),
    path("organizations/new/", views.BatchUpload.as_view(kind="organizations"), name="upload_organizations"),
    path("organizations/template/", views.TemplateDownload.as_view(kind="organizations"),
         name="template_organizations"),
    path("seats/new/", views.BatchUpload.as_view(kind="seats"), name="upload_seats"),
    path("seats/template/", views.TemplateDownload.as_view(kind="seats"), name="template_seats"),
    path("<int:pk>/", views.BatchDetail.as_view(), name="detail"),
    path("<int:pk>/status/", views.BatchStatus.as_view(), name="status"),
    path("<int:pk>/commit/", views.BatchCommit.as_view(), name="commit"),
    path("<int:pk>/abandon/", views.BatchAbandon.as_view(), name="abandon"),
    path("<int:pk>/errors/", views.BatchErrors.as_view(), name="errors"),
    path("<int:pk>/file/", views.BatchFile.as_view(), name="file"),
]
