from django.db import migrations, models


def party_groups_elect_none(apps, schema_editor):
    apps.get_model("organizations", "OrganizationKind").objects.filter(code="party_group").update(
        elects_committee=False)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_parent_protected")]
    operations = [
        migrations.AddField(
            model_name="organizationkind",
            name="elects_committee",
            field=models.BooleanField(
                default=True,
                help_text="Organisations of this kind have terms, a committee or secretary, and congresses that fall due.",
                verbose_name="holds congresses and elects a committee",
            ),
        ),
        migrations.RunPython(party_groups_elect_none, migrations.RunPython.noop),
    ]
