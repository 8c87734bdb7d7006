"""The needs taxonomy, as data: operators pick from it in a listening session."""

from django.db import migrations

from trama.casework.needs_taxonomy import NEEDS


def load(apps, schema_editor):
    Need = apps.get_model("casework", "Need")
    for position, (code, label, label_en) in enumerate(NEEDS, start=1):
        Need.objects.update_or_create(
            code=code, defaults={"label": label, "label_en": label_en, "position": position}
        )


def unload(apps, schema_editor):
    apps.get_model("casework", "Need").objects.filter(code__in=[n[0] for n in NEEDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
