"""CTS art. 5 sectors and RUNTS sections (reference_data/). Takes the model classes so the
data migration and the demo loader share it."""

from trama.core.reference_data import read_reference_csv


def load_reference_organizations(sector_model, runts_section_model) -> None:
    for row in read_reference_csv("cts_art5_activities.csv"):
        sector_model.objects.update_or_create(code=row["code"], defaults={"label": row["label_it"]})
    for row in read_reference_csv("runts_sections.csv"):
        runts_section_model.objects.update_or_create(
            code=row["code"], defaults={"label": row["label_it"], "acronym": row["acronym"]}
        )
