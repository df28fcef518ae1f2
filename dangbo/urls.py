from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.images.views.serve import ServeView

from api.urls import v1_urls
from core.calendar_views import CalendarYearList
from core.views import SearchPage
from news.views import sitemap as news_sitemap

urlpatterns = [
    path("", include("dashboard.urls")),
    path("accounts/", include("accounts.urls")),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("apparatus/", include("apparatus.urls")),
    path("documents/", include("documents.urls")),
    path("meetings/", include("meetings.urls")),
    path("dues/", include("dues.urls")),
    path("badges/", include("badges.urls")),
    path("reviews/", include("reviews.urls")),
    path("petitions/", include("petitions.urls")),
    path("inspections/", include("inspections.urls")),
    path("notifications/", include("notifications.urls")),
    path("rules/", include("rules.urls")),
    path("jobs/", include("jobs.urls")),
    path("imports/", include("imports.urls")),
    path("studies/", include("studies.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("api/v1/", v1_urls()),
    path("api/", include("api.urls")),
    path("search/", SearchPage.as_view(), name="search"),
    path("calendar/", CalendarYearList.as_view(), name="calendar"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # The public news site (app `news`, Wagtail): its editors' CMS, the pages' images, the pages themselves (no login).
    path("news/", include("news.urls")),
    path("cms/", include(wagtailadmin_urls)),
    # an image of a page, resized, at a signed address (Wagtail's serve view: only renditions the pages asked for)
    re_path(r"^tin-tuc/anh/([^/]*)/(\d*)/([^/]*)/[^/]*$", ServeView.as_view(), name="wagtailimages_serve"),
    # the news site's sitemap, public like its pages (Wagtail's page addresses end in "/" and hold no dot, so it is a
    # plain view of the app `news`). Unnamed on purpose: nothing reverses it, and it is no page of the app's scopes
    # (core.testing walks named URLs for their scope cases); news/tests/test_find.py covers it.
    path("tin-tuc/sitemap.xml", news_sitemap),
    path("tin-tuc/", include(wagtail_urls)),
    # What a browser asks of every address that is no page of ours (a feed, a file): the icon the pages name.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("favicon.svg"))),
]

# Error pages that show the request's id (the one the server log writes beside the traceback).
handler403 = "core.errors.handler403"
handler404 = "core.errors.handler404"
handler500 = "core.errors.handler500"
