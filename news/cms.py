"""What the editors' CMS (Wagtail's admin at /cms/) needs from the app around it.

The policy. The app sends a strict Content-Security-Policy (no inline script or style anywhere: README, "CSP").
Wagtail's admin cannot live under it: its date widgets and inline panels write inline <script>s, its bundled
libraries inject <style> and <script> elements, the image cropper sets inline event handlers, and its preview panel
frames the page being edited (Wagtail issue #1288, open since 2015). So /cms/ alone allows inline script and style,
blob: images (an upload's preview) and being framed by its own pages; everything else stays as strict as the app's:
scripts, styles, images and connections from our own address only, no plugin, forms posting home. Only a preview
(an address with a "preview" part) may be framed, and by the CMS alone. The CMS is for signed-in editors only and never
shows readers' input unescaped; the public pages keep the strict policy.

The images. Wagtail's admin shows originals and thumbnails from MEDIA_URL. The app's other files (minutes,
evidence, petitions, imports) live under the same MEDIA_ROOT and are served only by their own views, through their
scope, so MEDIA_URL is not served as a folder: `CMSImageFile` (/news/media/…) serves Wagtail's two image folders,
to CMS users only. Readers get images through Wagtail's signed serve view (/tin-tuc/anh/…), never from here.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join

from core.views import Page

CMS_PREFIX = "/cms/"
# Wagtail's: wagtail.images.models.get_upload_to, the renditions, and the editors' own pictures (/cms/account/)
IMAGE_FOLDERS = ("original_images", "images", "avatar_images")

CMS_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
PREVIEW_POLICY_REPLACE = {"frame-ancestors": ["'self'"]}


def _added(policy: dict, more: dict) -> dict:
    """`policy` with `more`'s sources added to each directive (a view's own sources kept, not replaced)."""
    merged = {key: list(value) for key, value in (policy or {}).items()}
    for key, sources in more.items():
        merged[key] = [*merged.get(key, []), *[s for s in sources if s not in merged.get(key, [])]]
    return merged


class CMSPolicyMiddleware:
    """The CMS's looser policy, set on its responses for django-csp's middleware (listed before this one) to send."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if path.startswith(CMS_PREFIX):
            # A preview is the public page served by a request of its own through the whole middleware (Wagtail's
            # make_preview_request), which sent the public policy, frame-ancestors 'none' included: the CMS's
            # replaces it, or the preview panel could not frame it.
            if "Content-Security-Policy" in response.headers:
                del response.headers["Content-Security-Policy"]
            response._csp_update = _added(getattr(response, "_csp_update", None), CMS_POLICY_UPDATE)
            if "/preview/" in path:
                response._csp_replace = {**(getattr(response, "_csp_replace", None) or {}), **PREVIEW_POLICY_REPLACE}
        return response


class CMSImageFile(Page):
    """An image or a thumbnail of Wagtail's image library, for a user who may use the CMS (404 for anyone else, and
    for any other file under MEDIA_ROOT), shown in the page (the library holds images only)."""

    needs = None  # Wagtail's permission decides: guard()

    def guard(self):
        if not self.user.has_perm("wagtailadmin.access_admin"):
            raise Http404
        return None

    def get(self, request, path: str = "", *args, **kwargs):
        root = Path(settings.MEDIA_ROOT).resolve()
        try:  # judged on the resolved path: "original_images/../meetings/…" is a meeting's file, not an image
            full = Path(safe_join(root, path)).resolve()
            folder = full.relative_to(root).parts[:1]
        except (ValueError, SuspiciousFileOperation):  # a path (or a link) leading out of MEDIA_ROOT
            raise Http404 from None
        if folder not in [(name,) for name in IMAGE_FOLDERS] or not full.is_file():
            raise Http404
        response = FileResponse(full.open("rb"))
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
