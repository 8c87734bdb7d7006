"""The data subject's rights: complete export, erasure that keeps every count, retention."""

import datetime
import io
import json
from collections import Counter

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone
from stdnum.it import codicefiscale

from trama.audit.models import AccessLogEntry, Action
from trama.casework import services as casework_services
from trama.casework.models import (
    ListeningSession,
    Need,
    PlanAction,
    PlanReview,
    Referral,
    ReferralEvent,
    ReferralState,
    SupportPlan,
)
from trama.casework.tests.factories import ListeningSessionFactory, ReferralFactory
from trama.core.errors import DomainError
from trama.core.testing import pdf_font_names, pdf_text
from trama.people import privacy, services
from trama.people.models import (
    Consent,
    ConsentPurpose,
    Household,
    HouseholdMember,
    IseeDeclaration,
    OpenPurpose,
    Person,
)
from trama.people.tasks import retention_run
from trama.people.tests.factories import HouseholdFactory, PersonFactory, PrivacyNoticeFactory
from trama.territory.models import Municipality

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zebedeo", "Quaglierini"
CODE_STEM = "QGLZBD48C12L219"
FISCAL_CODE = CODE_STEM + codicefiscale.calc_check_digit(CODE_STEM)
SECRETS = (FIRST, LAST, FISCAL_CODE, "Via dei Glicini", "333 9876543", "zebedeo@example.org")


@pytest.fixture
def subject(world):
    """A person with a full record: history, household, ISEE, consents, casework with notes
    that name him, and a read of the record by an operator."""
    operator = world.users.operator
    person = services.person_create(
        actor=operator,
        first_name=FIRST,
        last_name=LAST,
        birth_date=datetime.date(1948, 3, 12),
        sex="M",
        fiscal_code=FISCAL_CODE,
        address="Via dei Glicini 4",
        municipality=Municipality.objects.order_by("pk").first(),
        reference_hub=world.hub_own,
    )
    person = services.person_update(
        actor=operator,
        person=person,
        version=person.version,
        phone="333 9876543",
        email="zebedeo@example.org",
        other_services=f"Assistenza domiciliare per {FIRST} {LAST}",
    )
    services.person_open(actor=operator, person_id=person.pk, purpose=OpenPurpose.FOLLOW_UP)
    alone = services.household_create(
        actor=operator,
        label=f"Famiglia {LAST}",
        reference_hub=world.hub_own,
        address="Via dei Glicini 4",
    )
    services.household_member_add(
        actor=operator, household=alone, person=person, relationship="head"
    )
    shared = HouseholdFactory(label="Casa condivisa Verdi", reference_hub=world.hub_own)
    HouseholdMember.objects.create(household=shared, person=person, relationship="cohabitant")
    HouseholdMember.objects.create(
        household=shared, person=PersonFactory(reference_hub=world.hub_own), relationship="head"
    )
    IseeDeclaration.objects.create(
        household=alone,
        value="7200.00",
        issued_on=datetime.date(2026, 1, 15),
        expires_on=datetime.date(2027, 1, 15),
    )
    notice = PrivacyNoticeFactory()
    services.consent_record(
        actor=operator, person=person, notice=notice, purpose=ConsentPurpose.NOTICE
    )
    services.consent_record(
        actor=operator, person=person, notice=notice, purpose=ConsentPurpose.SHARING
    )
    session = ListeningSessionFactory(
        person=person, hub=world.hub_own, notes=f"{FIRST} vive solo in Via dei Glicini."
    )
    session.needs.set(Need.objects.order_by("pk")[:2])
    referral = ReferralFactory(
        person=person,
        to_organization=world.org_own,
        reason=f"{LAST} ha bisogno di compagnia.",
        shared_summary=f"Il signor {LAST} cerca compagnia.",
    )
    ReferralEvent.objects.create(
        referral=referral,
        from_state=ReferralState.SENT,
        to_state=ReferralState.ACCEPTED,
        by=world.users.ets_member,
        feedback=f"Abbiamo chiamato {FIRST}.",
        at=timezone.now(),
    )
    Referral.objects.filter(pk=referral.pk).update(state=ReferralState.ACCEPTED)
    plan = SupportPlan.objects.create(
        person=person,
        hub=world.hub_own,
        created_by=operator,
        goals=f"{FIRST} esce di casa due volte a settimana.",
        next_review_on=datetime.date(2027, 1, 1),
    )
    PlanAction.objects.create(
        plan=plan,
        description="Telefonata settimanale",
        owner_text=f"la nipote di {LAST}",
        due_on=datetime.date(2027, 1, 1),
    )
    PlanAction.objects.create(
        plan=plan, description="Visita", owner=operator, due_on=datetime.date(2027, 1, 1)
    )
    casework_services.screening_record(
        actor=operator,
        person=person,
        instrument="ucla3",
        answers={"companionship": "often", "left_out": "some_of_the_time", "isolated": "often"},
        taken_on=datetime.date(2026, 3, 2),
        hub=world.hub_own,
    )
    PlanReview.objects.create(
        plan=plan, reviewed_on=datetime.date(2026, 6, 1), by=operator, notes=f"{FIRST} sta meglio."
    )
    # The request reached the DPO, who reads the person only by breaking the glass (0019).
    services.person_open_break_glass(
        actor=world.users.dpo, person_id=person.pk, reason="Richiesta dell'interessato del 3/11"
    )
    return person


