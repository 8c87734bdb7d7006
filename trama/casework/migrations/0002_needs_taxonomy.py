"""The needs taxonomy, as data: operators pick from it in a listening session."""

from django.db import migrations

NEEDS = [
    ("isolation", "Solitudine e isolamento", "Loneliness and isolation"),
    ("economic_hardship", "Difficoltà economica", "Economic hardship"),
    ("food", "Alimentazione", "Food"),
    ("housing", "Casa e abitare", "Housing"),
    ("health", "Salute", "Health"),
    ("work", "Lavoro", "Work"),
    ("bureaucracy_digital", "Pratiche burocratiche e digitali", "Bureaucracy and digital services"),
    ("care_load", "Carico di cura", "Care load"),
    ("mobility", "Mobilità e trasporti", "Mobility and transport"),
    ("family_relations", "Relazioni familiari", "Family relations"),
    ("education", "Istruzione e formazione", "Education and training"),
    ("language", "Lingua italiana", "Italian language"),
    ("legal", "Questioni legali", "Legal matters"),
    ("other", "Altro", "Other"),
]


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
