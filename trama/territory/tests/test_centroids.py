"""The municipalities' centroids: loaded by migration with their source, and plausible."""

import itertools

import pytest

from trama.core.reference_data import read_reference_csv
from trama.matching import distance_km
from trama.territory.models import Hub, Municipality
from trama.territory.reference import load_reference_centroids, load_reference_territory

pytestmark = pytest.mark.django_db


def test_every_consortium_municipality_has_its_centroid_and_source():
    rows = {row["istat_code"]: row for row in read_reference_csv("municipality_centroids.csv")}
    municipalities = list(Municipality.objects.filter(in_consortium=True))
    assert {m.istat_code for m in municipalities} == set(rows)
    for m in municipalities:
        assert m.name == rows[m.istat_code]["name"]
        assert m.centroid == (
            float(rows[m.istat_code]["latitude"]),
            float(rows[m.istat_code]["longitude"]),
        )
        assert "Wikipedia" in m.centroid_source


def test_the_centroids_lie_a_few_km_apart_west_of_turin():
    centroids = {m.name: m.centroid for m in Municipality.objects.filter(in_consortium=True)}
    for (a, pa), (b, pb) in itertools.combinations(centroids.items(), 2):
        km = distance_km(*pa, *pb)
        # Five neighbouring towns: distinct points, all within a dozen kilometres.
        assert 0.5 < km < 12, (a, b, km)
    assert distance_km(*centroids["Collegno"], *centroids["Grugliasco"]) == pytest.approx(
        1.1, abs=0.2
    )
    assert distance_km(*centroids["Collegno"], *centroids["Villarbasse"]) == pytest.approx(
        8.9, abs=0.3
    )


def test_reloading_after_a_flush_brings_the_centroids_back():
    Municipality.objects.update(latitude=None, longitude=None, centroid_source="")
    load_reference_territory(Municipality, Hub)
    assert not Municipality.objects.filter(in_consortium=True, latitude__isnull=True).exists()


def test_an_unknown_istat_code_in_the_file_is_refused(monkeypatch):
    from trama.territory import reference

    monkeypatch.setattr(
        reference,
        "read_reference_csv",
        lambda name: [{"istat_code": "999999", "latitude": "45", "longitude": "7", "source": "x"}],
    )
    with pytest.raises(ValueError, match="999999"):
        load_reference_centroids(Municipality)
