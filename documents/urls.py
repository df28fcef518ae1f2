from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentList.as_view(), name="list"),
    path("issue/", views.DocumentIssue.as_view(), name="issue"),
    path("receive/", views.DocumentReceive.as_view(), name="receive"),
    path("<int:pk>/", views.DocumentDetail.as_view(), name="detail"),
    path("<int:pk>/correct/", views.DocumentCorrect.as_view(), name="correct"),
    path("<int:pk>/cancel/", views.DocumentCancel.as_view(), name="cancel"),
    path("<int:pk>/file/", views.DocumentFile.as_view(), name="file"),
    path("<int:pk>/docx/", views.DocumentDocx.as_view(), name="docx"),
]
