from django.db import migrations

from trama.territory.reference import load_reference_territory


def load(apps, schema_editor):
    # The centroid fields come in 0003; 0004 loads them.
    load_reference_territory(
        apps.get_model("territory", "Municipality"), apps.get_model("territory", "Hub"), centroids=False
    )


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
