from django.db import migrations

# The glossary's kinds. Labels are the Vietnamese terms; administrators may add or relabel kinds.
KINDS = [
    # code, label, abbreviation, tier, holds_members, may_be_root, order, allowed parents
    ("superior", "Đảng bộ cấp trên cơ sở", "ĐU", "superior", False, True, 10, ["superior"]),
    ("grassroots_committee", "Đảng bộ cơ sở", "ĐUCS", "grassroots", False, False, 20, ["superior"]),
    ("grassroots_cell", "Chi bộ cơ sở", "CBCS", "grassroots", True, False, 30, ["superior"]),
    ("sub_committee", "Đảng bộ bộ phận", "ĐBBP", "below_grassroots", False, False, 40, ["grassroots_committee"]),
    ("cell", "Chi bộ trực thuộc", "CB", "below_grassroots", True, False, 50,
     ["grassroots_committee", "sub_committee"]),
    ("party_group", "Tổ đảng", "TĐ", "below_grassroots", False, False, 60, ["grassroots_cell", "cell"]),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("organizations", "OrganizationKind")
    by_code = {}
    for code, label, abbr, tier, holds, root, order, _ in KINDS:
        by_code[code], _created = Kind.objects.update_or_create(
            code=code,
            defaults=dict(label=label, abbreviation=abbr, tier=tier, holds_members=holds, may_be_root=root,
                          sort_order=order),
        )
    for code, *_rest, parents in KINDS:
        by_code[code].allowed_parents.set([by_code[p] for p in parents])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