def _texts_naming_the_subject() -> list[str]:
    """Every text cell of people's and casework's tables (history included) that still holds
    one of the subject's identifying values."""
    found = []
    for config_label in ("people", "casework"):
        for model in apps.get_app_config(config_label).get_models():
            text_fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.CharField | models.TextField)
            ]
            for row in model._default_manager.values(*text_fields):
                for name, value in row.items():
                    if isinstance(value, str) and any(s in value for s in SECRETS):
                        found.append(f"{model._meta.label}.{name}: {value}")
    return found


def _age_band(birth_date, year: int) -> str:
    if birth_date is None:
        return "unknown"
    age = year - birth_date.year
    return "80+" if age >= 80 else f"{(age // 10) * 10}s"


def _report_counts() -> dict:
    """The counts the reports are made of."""
    year = timezone.localdate().year
    return {
        "people": Person.objects.count(),
        "households": Household.objects.count(),
        "members": HouseholdMember.objects.count(),
        "isee": IseeDeclaration.objects.count(),
        "consents": Consent.objects.count(),
        "sessions": ListeningSession.objects.count(),
        "sessions_by_need": Counter(
            ListeningSession.needs.through.objects.values_list("need__code", flat=True)
        ),
        "referrals_by_state": Counter(Referral.objects.values_list("state", flat=True)),
        "referral_events": ReferralEvent.objects.count(),
        "plans": SupportPlan.objects.count(),
        "actions": PlanAction.objects.count(),
        "reviews": PlanReview.objects.count(),
        "people_by_age_band": Counter(
            _age_band(born, year) for born in Person.objects.values_list("birth_date", flat=True)
        ),
        "people_by_municipality": Counter(Person.objects.values_list("municipality", flat=True)),
        "people_by_sex": Counter(Person.objects.values_list("sex", flat=True)),
    }


# Export -----------------------------------------------------------------------------------


