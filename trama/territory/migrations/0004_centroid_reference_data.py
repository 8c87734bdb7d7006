from django.db import migrations

from trama.territory.reference import load_reference_centroids


def load(apps, schema_editor):
    load_reference_centroids(apps.get_model("territory", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("territory", "0003_municipality_centroid")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
