from django.urls import path

from . import views
from .cms import CMSImageFile

app_name = "news"
urlpatterns = [
    # the CMS's image library (MEDIA_URL: originals and thumbnails), for its users only; readers get a page's images
    # through Wagtail's signed serve view
    path("media/<path:path>", CMSImageFile.as_view(), name="cms-image"),
    path("comments/", views.CommentQueue.as_view(), name="queue"),
    path("comments/<int:pk>/", views.CommentDetail.as_view(), name="comment"),
    path("comments/<int:pk>/approve/", views.CommentApprove.as_view(), name="comment-approve"),
    path("comments/<int:pk>/reject/", views.CommentReject.as_view(), name="comment-reject"),
    path("comments/<int:pk>/spam/", views.CommentSpam.as_view(), name="comment-spam"),
    path("comments/<int:pk>/reply/", views.CommentReply.as_view(), name="comment-reply"),
    path("complaints/", views.ComplaintQueue.as_view(), name="complaints"),
    path("complaints/<int:pk>/", views.ComplaintDetail.as_view(), name="complaint"),
    path("complaints/<int:pk>/take/", views.ComplaintTake.as_view(), name="complaint-take"),
    path("complaints/<int:pk>/resolve/", views.ComplaintResolve.as_view(), name="complaint-resolve"),
    path("complaints/<int:pk>/dismiss/", views.ComplaintDismiss.as_view(), name="complaint-dismiss"),
    path("drafts/visit/<int:pk>/", views.VisitArticleDraft.as_view(), name="draft-visit"),
    path("drafts/pilot/<int:pk>/", views.PilotArticleDraft.as_view(), name="draft-pilot"),
    path("drafts/congress/<int:pk>/", views.CongressArticleDraft.as_view(), name="draft-congress"),
    path("sections/", views.SectionsWritten.as_view(), name="sections"),
]