def test_the_export_is_complete_and_logged(world, subject):
    data = privacy.person_export(
        actor=world.users.dpo, person=subject, purpose="data_subject_request"
    )
    json.dumps(data)  # JSON-safe as it is
    assert data["person"]["first_name"] == FIRST
    assert data["person"]["fiscal_code"] == FISCAL_CODE
    assert data["person"]["phone"] == "333 9876543"
    assert sorted(h["label"] for h in data["households"]) == [
        "Casa condivisa Verdi",
        f"Famiglia {LAST}",
    ]
    alone = next(h for h in data["households"] if h["label"] == f"Famiglia {LAST}")
    assert alone["isee"] == [
        {"value": "7200.00", "issued_on": "2026-01-15", "expires_on": "2027-01-15"}
    ]
    assert [c["purpose"] for c in data["consents"]] == [str(ConsentPurpose.SHARING.label)]
    assert len(data["notice_acknowledgements"]) == 1
    casework = data["casework"]
    assert casework["listening_sessions"][0]["notes"] == f"{FIRST} vive solo in Via dei Glicini."
    assert len(casework["listening_sessions"][0]["needs"]) == 2
    assert casework["referrals"][0]["reason"] == f"{LAST} ha bisogno di compagnia."
    assert {e["feedback"] for e in casework["referral_events"]} >= {f"Abbiamo chiamato {FIRST}."}
    assert casework["support_plans"][0]["goals"].startswith(FIRST)
    assert len(casework["plan_actions"]) == 2
    assert [(s["instrument"], s["total"]) for s in casework["screenings"]] == [
        ("Scala della solitudine UCLA (3 domande)", 8)
    ]
    assert casework["plan_reviews"][0]["notes"] == f"{FIRST} sta meglio."
    # Who opened the record: the operator's read with its purpose, and this very export.
    log = data["access_log"]
    assert any(
        e["actor"] == world.users.operator.username and e["purpose"] == OpenPurpose.FOLLOW_UP.label
        for e in log
    )
    assert log[-1]["actor"] == world.users.dpo.username
    assert log[-1]["action"] == str(Action.EXPORT.label)
    # The other member of the shared household is not in the subject's export.
    other = HouseholdMember.objects.exclude(person=subject).get(
        household__label="Casa condivisa Verdi"
    )
    assert other.person.first_name not in json.dumps(data)
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).get()
    assert (entry.object_type, entry.object_id) == ("people.person", str(subject.pk))
    assert entry.details["format"] == "json"
    assert LAST not in entry.object_repr


def test_operators_and_others_cannot_export_or_erase(world, subject):
    for role in ("operator", "mediator", "supervisor", "admin", "ets_member"):
        actor = world.user_by_role[role]
        with pytest.raises(PermissionDenied):
            privacy.person_export(actor=actor, person=subject, purpose="x")
        with pytest.raises(PermissionDenied):
            privacy.person_erase(actor=actor, person=subject, reason="Richiesta scritta del 3/11")
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()
    assert Person.objects.get(pk=subject.pk).anonymized_at is None


def test_the_pdf_is_a_pdf_with_the_data(world, subject):
    data = privacy.person_export(actor=world.users.coordinator, person=subject, purpose="request")
    pdf = privacy.export_pdf(data)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert LAST in text and FISCAL_CODE in text
    assert "vive solo in Via dei Glicini" in text  # casework, through the registry
    assert "Ascolti" in text  # the section's title, from casework's model
    # The local font, not a system one.
    assert any(name.startswith("Titillium") for name in pdf_font_names(pdf))


# Erasure ----------------------------------------------------------------------------------


