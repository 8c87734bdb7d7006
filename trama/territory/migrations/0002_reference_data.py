from django.db import migrations

from trama.core.reference_data import read_reference_csv


def load(apps, schema_editor):
    Municipality = apps.get_model("territory", "Municipality")
    Hub = apps.get_model("territory", "Hub")
    by_name = {}
    for row in read_reference_csv("municipalities.csv"):
        municipality, _ = Municipality.objects.update_or_create(
            istat_code=row["istat_code"],
            defaults={
                "cadastral_code": row["cadastral_code"],
                "name": row["name"],
                "province": row["province"],
                "region": row["region"],
                "population": int(row["population_approx"]),
                "population_source": row["population_source"],
                "in_consortium": True,
            },
        )
        by_name[municipality.name] = municipality
    for row in read_reference_csv("offices.csv"):
        Hub.objects.update_or_create(
            municipality=by_name[row["municipality"]],
            name=row["name"],
            defaults={"kind": row["kind"], "address": row["address"], "postcode": row["postcode"], "phone": row["phone"]},
        )


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
