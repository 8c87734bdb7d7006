from django.db import migrations

from trama.organizations.reference import load_reference_organizations


def load(apps, schema_editor):
    load_reference_organizations(
        apps.get_model("organizations", "ActivitySector"), apps.get_model("organizations", "RuntsSection")
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
