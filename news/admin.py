"""Nothing of the news site is edited in Django's administration: pages and tags in Wagtail's CMS (/cms/), comments in
the moderators' queue (/news/comments/, which keeps each decision). django-taggit's own Tag admin (a search that would
not ignore diacritics: tests/test_admin.py) is taken out."""

from django.contrib import admin
from taggit.models import Tag

if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)
