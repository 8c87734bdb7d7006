"""Every valid codice fiscale is accepted (issue 9, Found 1 and 9): omocodia codes, with
letters standing for digits, and the 11-digit provisional codes."""

import datetime
import json

import pytest
from django.urls import reverse
from stdnum.it import codicefiscale, iva

from trama.people import services
from trama.people.models import Person
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("people:create")
OMOCODIA = "LMNPQRSTUV"
DIGIT_POSITIONS = (14, 13, 12, 10, 9, 7, 6)  # replaced right to left on a clash


def _omocodia(code: str, replaced: int) -> str:
    """`code` with its last `replaced` digits written as letters, check char recomputed."""
    chars = list(code[:15])
    for position in DIGIT_POSITIONS[:replaced]:
        chars[position] = OMOCODIA[int(chars[position])]
    body = "".join(chars)
    return body + codicefiscale.calc_check_digit(body)


# (base code, birth date, sex): women have 40 added to the day.
BASES = [
    ("RSSMRA50C41L219O", datetime.date(1950, 3, 1), "F"),
    ("RCCMNL83S18D969H", datetime.date(1983, 11, 18), "M"),
    ("CNTCHR83T41D969D", datetime.date(1983, 12, 1), "F"),
]
CASES = [("DNGNCLQNR2VHR8PZ", datetime.date(1942, 10, 29), "M")] + [
    (_omocodia(code, replaced), born, sex)
    for code, born, sex in BASES
    for replaced in (1, 3, 5, 6, 7)
]


def _form(code, born, sex, hub) -> dict:
    return {
        "first_name": "Nicola",
        "last_name": "D'Angelo",
        "birth_date": born.isoformat() if born else "",
        "sex": sex,
        "fiscal_code": code,
        "family_network": "unknown",
        "reference_hub": hub.pk,
    }


def _api(world):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['operator']}"}


def _post(client, world, body):
    return client.post(
        reverse("api-1.0.0:person_create"),
        json.dumps(body),
        content_type="application/json",
        **_api(world),
    )


def _api_body(code, born, sex, hub) -> dict:
    body = {
        "first_name": "Nicola",
        "last_name": "D'Angelo",
        "fiscal_code": code,
        "reference_hub_id": hub.pk,
    }
    if born:
        body["birth_date"] = born.isoformat()
    if sex:
        body["sex"] = sex
    return body


@pytest.mark.parametrize(("code", "born", "sex"), CASES)
def test_an_omocodia_code_decodes_its_birth_date_and_sex(code, born, sex):
    assert codicefiscale.is_valid(code)
    assert services.fiscal_code_problems(code, birth_date=born, sex=sex) == []
    other = "M" if sex == "F" else "F"
    wrong = born + datetime.timedelta(days=1)
    problems = services.fiscal_code_problems(code, birth_date=wrong, sex=other)
    assert problems == [
        f"Il codice fiscale indica la data di nascita {born:%d/%m/%y}.",
        "Il codice fiscale indica l'altro sesso.",
    ]


@pytest.mark.parametrize(("code", "born", "sex"), CASES[:4])
def test_the_form_registers_an_omocodia_code_and_warns_on_a_mismatch(login, world, code, born, sex):
    client = login("operator")
    wrong = _form(code, born + datetime.timedelta(days=400), sex, world.hub_own)
    page = client.post(CREATE, wrong)
    assert page.status_code == 200
    assert 'name="confirm_mismatch"' in page.content.decode()
    assert not Person.objects.exists()
    response = client.post(CREATE, _form(code, born, sex, world.hub_own))
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.fiscal_code, person.birth_date, person.sex) == (code, born, sex)


@pytest.mark.parametrize(("code", "born", "sex"), CASES[:4])
def test_the_api_registers_an_omocodia_code_and_warns_on_a_mismatch(client, world, code, born, sex):
    other = "M" if sex == "F" else "F"
    wrong = _post(client, world, _api_body(code, born, other, world.hub_own))
    assert wrong.status_code == 422
    assert "l'altro sesso" in json.dumps(wrong.json(), ensure_ascii=False)
    assert not Person.objects.exists()
    response = _post(client, world, _api_body(code, born, sex, world.hub_own))
    assert response.status_code == 201
    assert response.json()["fiscal_code"] == code
    assert Person.objects.get().birth_date == born


# Provisional codes: 11 digits, with the check digit of a partita IVA ----------------------

PROVISIONAL = "12345670017"
assert iva.is_valid(PROVISIONAL)
WRONG_CHECK = PROVISIONAL[:-1] + "8"


def test_the_form_accepts_a_provisional_code_with_birth_date_and_sex(login, world):
    data = _form(PROVISIONAL, datetime.date(1990, 5, 4), "F", world.hub_own)
    response = login("operator").post(CREATE, data)
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.fiscal_code, person.birth_date, person.sex) == (
        PROVISIONAL,
        datetime.date(1990, 5, 4),
        "F",
    )


def test_the_api_accepts_a_provisional_code_with_birth_date_and_sex(client, world):
    body = _api_body(PROVISIONAL, datetime.date(1990, 5, 4), "M", world.hub_own)
    response = _post(client, world, body)
    assert response.status_code == 201
    assert Person.objects.get().fiscal_code == PROVISIONAL


def test_a_provisional_code_with_a_wrong_check_digit_is_refused_clearly(login, client, world):
    body = _api_body(WRONG_CHECK, datetime.date(1990, 5, 4), "M", world.hub_own)
    response = _post(client, world, body)
    assert response.status_code == 422
    assert "cifra di controllo" in json.dumps(response.json(), ensure_ascii=False)
    page = login("operator").post(CREATE, _form(WRONG_CHECK, None, "", world.hub_own))
    assert page.status_code == 200
    assert "cifra di controllo" in page.content.decode()
    assert not Person.objects.exists()


# The reference hub cannot be removed --------------------------------------------------------


def test_api_update_with_a_null_hub_is_refused_clearly(client, world):
    person = PersonFactory(reference_hub=world.hub_own)
    url = reverse("api-1.0.0:person_update", kwargs={"person_id": person.pk})
    response = client.patch(
        url,
        json.dumps({"version": 1, "reference_hub_id": None}),
        content_type="application/json",
        **_api(world),
    )
    assert response.status_code == 422
    assert "presidio di riferimento" in json.dumps(response.json(), ensure_ascii=False).lower()
    stored = Person.objects.get(pk=person.pk)
    assert (stored.reference_hub_id, stored.version) == (world.hub_own.pk, 1)