def test_erasure_anonymises_everywhere_and_keeps_every_count(world, subject):
    before = _report_counts()
    assert _texts_naming_the_subject()  # the check can fail: the data are there before
    assert Person.history.filter(id=subject.pk, last_name=LAST).count() >= 2

    privacy.person_erase(
        actor=world.users.dpo, person=subject, reason="Richiesta scritta del 3/11/2026"
    )

    assert _report_counts() == before
    assert _texts_naming_the_subject() == []
    person = Person.objects.get(pk=subject.pk)
    assert person.first_name == privacy.ANONYMOUS_NAME
    assert person.birth_date == datetime.date(1948, 1, 1)
    assert (person.fiscal_code, person.phone, person.email, person.address, person.search_name) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert person.anonymized_at is not None
    assert person.sex == "M" and person.municipality_id is not None
    # History rows stay (counted), without the old values.
    assert not Person.history.filter(id=subject.pk, birth_date=datetime.date(1948, 3, 12)).exists()
    # The household of him alone loses its name; the shared one keeps it (the other member's).
    labels = set(Household.objects.values_list("label", flat=True))
    assert "Casa condivisa Verdi" in labels and f"Famiglia {LAST}" not in labels
    # A plan action owned by someone outside the staff still has an owner (a dash).
    assert set(PlanAction.objects.values_list("owner_text", flat=True)) == {"—", ""}
    # The access log keeps its entries and records the erasure, without the name.
    entry = AccessLogEntry.objects.filter(details__anonymised=True).get()
    assert entry.actor_id == world.users.dpo.pk
    assert entry.details["reason"] == "Richiesta scritta del 3/11/2026"
    assert not AccessLogEntry.objects.filter(object_repr__contains=LAST).exists()


def test_the_anonymised_person_cannot_be_edited(world, subject):
    privacy.person_erase(actor=world.users.dpo, person=subject, reason="Richiesta scritta del 3/11")
    person = Person.objects.get(pk=subject.pk)
    with pytest.raises(DomainError):
        services.person_update(
            actor=world.users.operator, person=person, version=person.version, first_name="Mario"
        )


def test_erasure_without_a_reason_or_twice_changes_nothing(world, subject):
    entries = AccessLogEntry.objects.count()
    for reason in ("", "   ", "corto"):
        with pytest.raises(ValidationError):
            privacy.person_erase(actor=world.users.dpo, person=subject, reason=reason)
    assert Person.objects.get(pk=subject.pk).last_name == LAST
    assert AccessLogEntry.objects.count() == entries

    privacy.person_erase(actor=world.users.dpo, person=subject, reason="Richiesta scritta del 3/11")
    snapshot = Person.objects.values().get(pk=subject.pk)
    history = Person.history.filter(id=subject.pk).count()
    entries = AccessLogEntry.objects.count()
    with pytest.raises(DomainError, match="già stata anonimizzata|already anonymised"):
        privacy.person_erase(
            actor=world.users.coordinator, person=subject, reason="Seconda richiesta"
        )
    assert Person.objects.values().get(pk=subject.pk) == snapshot
    assert Person.history.filter(id=subject.pk).count() == history
    assert AccessLogEntry.objects.count() == entries


def test_the_export_of_an_anonymised_person_holds_no_name(world, subject):
    privacy.person_erase(actor=world.users.dpo, person=subject, reason="Richiesta scritta del 3/11")
    text = json.dumps(privacy.person_export(actor=world.users.dpo, person=subject, purpose="check"))
    assert not any(secret in text for secret in SECRETS)


# Retention --------------------------------------------------------------------------------


TODAY = datetime.date(2026, 11, 20)


def _aged(person: Person, years: int) -> Person:
    """The person's record last changed `years` ago (update() skips auto_now)."""
    moment = timezone.make_aware(datetime.datetime(TODAY.year - years, 6, 1, 12, 0))
    Person.objects.filter(pk=person.pk).update(updated_at=moment, created_at=moment)
    return person


@pytest.fixture
def retention_world(world):
    hub = world.hub_own
    inactive = _aged(PersonFactory(reference_hub=hub, last_name="Dimenticato"), 7)
    recent_session = _aged(PersonFactory(reference_hub=hub, last_name="Ascoltato"), 7)
    ListeningSessionFactory(person=recent_session, held_on=TODAY - datetime.timedelta(days=400))
    recent_consent = _aged(PersonFactory(reference_hub=hub, last_name="Consenziente"), 7)
    Consent.objects.create(
        person=recent_consent,
        notice=PrivacyNoticeFactory(),
        purpose=ConsentPurpose.CONTACT,
        given_at=timezone.make_aware(datetime.datetime(TODAY.year - 2, 1, 1)),
    )
    old_referral = _aged(PersonFactory(reference_hub=hub, last_name="Inviato"), 9)
    ReferralFactory(
        person=old_referral,
        to_organization=world.org_own,
        sent_at=timezone.make_aware(datetime.datetime(TODAY.year - 8, 1, 1)),
    )
    _aged(PersonFactory(reference_hub=hub, last_name="Recente"), 1)
    return {"inactive": inactive.pk, "old_referral": old_referral.pk}


