"""Who writes where follows the app's roles (news.editors): Wagtail's generic *Editors* group, which wrote on the whole
site whatever a person's role, is removed; the moderators may choose the organisation a section belongs to.

Backwards: the group comes back as Wagtail made it (the CMS, add and change on the whole tree)."""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    section_type, _created = ContentType.objects.get_or_create(app_label="news", model="sectionpage")
    permission, _created = Permission.objects.get_or_create(
        content_type=section_type, codename="set_section_organization",
        defaults={"name": "Can choose the organisation a news section belongs to"})
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(permission)
    Group.objects.filter(name="Editors").delete()


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editors, _created = Group.objects.get_or_create(name="Editors")
    admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if admin is not None:
        editors.permissions.add(admin)
    root = Page.objects.filter(depth=1).order_by("path").first()
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if root is not None and page_type is not None:
        for codename in ("add_page", "change_page"):
            permission = Permission.objects.filter(content_type=page_type, codename=codename).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=permission)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0006_section_organization_and_editors"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
