from django.core.management.base import BaseCommand

from news.editors import editors_sync_all


class Command(BaseCommand):
    help = ("Put the news sections' Wagtail groups right from the role assignments in force today: each section's "
            "group and its permissions, its members (whoever's role gives NEWS_WRITE over the section's "
            "organisation), the groups of deleted sections removed. Runs every night (news.tasks); safe to repeat.")

    def handle(self, *args, **options):
        result = editors_sync_all()
        self.stdout.write(
            f"{result['sections']} sections, {result['users']} writers looked at: {result['added']} memberships "
            f"added, {result['removed']} removed, {result['groups_removed']} groups of deleted sections removed.")
