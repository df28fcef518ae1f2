"""The organisations an import may name: the batch's organisation and everything under it, read once, found by code,
by full path ("Đảng bộ Khối > Đảng bộ Sở Tài chính > Chi bộ Phòng Ngân sách", also with "/" or "\\") or by a name that
is unique in the subtree — compared folded, so case, diacritics and spacing do not matter."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.text import fold
from organizations.models import Organization

from .sheets import CellError

PATH_SEPARATORS = re.compile(r"\s*(?:>|/|\\|»)\s*")


@dataclass
class Subtree:
    root: Organization
    by_id: dict[int, Organization]
    by_code: dict[str, Organization]
    by_path: dict[str, Organization]
    by_name: dict[str, list[Organization]]

    @classmethod
    def of(cls, root: Organization) -> "Subtree":
        nodes = list(Organization.objects.descendants(root, include_self=True).select_related("kind"))
        above = [fold(a.name) for a in root.ancestors()]  # the installation's root first, down to root's parent
        by_id = {o.pk: o for o in nodes}
        by_code, by_path, by_name = {}, {}, {}
        for node in nodes:
            by_code[fold(node.code)] = node
            by_code.setdefault(node.code, node)
            by_name.setdefault(fold(node.name), []).append(node)
        for node in nodes:
            names = []
            current = node
            while current is not None:
                names.append(fold(current.name))
                current = by_id.get(current.parent_id)
            # A path may start at the root of the installation or at the batch's organisation.
            names.reverse()
            names = above + names
            for start in range(len(names)):
                by_path.setdefault(" > ".join(names[start:]), node)
        return cls(root=root, by_id=by_id, by_code=by_code, by_path=by_path, by_name=by_name)

    def path_of(self, organization: Organization) -> str:
        names = []
        current = organization
        while current is not None and current.pk in self.by_id:
            names.append(current.name)
            current = self.by_id.get(current.parent_id)
        return " > ".join(reversed(names))

    def find(self, value: str) -> Organization:
        found = self.by_code.get(value) or self.by_code.get(fold(value))  # codes are usually written as they are
        if found is not None:
            return found
        key = fold(value)
        if not key:
            raise CellError(_("Name the organisation (its code, full path or name)."))
        if key in self.by_code:
            return self.by_code[key]
        path = " > ".join(fold(part) for part in PATH_SEPARATORS.split(value) if part.strip())
        if path in self.by_path:
            return self.by_path[path]
        found = self.by_name.get(key, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError(_("%(count)d organisations under %(root)s are named “%(value)s”: write its code or its "
                              "full path (e.g. %(path)s).")
                            % {"count": len(found), "root": self.root.name, "value": value,
                               "path": self.path_of(found[0])})
        raise CellError(_("No organisation “%(value)s” under %(root)s (looked for its code, full path and name).")
                        % {"value": value, "root": self.root.name})
