"""Who writes where on the news site follows the app's roles (issue 20): Wagtail's permissions kept from them.

Each section belongs to an organisation (`SectionPage.organization`; none: the site's root organisation, the Bloc).
Each section has one Wagtail group of its own (`SectionEditors`), named after it, that may open the CMS, add and edit
pages in the section (never publish them: they are submitted to the workflow, and Wagtail's *Moderators* approve and
publish), and upload and choose pictures. A user is in a section's group exactly while a role assignment in force
today gives them NEWS_WRITE over the section's organisation (the scope: an assignment covers its organisation's whole
subtree; `accounts.scope.GRANTS`: the news site editor, the Bloc's standing committee, the administrator).

The groups follow the roles when an assignment is saved or removed, when a section is created, renamed or moved to
another organisation, at each login (so an assignment's dated start or end takes effect), every night
(`news.tasks`) and on `manage.py news_sync_editors`. Every sync compares before it writes: run again, it writes
nothing. The membership of these groups is the sync's alone: a change made by hand in the CMS is undone.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.scope import GRANTS
from core.scope import NEWS_WRITE, compute_scope
from organizations.selectors import root_ids

from .models import SectionEditors, SectionPage

log = logging.getLogger("dangbo.news")

PAGE_PERMISSIONS = ("add_page", "change_page")  # write and submit in the section; never publish, lock or delete
IMAGE_PERMISSIONS = ("add_image", "choose_image")  # on the root collection: upload pictures, choose any
ADMIN_ACCESS = ("wagtailadmin", "access_admin")
# A section's fields whose change may change its group's name or members (a draft's save touches neither).
SECTION_FIELDS = frozenset({"title", "organization", "organization_id"})


def group_name(section: SectionPage) -> str:
    """The group's name, in the product's language whoever's request made it (a login in English renames nothing)."""
    with translation.override(settings.LANGUAGE_CODE):
        return (_("Editors: %(section)s") % {"section": section.title})[:150]


def _permissions() -> dict[tuple[str, str], Permission]:
    wanted = [("wagtailcore", c) for c in PAGE_PERMISSIONS] + [("wagtailimages", c) for c in IMAGE_PERMISSIONS]
    wanted.append(ADMIN_ACCESS)
    query = Q()
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = {(p.content_type.app_label, p.codename): p
             for p in Permission.objects.filter(query).select_related("content_type")}
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise RuntimeError(f"Wagtail's permissions are missing (run the migrations): {missing}")
    return found


def _free_name(name: str, own_pk: int | None, section_pk: int) -> str:
    """The name, or, when another group holds it already (two sections of one title), the name with the section's
    number."""
    taken = Group.objects.filter(name=name)
    if own_pk is not None:
        taken = taken.exclude(pk=own_pk)
    if not taken.exists():
        return name
    suffix = f" ({section_pk})"
    return name[:150 - len(suffix)] + suffix