def test_retention_picks_only_the_inactive(world, retention_world):
    candidates = privacy.retention_candidates(years=5, today=TODAY)
    assert sorted(candidates) == sorted(retention_world.values())
    # With a longer period, the referral 8 years ago is too recent.
    assert privacy.retention_candidates(years=8, today=TODAY) == [retention_world["old_referral"]]
    with pytest.raises(DomainError):
        privacy.retention_candidates(years=0, today=TODAY)

    assert privacy.retention_anonymise_inactive(years=5, today=TODAY) == 2
    anonymised = set(
        Person.objects.filter(anonymized_at__isnull=False).values_list("pk", flat=True)
    )
    assert anonymised == set(retention_world.values())
    assert Referral.objects.get(person_id=retention_world["old_referral"]).reason == ""
    logged = AccessLogEntry.objects.filter(details__anonymised=True, purpose="retention")
    assert logged.count() == 2 and {e.actor_id for e in logged} == {None}
    # Nothing left to do on the next run.
    assert privacy.retention_anonymise_inactive(years=5, today=TODAY) == 0


def test_the_command_dry_run_changes_nothing(world, retention_world, settings):
    settings.TRAMA_RETENTION_YEARS = 5
    entries = AccessLogEntry.objects.count()
    out = io.StringIO()
    call_command("people_retention", "--dry-run", stdout=out)
    assert out.getvalue().startswith("2 ")
    assert not Person.objects.filter(anonymized_at__isnull=False).exists()
    assert AccessLogEntry.objects.count() == entries

    out = io.StringIO()
    call_command("people_retention", "--years", "8", stdout=out)
    assert "1 " in out.getvalue()
    assert Person.objects.filter(anonymized_at__isnull=False).count() == 1


def test_the_scheduled_task_runs_the_retention(world, retention_world, settings):
    settings.TRAMA_RETENTION_YEARS = 5
    # The task uses today's date: put the fixture's people in today's terms.
    shift = timezone.localdate() - TODAY
    Person.objects.filter(pk__in=retention_world.values()).update(
        updated_at=timezone.now() - datetime.timedelta(days=365 * 7) - shift
    )
    result = retention_run.enqueue()
    assert result.return_value >= 2
    assert (
        Person.objects.filter(pk__in=retention_world.values(), anonymized_at__isnull=False).count()
        == 2
    )


# Pages ------------------------------------------------------------------------------------


def test_pages_export_and_anonymise(world, subject, login):
    client = login("dpo")
    response = client.post(reverse("people:export_json", args=[subject.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["person"]["last_name"] == LAST

    response = client.post(reverse("people:export_pdf", args=[subject.pk]))
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(action=Action.EXPORT, details__format="pdf").count() == 1

    url = reverse("people:erase", args=[subject.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Person.objects.get(pk=subject.pk).anonymized_at is None

    response = client.post(url, {"reason": "Richiesta via PEC del 3 novembre"})
    assert response.status_code == 302
    response = client.post(
        reverse("people:detail", args=[subject.pk]), {"purpose": "data_subject_request"}
    )
    assert "anonimizzata" in response.content.decode()
    assert LAST not in response.content.decode()
    assert client.get(url).context["anonymised"] is True
    response = client.post(url, {"reason": "Richiesta via PEC del 3 novembre"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
