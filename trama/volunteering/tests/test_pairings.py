"""Pairings: chosen from a run's proposal, introduced, active, paused, ended with a reason;
the elder has one volunteer at a time, the volunteer no more elders than their places, and
matching leaves out who is already paired. Each refusal in Italian, nothing changed."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.core.errors import DomainError
from trama.volunteering import selectors, services
from trama.volunteering.models import Pairing, PairingState, Volunteer
from trama.volunteering.models import VolunteerState as V
from trama.volunteering.tests.elders import TODAY, elder, referred_person, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(world):
    supervisor = world.users.supervisor
    elder(supervisor, person=referred_person(first_name="Maria"))
    volunteer("Anna")
    run = services.matching_run(actor=supervisor, today=TODAY)
    return run.proposals.get()


def _agree(supervisor, pairing, **fields):
    values = {
        "objectives": "Compagnia due pomeriggi a settimana",
        "months": 6,
        "review_dates": [timezone.localdate() + datetime.timedelta(days=90)],
        "monthly_reimbursement": Decimal("30.00"),
        "social_worker": "Laura D'Ambrosio",
    }
    values.update(fields)
    return services.agreement_save(actor=supervisor, pairing=pairing, **values)


def _entries(obj) -> int:
    return AccessLogEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).count()


def test_a_pairing_goes_from_the_proposal_to_its_end(world, proposal):
    supervisor = world.users.supervisor
    pairing = services.pairing_choose(actor=supervisor, proposal=proposal)
    assert (pairing.state, pairing.volunteer_id, pairing.elder_id) == (
        PairingState.PROPOSED,
        proposal.volunteer_id,
        proposal.elder_id,
    )
    today = timezone.localdate()
    pairing = services.pairing_introduce(actor=supervisor, pairing=pairing, on=today)
    # It becomes active on its three-party agreement.
    with pytest.raises(DomainError, match="accordo a tre"):
        services.pairing_activate(actor=supervisor, pairing=pairing, on=today)
    _agree(supervisor, pairing)
    pairing = services.pairing_activate(actor=supervisor, pairing=pairing, on=today)
    assert pairing.state == PairingState.ACTIVE and pairing.started_on == today
    # One place, now taken: the volunteer is paired.
    assert Volunteer.objects.get(pk=proposal.volunteer_id).state == V.PAIRED
    pairing = services.pairing_pause(actor=supervisor, pairing=pairing, note="Ricovero breve")
    assert Volunteer.objects.get(pk=proposal.volunteer_id).state == V.AVAILABLE
    pairing = services.pairing_activate(actor=supervisor, pairing=pairing, on=today)
    assert pairing.started_on == today  # resuming keeps the first start
    pairing = services.pairing_end(actor=supervisor, pairing=pairing, note="Trasferita dai figli")
    assert pairing.state == PairingState.ENDED and pairing.ended_on == today
    assert Volunteer.objects.get(pk=proposal.volunteer_id).state == V.AVAILABLE
    assert _entries(pairing) == 6  # chosen and five moves


def test_the_elder_has_one_volunteer_at_a_time(world, proposal):
    services.pairing_choose(actor=world.users.supervisor, proposal=proposal)
    with pytest.raises(DomainError) as refused:
        services.pairing_choose(actor=world.users.supervisor, proposal=proposal)
    assert refused.value.domain_code == "elder_already_paired"
    assert "ha già un affido in corso" in refused.value.messages[0]
    assert Pairing.objects.count() == 1


def test_the_database_also_keeps_one_open_pairing_per_elder(world, proposal):
    first = services.pairing_choose(actor=world.users.supervisor, proposal=proposal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.create(
            volunteer=first.volunteer, elder=first.elder, created_by=world.users.supervisor
        )


def test_a_volunteer_follows_no_more_elders_than_their_places(world, proposal):
    services.pairing_choose(actor=world.users.supervisor, proposal=proposal)
    other = elder(world.users.supervisor, person=referred_person(first_name="Teresa"))
    second = proposal.__class__.objects.create(
        run=proposal.run, volunteer=proposal.volunteer, elder=other, score=1, km=1
    )
    with pytest.raises(DomainError) as refused:
        services.pairing_choose(actor=world.users.supervisor, proposal=second)
    assert refused.value.domain_code == "volunteer_full"
    assert Pairing.objects.count() == 1


def test_matching_leaves_out_the_paired(world, proposal):
    supervisor = world.users.supervisor
    services.pairing_choose(actor=supervisor, proposal=proposal)
    assert not selectors.waiting_elders(supervisor).exists()
    assert not selectors.matchable_volunteers(supervisor, TODAY).exists()  # its one place


@pytest.mark.parametrize(
    ("step", "kwargs", "field", "message"),
    [
        ("pairing_introduce", {"on": None}, "on", "Indica la data."),
        (
            "pairing_introduce",
            {"on": datetime.date(2099, 1, 1)},
            "on",
            "La data non può essere nel futuro.",
        ),
        ("pairing_end", {"note": "  "}, "note", "Scrivi perché l'affido si conclude."),
        ("pairing_pause", {"note": "Ferie"}, None, "Da “proposto” un affido non può passare"),
    ],
)
def test_bad_steps_change_nothing(world, proposal, step, kwargs, field, message):
    pairing = services.pairing_choose(actor=world.users.supervisor, proposal=proposal)
    with pytest.raises(DomainError) as refused:
        getattr(services, step)(actor=world.users.supervisor, pairing=pairing, **kwargs)
    assert message in " ".join(refused.value.messages)
    if field:
        assert field in refused.value.message_dict
    assert Pairing.objects.get().state == PairingState.PROPOSED


def test_the_pairing_cannot_start_before_its_introduction(world, proposal):
    supervisor = world.users.supervisor
    pairing = services.pairing_choose(actor=supervisor, proposal=proposal)
    today = timezone.localdate()
    pairing = services.pairing_introduce(actor=supervisor, pairing=pairing, on=today)
    with pytest.raises(DomainError, match="prima dell'incontro di conoscenza"):
        services.pairing_activate(
            actor=supervisor, pairing=pairing, on=today - datetime.timedelta(days=1)
        )
    assert Pairing.objects.get().state == PairingState.INTRODUCED


def test_the_pages_choose_and_move_a_pairing(client, world, proposal):
    client.force_login(world.users.supervisor)
    response = client.post(reverse("volunteering:pairing_choose", args=[proposal.pk]))
    pairing = Pairing.objects.get()
    assert response["Location"] == reverse("volunteering:pairing_detail", args=[pairing.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Maria con Anna" in page and "Passa a «incontro di conoscenza svolto»" in page
    # An impossible date is asked for again, in Italian, and changes nothing.
    impossible = client.post(
        reverse("volunteering:pairing_move", args=[pairing.pk]),
        {"target": "introduced", "on": "2026-02-31"},
        follow=True,
    )
    assert "Indica la data." in impossible.content.decode()
    assert Pairing.objects.get().state == PairingState.PROPOSED
    client.post(
        reverse("volunteering:pairing_move", args=[pairing.pk]),
        {"target": "introduced", "on": timezone.localdate().isoformat()},
    )
    assert Pairing.objects.get().state == PairingState.INTRODUCED
    refused = client.post(
        reverse("volunteering:pairing_move", args=[pairing.pk]),
        {"target": "ended", "note": ""},
        follow=True,
    )
    assert "Scrivi perché l&#x27;affido si conclude." in refused.content.decode()
    assert Pairing.objects.get().state == PairingState.INTRODUCED
    listing = client.get(reverse("volunteering:pairing_list")).content.decode()
    assert "incontro di conoscenza svolto" in listing
    run_page = client.get(reverse("volunteering:matching_run", args=[proposal.run_id]))
    assert "affido in corso" in run_page.content.decode()


def test_the_agreement_is_versioned_and_refuses_what_does_not_fit(world, proposal):
    supervisor = world.users.supervisor
    pairing = services.pairing_choose(actor=supervisor, proposal=proposal)
    first = _agree(supervisor, pairing)
    second = _agree(supervisor, pairing, months=12, monthly_reimbursement=Decimal("45.50"))
    assert (first.version, second.version) == (1, 2)
    assert list(pairing.agreements.all()) == [second, first]  # the latest first
    refusals = [
        ({"objectives": "  "}, "objectives", "obiettivi"),
        ({"months": 40}, "months", "da 1 a 36 mesi"),
        ({"monthly_reimbursement": Decimal("900")}, "monthly_reimbursement", "da 0 a 500"),
        ({"review_dates": []}, "review_dates", "almeno una data"),
        (
            {"review_dates": [timezone.localdate() + datetime.timedelta(days=400)]},
            "review_dates",
            "almeno una data",
        ),
    ]
    for fields, field, words in refusals:
        with pytest.raises(DomainError) as error:
            _agree(supervisor, pairing, **fields)
        assert words in " ".join(error.value.message_dict[field]), field
    assert pairing.agreements.count() == 2


def test_the_agreement_pdf_names_the_three_parties(client, world, proposal):
    import io

    from pypdf import PdfReader

    supervisor = world.users.supervisor
    pairing = services.pairing_choose(actor=supervisor, proposal=proposal)
    client.force_login(supervisor)
    page = client.post(
        reverse("volunteering:agreement_save", args=[pairing.pk]),
        {
            "objectives": "Compagnia e passeggiate",
            "months": 6,
            "review_dates": "31/02/2027",
            "monthly_reimbursement": "30",
            "social_worker": "Laura D'Ambrosio",
        },
    )
    assert "non è una data" in page.content.decode() and not pairing.agreements.exists()
    review = (timezone.localdate() + datetime.timedelta(days=60)).strftime("%d/%m/%Y")
    saved = client.post(
        reverse("volunteering:agreement_save", args=[pairing.pk]),
        {
            "objectives": "Compagnia e passeggiate",
            "months": 6,
            "review_dates": review,
            "monthly_reimbursement": "30,50",
            "social_worker": "Laura D'Ambrosio",
        },
    )
    assert saved.status_code == 302
    agreement = pairing.agreements.get()
    pdf = client.get(reverse("volunteering:agreement_pdf", args=[agreement.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Accordo a tre" in text and "Laura D'Ambrosio" in text and "Maria" in text
    assert "30,50" in text