@transaction.atomic
def section_group_ensure(*, section: SectionPage, permissions: dict | None = None) -> Group:
    """The section's group, made when missing, named after the section, holding exactly its permissions (a change
    made to them by hand is put right)."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    permissions = permissions or _permissions()
    link = SectionEditors.objects.select_related("group").filter(section=section).first()
    name = group_name(section)
    if link is None:
        group = Group.objects.create(name=_free_name(name, None, section.pk))
        SectionEditors.objects.create(group=group, section=section)
        log.info("news: group %s made for section %s", group.pk, section.pk)
    else:
        group = link.group
        if group.name != name:
            name = _free_name(name, group.pk, section.pk)
            if group.name != name:
                group.name = name
                group.save(update_fields=["name"])
    access = permissions[ADMIN_ACCESS]
    if set(group.permissions.values_list("pk", flat=True)) != {access.pk}:
        group.permissions.set([access])
    wanted = {(section.pk, permissions[("wagtailcore", c)].pk) for c in PAGE_PERMISSIONS}
    held = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission_id"))
    if held != wanted:
        for page_id, permission_id in held - wanted:
            GroupPagePermission.objects.filter(group=group, page_id=page_id, permission_id=permission_id).delete()
        for page_id, permission_id in wanted - held:
            GroupPagePermission.objects.create(group=group, page_id=page_id, permission_id=permission_id)
    root = Collection.get_first_root_node()
    wanted = {(root.pk, permissions[("wagtailimages", c)].pk) for c in IMAGE_PERMISSIONS}
    held = set(GroupCollectionPermission.objects.filter(group=group).values_list("collection_id", "permission_id"))
    if held != wanted:
        for collection_id, permission_id in held - wanted:
            GroupCollectionPermission.objects.filter(group=group, collection_id=collection_id,
                                                     permission_id=permission_id).delete()
        for collection_id, permission_id in wanted - held:
            GroupCollectionPermission.objects.create(group=group, collection_id=collection_id,
                                                     permission_id=permission_id)
    return group


def _sections() -> list[tuple[int, int | None, int]]:
    """(section, its organisation, its group) of every section, live or draft; a section found without its group
    (made before this module, or around the signals) gets it."""
    rows = list(SectionPage.objects.order_by("pk").values_list("pk", "organization_id", "editors__group"))
    missing = [pk for pk, _org, group in rows if group is None]
    if missing:
        permissions = _permissions()
        for section in SectionPage.objects.filter(pk__in=missing):
            section_group_ensure(section=section, permissions=permissions)
        rows = list(SectionPage.objects.order_by("pk").values_list("pk", "organization_id", "editors__group"))
    return rows


def site_root_id() -> int | None:
    """The organisation a section without one belongs to: the tree's root, when there is one root."""
    roots = root_ids()
    return roots[0] if len(roots) == 1 else None


def writes(scope, organization_id: int | None, root_id: int | None) -> bool:
    """Whether the scope writes a section of this organisation (None: the site's root organisation, which is the
    tree's root when there is one root, and otherwise only whoever writes everywhere)."""
    if scope.sees_everything(NEWS_WRITE):
        return True
    organization_id = organization_id or root_id
    return organization_id is not None and scope.covers(organization_id, NEWS_WRITE)


def writable_groups(user, sections: list | None = None) -> set[int]:
    """The section groups the user belongs in today (a superuser: none, Wagtail lets them do everything; an inactive
    user: none)."""
    sections = _sections() if sections is None else sections
    if not sections or not user.is_active or user.is_superuser:
        return set()
    scope = compute_scope(user)  # fresh: an assignment may have changed since the request's scope was read
    if not scope.can(NEWS_WRITE):
        return set()
    root_id = None
    if not scope.sees_everything(NEWS_WRITE) and any(org is None for _pk, org, _group in sections):
        root_id = site_root_id()
    return {group for _pk, org, group in sections if writes(scope, org, root_id)}


@transaction.atomic
def editors_sync_user(*, user, sections: list | None = None, only_remove: bool = False) -> tuple[int, int]:
    """Put the user in the groups of the sections their roles let them write, out of the others: (added, removed).
    `only_remove`: take rights away only (an assignment being deleted, perhaps with its user)."""
    sections = _sections() if sections is None else sections
    if not sections:
        return 0, 0  # no section, no group to be in (a deleted section's group goes with it)
    current = set(user.groups.filter(news_section__isnull=False).values_list("pk", flat=True))
    wanted = writable_groups(user, sections)
    added = set() if only_remove else wanted - current
    removed = current - wanted
    if added:
        user.groups.add(*added)
    if removed:
        user.groups.remove(*removed)
    if added or removed:
        log.info("news: editor %s added to %s, removed from %s", user.pk, sorted(added), sorted(removed))
    return len(added), len(removed)


