from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("comments/", views.CommentQueue.as_view(), name="queue"),
    path("comments/<int:pk>/", views.CommentDetail.as_view(), name="comment"),
    path("comments/<int:pk>/approve/", views.CommentApprove.as_view(), name="comment-approve"),
    path("comments/<int:pk>/reject/", views.CommentReject.as_view(), name="comment-reject"),
    path("comments/<int:pk>/spam/", views.CommentSpam.as_view(), name="comment-spam"),
    path("comments/<int:pk>/reply/", views.CommentReply.as_view(), name="comment-reply"),
    path("sections/", views.SectionsWritten.as_view(), name="sections"),
]
