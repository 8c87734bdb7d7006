"""The search key now holds the name's words and each name without separators (decision
0004), so that apostrophes, spaces and word order no longer matter: recompute it for everyone
but the anonymised, whose key stays empty."""

from django.db import migrations, models

from trama.people.names import person_search_name, search_key


def _previous_key(first_name, last_name):
    """The key before this migration: the name in both orders."""
    return f"{search_key(f'{last_name} {first_name}')} | {search_key(f'{first_name} {last_name}')}"


def _recompute(apps, build, chunk=1000):
    Person = apps.get_model("people", "Person")
    living = Person.objects.filter(anonymized_at__isnull=True)
    pks = list(living.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk):
        people = living.filter(pk__in=pks[start : start + chunk]).only(
            "pk", "first_name", "last_name", "search_name"
        )
        changed = []
        for person in people:
            key = build(person.first_name, person.last_name)
            if key != person.search_name:
                person.search_name = key
                changed.append(person)
        Person.objects.bulk_update(changed, ["search_name"])


def forward(apps, schema_editor):
    _recompute(apps, person_search_name)


def backward(apps, schema_editor):
    _recompute(apps, _previous_key)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_provisional_fiscal_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="search_name",
            field=models.CharField(db_index=True, editable=False, max_length=700),
        ),
        migrations.RunPython(forward, backward),
    ]