def _candidates():
    """Whoever may belong in a section's group or is in one: the holders (in force or not) of a role that grants
    NEWS_WRITE, and the groups' members."""
    roles = [role for role, actions in GRANTS.items() if NEWS_WRITE in actions]
    holders = RoleAssignment.objects.filter(role__in=roles).values("user_id")
    return (get_user_model().objects.filter(Q(pk__in=holders) | Q(groups__news_section__isnull=False))
            .distinct().order_by("pk"))


@transaction.atomic
def section_editors_sync(*, section: SectionPage) -> tuple[int, int]:
    """A section made, renamed or given to another organisation: its group put right, and its writers."""
    section_group_ensure(section=section)
    sections = _sections()
    added = removed = 0
    for user in _candidates():
        a, r = editors_sync_user(user=user, sections=sections)
        added, removed = added + a, removed + r
    return added, removed


@transaction.atomic
def editors_sync_all() -> dict[str, int]:
    """Every section's group and every writer put right (the nightly task, `manage.py news_sync_editors`); the
    groups of deleted sections removed."""
    permissions = _permissions()
    sections = list(SectionPage.objects.order_by("pk"))
    for section in sections:
        section_group_ensure(section=section, permissions=permissions)
    orphans = orphan_groups_remove()
    rows = _sections()
    users = added = removed = 0
    for user in _candidates():
        a, r = editors_sync_user(user=user, sections=rows)
        users, added, removed = users + 1, added + a, removed + r
    return {"sections": len(sections), "users": users, "added": added, "removed": removed,
            "groups_removed": orphans}


def orphan_groups_remove() -> int:
    """The groups whose section was deleted (the link emptied by the deletion): removed with their members."""
    orphans = list(Group.objects.filter(news_section__isnull=False, news_section__section__isnull=True)
                   .values_list("pk", flat=True))
    if orphans:
        Group.objects.filter(pk__in=orphans).delete()
    return len(orphans)


# ---- the triggers (connected in NewsConfig.ready(): `accounts` is below `news` and may not call it) ---------------

def assignment_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        editors_sync_user(user=instance.user)


def assignment_deleted(sender, instance, **kwargs):
    editors_sync_user(user=instance.user, only_remove=True)


def section_before_save(sender, instance, raw=False, **kwargs):
    """The section's name and organisation as stored, for section_saved to tell what changed."""
    if raw or instance.pk is None:
        instance._editors_was = None
        return
    instance._editors_was = (SectionPage.objects.filter(pk=instance.pk).values_list("title", "organization_id")
                             .first())


def section_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not SECTION_FIELDS & set(update_fields)):
        return  # a draft's save, a lock: neither the name nor the organisation changed
    was = getattr(instance, "_editors_was", None)
    if created or was is None or was[1] != instance.organization_id:
        section_editors_sync(section=instance)  # who writes it changes: every candidate looked at
    elif was[0] != instance.title:
        section_group_ensure(section=instance)  # renamed: its group only
    # Otherwise (a publication, a move, a setting): nothing to put right, and no user is read in the CMS's request.


def section_deleted(sender, instance, **kwargs):
    orphan_groups_remove()


def logged_in(sender, request, user, **kwargs):
    """An assignment that started or ended since the last sync takes effect at the login; a failing sync is logged
    and never refuses the login."""
    try:
        editors_sync_user(user=user)
    except Exception:
        log.exception("news: the editor groups of user %s could not be synchronised at login", user.pk)


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import post_delete, post_save, pre_save

    post_save.connect(assignment_saved, sender=RoleAssignment, dispatch_uid="news.editors.assignment_saved")
    post_delete.connect(assignment_deleted, sender=RoleAssignment, dispatch_uid="news.editors.assignment_deleted")
    pre_save.connect(section_before_save, sender=SectionPage, dispatch_uid="news.editors.section_before_save")
    post_save.connect(section_saved, sender=SectionPage, dispatch_uid="news.editors.section_saved")
    post_delete.connect(section_deleted, sender=SectionPage, dispatch_uid="news.editors.section_deleted")
    user_logged_in.connect(logged_in, dispatch_uid="news.editors.logged_in")
