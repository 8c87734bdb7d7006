import pytest
from stdnum.it import iva

from trama.core.reference_data import read_reference_csv
from trama.organizations.demo import CONSORTIUM_NAME, load_demo_organizations
from trama.organizations.models import LegalForm, Organization

pytestmark = pytest.mark.django_db


def test_demo_organisations_are_complete_marked_and_idempotent():
    loaded = load_demo_organizations()
    actors = {row["name"] for row in read_reference_csv("actors.csv")}
    assert actors <= set(loaded)
    assert len(loaded) >= len(actors) + 20
    assert {"Auser Grugliasco", "ASL TO3"} <= set(loaded)

    consortium = loaded[CONSORTIUM_NAME]
    assert (consortium.fiscal_code, consortium.vat_number, consortium.is_demo) == (
        "95546580010",
        "07477280015",
        False,
    )
    assert consortium.legal_form == LegalForm.CONSORTIUM
    assert consortium.municipalities_served.count() == 5

    others = [o for name, o in loaded.items() if name != CONSORTIUM_NAME]
    assert all(o.is_demo for o in others)
    assert all(iva.is_valid(o.fiscal_code) for o in others)
    assert len({o.fiscal_code for o in loaded.values()}) == len(loaded)
    assert loaded["Gruppo Arco"].legal_form == LegalForm.SOCIAL_COOPERATIVE
    assert loaded["Comune di Rosta"].municipality.name == "Rosta"
    assert "u" in {s.code for s in loaded["Emporio Solidale Rivoli ODV"].sectors.all()}
    for municipality in ("Collegno", "Grugliasco", "Rivoli", "Rosta", "Villarbasse"):
        assert any(
            o.kind == "ets" and o.municipality and o.municipality.name == municipality
            for o in others
        )

    count = Organization.objects.count()
    again = load_demo_organizations()
    assert Organization.objects.count() == count
    assert {name: o.pk for name, o in again.items()} == {name: o.pk for name, o in loaded.items()}
