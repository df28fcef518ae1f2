from django.db import migrations


def recompute(apps, schema_editor):
    from core.text import person_sort_key

    Member = apps.get_model("members", "Member")
    batch = []
    for member in Member.objects.only("id", "full_name").iterator(chunk_size=2000):
        member.name_sort = person_sort_key(member.full_name)
        batch.append(member)
        if len(batch) >= 2000:
            Member.objects.bulk_update(batch, ["name_sort"])
            batch = []
    if batch:
        Member.objects.bulk_update(batch, ["name_sort"])


class Migration(migrations.Migration):
    dependencies = [("members", "0002_longer_sort_keys")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
