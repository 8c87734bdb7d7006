"""The consortium's municipalities, their centroids and offices (reference_data/). Takes the
model classes so the data migrations (historical models) and the demo loader (after a test
flush) share it."""

from decimal import Decimal

from trama.core.reference_data import read_reference_csv


def load_reference_centroids(municipality_model) -> None:
    """Latitude and longitude of each listed municipality, with their source."""
    for row in read_reference_csv("municipality_centroids.csv"):
        updated = municipality_model.objects.filter(istat_code=row["istat_code"]).update(
            latitude=Decimal(row["latitude"]),
            longitude=Decimal(row["longitude"]),
            centroid_source=row["source"],
        )
        if not updated:
            raise ValueError(f"municipality_centroids.csv: unknown ISTAT code {row['istat_code']}")


def load_reference_territory(municipality_model, hub_model, *, centroids: bool = True) -> None:
    """`centroids=False` only for the migration that ran before the centroid fields existed."""
    by_name = {}
    for row in read_reference_csv("municipalities.csv"):
        municipality, _created = municipality_model.objects.update_or_create(
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
        hub_model.objects.update_or_create(
            municipality=by_name[row["municipality"]],
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "address": row["address"],
                "postcode": row["postcode"],
                "phone": row["phone"],
            },
        )
    if centroids:
        load_reference_centroids(municipality_model)
