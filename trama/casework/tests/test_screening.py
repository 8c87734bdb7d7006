"""Screenings: the service (scored on the server, bad input refused with nothing saved), the
pages (form, results with chart and table, the person's page, the timeline) and the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.casework import selectors, services
from trama.casework.models import Screening
from trama.casework.screening_forms import INSTRUMENT_TEXTS
from trama.people.tests.factories import PersonFactory
from trama.screening import INSTRUMENTS, TFI

pytestmark = pytest.mark.django_db

# No problem, every resource: 0. Then 2 physical (walking, balance) + 2 psychological
# (memory, feeling down) + 1 social (lives alone) = 5: frail.
NOT_FRAIL = {item.code: ("yes" if item.option("yes").points == 0 else "no") for item in TFI.items}
FRAIL = NOT_FRAIL | {
    "walking": "yes",
    "balance": "yes",
    "memory": "yes",
    "feeling_down": "sometimes",
    "lives_alone": "yes",
}
LONELY = {"companionship": "often", "left_out": "some_of_the_time", "isolated": "often"}


@pytest.fixture
def person(world):
    return PersonFactory(reference_hub=world.hub_own, first_name="Giovanna", last_name="Ferri")


def _record(world, person, instrument="tfi", answers=None, **extra):
    values = {
        "actor": world.users.operator,
        "person": person,
        "instrument": instrument,
        "answers": FRAIL if answers is None else answers,
        "taken_on": timezone.localdate(),
        "hub": world.hub_own,
    } | extra
    return services.screening_record(**values)


# Service ----------------------------------------------------------------------------------


def test_record_scores_on_the_server_and_logs(world, person):
    screening = _record(world, person)
    assert (screening.total, screening.flagged) == (5, True)
    assert screening.domain_totals == {"physical": 2, "psychological": 2, "social": 1}
    assert screening.answers == FRAIL
    entry = AccessLogEntry.objects.filter(object_type="casework.screening").get()
    assert entry.action == "create" and entry.details == {"instrument": "tfi"}
    # The score is health data: the log names the record and the person, never the total.
    assert entry.object_repr == f"screening #{screening.pk} of person #{person.pk}"


def test_ucla3_total_without_flag(world, person):
    screening = _record(world, person, "ucla3", LONELY)
    assert (screening.total, screening.flagged, screening.domain_totals) == (8, False, {})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"answers": {k: v for k, v in FRAIL.items() if k != "coping"}}, "coping"),
        ({"answers": FRAIL | {"walking": "often"}}, "walking"),
        ({"answers": FRAIL | {"hearing": 1}}, "hearing"),
        ({"answers": FRAIL | {"total": "15"}}, "answers"),
        ({"answers": ["yes"] * 15}, "answers"),
        ({"taken_on": timezone.localdate() + datetime.timedelta(days=1)}, "taken_on"),
        ({"instrument": "phq9"}, "instrument"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(world, person, change, field):
    with pytest.raises(ValidationError) as refused:
        _record(world, person, **change)
    assert field in refused.value.message_dict
    assert not Screening.objects.exists()
    assert not AccessLogEntry.objects.filter(object_type="casework.screening").exists()


def test_refused_for_a_reader_and_out_of_scope(world, person):
    with pytest.raises(PermissionDenied):
        _record(world, person, actor=world.users.dpo)
    other = PersonFactory()  # another hub
    with pytest.raises(PermissionDenied):
        _record(world, other)
    assert not Screening.objects.exists()


def test_the_database_refuses_a_total_out_of_range_or_a_wrong_flag(world, person):
    screening = _record(world, person)
    for total, flagged in ((16, True), (4, True), (5, False)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Screening.objects.filter(pk=screening.pk).update(total=total, flagged=flagged)
    with pytest.raises(IntegrityError), transaction.atomic():
        Screening.objects.filter(pk=screening.pk).update(instrument="ucla3", total=2, flagged=False)


def test_selector_scope(world, person):
    _record(world, person)
    other = PersonFactory()  # another hub
    _record(world, other, actor=world.users.coordinator, hub=other.reference_hub)
    assert selectors.screening_list(user=world.users.operator).count() == 1
    assert selectors.screening_list(user=world.users.coordinator, person=other).count() == 1
    assert selectors.screening_list(user=world.users.operator, person=other).count() == 0
    with pytest.raises(PermissionDenied):
        selectors.screening_list(user=world.users.ets_member)


def test_every_instrument_text_is_translated():
    from pathlib import Path

    from babel.messages.pofile import read_po

    texts = set()
    for instrument in INSTRUMENTS.values():
        texts |= {instrument.name, instrument.threshold_label} - {""}
        texts |= {d.label for d in instrument.domains}
        for item in instrument.items:
            texts |= {item.text, item.note, *(o.label for o in item.options)} - {""}
    assert texts <= set(INSTRUMENT_TEXTS)
    po = Path(__file__).resolve().parents[1] / "locale/it/LC_MESSAGES/django.po"
    with po.open("rb") as handle:
        catalogue = read_po(handle, locale="it")
    untranslated = [t for t in texts if not (catalogue.get(t) and catalogue.get(t).string)]
    assert untranslated == []
    assert not [t for t in texts if catalogue.get(t).fuzzy]


# Pages ------------------------------------------------------------------------------------


def _form_data(world, answers, taken_on=None):
    return {
        "hub": world.hub_own.pk,
        "taken_on": (taken_on or timezone.localdate()).isoformat(),
    } | answers


def test_fill_in_a_tfi_then_see_the_chart_and_table(login, world, person):
    client = login("operator")
    url = reverse("casework:screening_create", args=[person.pk, "tfi"])
    form = client.get(url).content.decode()
    assert form.count("<fieldset") == 15 and form.count("<legend") == 15
    assert 'type="radio"' in form
    earlier = timezone.localdate() - datetime.timedelta(days=90)
    client.post(url, _form_data(world, FRAIL | {"walking": "no", "balance": "no"}, earlier))
    response = client.post(url, _form_data(world, FRAIL))
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:screening_list", args=[person.pk])
    assert list(Screening.objects.order_by("taken_on").values_list("total", flat=True)) == [3, 5]
    page = client.post(response["Location"], {"purpose": "follow_up"}).content.decode()
    assert '<svg class="trama-chart"' in page and 'role="img"' in page
    assert 'class="trama-chart-threshold"' in page and "<polyline" in page
    assert "<table" in page and "<caption>" in page
    assert AccessLogEntry.objects.filter(
        object_type="people.person", details__view="screenings", purpose="follow_up"
    ).exists()


def test_missing_answers_show_on_the_items(login, world, person):
    url = reverse("casework:screening_create", args=[person.pk, "ucla3"])
    response = login("operator").post(url, _form_data(world, {"companionship": "often"}))
    page = response.content.decode()
    assert response.status_code == 200 and page.count('id="id_left_out_errors"') == 1
    assert not Screening.objects.exists()


def test_unknown_instrument_is_404(login, person):
    url = reverse("casework:screening_create", args=[person.pk, "phq9"])
    assert login("operator").get(url).status_code == 404


def test_the_person_page_shows_the_latest_results(login, world, person):
    _record(world, person)
    _record(world, person, "ucla3", LONELY)
    client = login("operator")
    page = client.post(
        reverse("people:detail", args=[person.pk]), {"purpose": "follow_up"}
    ).content.decode()
    assert 'id="screening-title"' in page
    assert page.count('<svg class="trama-chart"') == 2
    assert reverse("casework:screening_create", args=[person.pk, "ucla3"]) in page


def test_the_timeline_lists_screenings(login, world, person):
    _record(world, person)
    entries = services.timeline_open(
        actor=world.users.operator, person_id=person.pk, purpose="follow_up"
    )
    screening = [e for e in entries if e.kind == "screening"]
    assert len(screening) == 1 and "5" in screening[0].text


def test_italian_form(login, world, person):
    page = login("operator").get(reverse("casework:screening_create", args=[person.pk, "ucla3"]))
    assert "Quasi mai" in page.content.decode()


# API --------------------------------------------------------------------------------------


def _api(client, world, role):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"}


def test_api_record_and_list(client, world, person):
    headers = _api(client, world, "operator")
    url = reverse("api-1.0.0:screening_create")
    body = {
        "person_id": person.pk,
        "hub_id": world.hub_own.pk,
        "instrument": "tfi",
        "taken_on": timezone.localdate().isoformat(),
        "answers": FRAIL,
    }
    response = client.post(url, body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    assert response.json()["total"] == 5 and response.json()["flagged"] is True
    bad = client.post(
        url,
        body | {"answers": FRAIL | {"coping": "often"}},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422 and "coping" in bad.content.decode()
    listing_url = reverse("api-1.0.0:screening_list", kwargs={"person_id": person.pk})
    listing = client.get(listing_url, {"purpose": "follow_up"}, **headers)
    assert [row["total"] for row in listing.json()] == [5]
    assert AccessLogEntry.objects.filter(details__view="screenings").count() == 1
    assert client.get(listing_url, **headers).status_code == 422
