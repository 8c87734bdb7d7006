from django.db import migrations

from trama.core.reference_data import read_reference_csv


def load(apps, schema_editor):
    ActivitySector = apps.get_model("organizations", "ActivitySector")
    RuntsSection = apps.get_model("organizations", "RuntsSection")
    for row in read_reference_csv("cts_art5_activities.csv"):
        ActivitySector.objects.update_or_create(code=row["code"], defaults={"label": row["label_it"]})
    for row in read_reference_csv("runts_sections.csv"):
        RuntsSection.objects.update_or_create(
            code=row["code"], defaults={"label": row["label_it"], "acronym": row["acronym"]}
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
