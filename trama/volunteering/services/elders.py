"""The elders' profiles: only for a person aged 65 or over whose referral to Mi affido a te
was accepted; one transaction each, each with its access-log entry (naming no one)."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.casework.models import Referral
from trama.core.errors import DomainError, StaleObjectError
from trama.eligibility.explain import age_on
from trama.people.models import Person
from trama.volunteering import selectors
from trama.volunteering.errors import VolunteeringErrors as E
from trama.volunteering.models import ElderNeed, ElderProfile, Mobility
from trama.volunteering.services.common import check_gender, clean_slots, require_supervisor, words

# "Anziani ultra 65enni", as the project's eligibility rule reads it: 65 or over.
ELDER_MIN_AGE = 65
PROFILE_FIELDS = (
    "slots",
    "interests",
    "needs",
    "mobility",
    "preferred_gender",
    "has_pets",
    "smoker",
    "accepts_smokers",
)


def _eligible_referral(person: Person, today: datetime.date) -> Referral:
    """The accepted referral that makes `person` an elder of the project; DomainError, naming
    what is missing, otherwise."""
    if person.anonymized_at is not None:
        raise DomainError(
            _("This person has been anonymised: they cannot join Mi affido a te."),
            field="person",
            code=E.ANONYMISED,
        )
    if person.birth_date is None:
        raise DomainError(
            _(
                "Record the person's birth date first: Mi affido a te is for people aged 65 or over."
            ),
            field="person",
            code=E.NOT_AN_ELDER,
        )
    age = age_on(person.birth_date, today)
    if age < ELDER_MIN_AGE:
        raise DomainError(
            _("Mi affido a te is for people aged 65 or over: this person is %(age)d.")
            % {"age": age},
            field="person",
            code=E.NOT_AN_ELDER,
        )
    referral = selectors.accepted_referral(person)
    if referral is None:
        raise DomainError(
            _(
                "This person has no accepted referral to Mi affido a te: the organisation "
                "running the project must accept one first."
            ),
            field="person",
            code=E.NO_ACCEPTED_REFERRAL,
        )
    if person.municipality is None or person.municipality.centroid is None:
        raise DomainError(
            _(
                "Record the person's municipality of residence first: matching measures the "
                "distance from it."
            ),
            field="person",
            code=E.NO_MUNICIPALITY,
        )
    return referral


def _clean(
    *,
    slots: Iterable[str],
    interests: Iterable[str],
    needs: Iterable[str],
    mobility: str,
    preferred_gender: str,
    has_pets: bool,
    smoker: bool,
    accepts_smokers: bool,
) -> dict:
    chosen_needs = set(needs)
    if not chosen_needs:
        raise DomainError(_("Choose at least one need."), field="needs", code=E.BAD_NEEDS)
    if chosen_needs - set(ElderNeed.values):
        raise DomainError(_("Unknown need."), field="needs", code=E.BAD_NEEDS)
    if mobility not in Mobility.values:
        raise DomainError(_("Choose the elder's mobility."), field="mobility", code=E.BAD_CHOICE)
    check_gender(preferred_gender, "preferred_gender")
    return {
        "slots": clean_slots(slots),
        "interests": words(interests),
        # In the order of the choices, so that the same needs always read the same.
        "needs": [need for need in ElderNeed.values if need in chosen_needs],
        "mobility": mobility,
        "preferred_gender": preferred_gender,
        "has_pets": bool(has_pets),
        "smoker": bool(smoker),
        "accepts_smokers": bool(accepts_smokers),
    }


@transaction.atomic
def elder_profile_create(
    *,
    actor: User,
    person: Person,
    slots: Iterable[str],
    needs: Iterable[str],
    interests: Iterable[str] = (),
    mobility: str = Mobility.INDEPENDENT,
    preferred_gender: str = "",
    has_pets: bool = False,
    smoker: bool = False,
    accepts_smokers: bool = True,
    today: datetime.date | None = None,
) -> ElderProfile:
    """The elder's profile of an eligible person; they wait from the referral's acceptance."""
    require_supervisor(actor)
    today = today or timezone.localdate()
    # Only the person's row is locked: its municipality may be missing (an outer join).
    current = (
        Person.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=person.pk)
    )
    if ElderProfile.objects.filter(person=current).exists():
        raise DomainError(
            _("This person already has a Mi affido a te profile."),
            field="person",
            code=E.PROFILE_EXISTS,
        )
    referral = _eligible_referral(current, today)
    fields = _clean(
        slots=slots,
        interests=interests,
        needs=needs,
        mobility=mobility,
        preferred_gender=preferred_gender,
        has_pets=has_pets,
        smoker=smoker,
        accepts_smokers=accepts_smokers,
    )
    accepted_on = timezone.localdate(referral.answered_at) if referral.answered_at else today
    try:
        with transaction.atomic():
            profile = ElderProfile.objects.create(
                person=current, referral=referral, waiting_since=accepted_on, **fields
            )
    except IntegrityError as exc:  # created meanwhile by someone else
        raise DomainError(
            _("This person already has a Mi affido a te profile."),
            field="person",
            code=E.PROFILE_EXISTS,
        ) from exc
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=profile,
        object_repr=profile.log_label,
        purpose="Mi affido a te: profilo anziano",
        details={"person": current.pk, "referral": referral.pk},
    )
    return profile


@transaction.atomic
def elder_profile_update(
    *,
    actor: User,
    profile: ElderProfile,
    version: int,
    slots: Iterable[str],
    needs: Iterable[str],
    interests: Iterable[str] = (),
    mobility: str = Mobility.INDEPENDENT,
    preferred_gender: str = "",
    has_pets: bool = False,
    smoker: bool = False,
    accepts_smokers: bool = True,
) -> ElderProfile:
    """Every field of the profile at once (as the page posts them); StaleObjectError when
    someone saved after `version`."""
    require_supervisor(actor)
    current = (
        ElderProfile.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=profile.pk)
    )
    if current.person.anonymized_at is not None:
        raise DomainError(
            _("This person has been anonymised: their profile cannot be changed."),
            code=E.ANONYMISED,
        )
    if current.version != version:
        raise StaleObjectError(
            _(
                "Someone else saved this profile while you were editing it. "
                "Reload the page and apply your changes again."
            )
        )
    fields = _clean(
        slots=slots,
        interests=interests,
        needs=needs,
        mobility=mobility,
        preferred_gender=preferred_gender,
        has_pets=has_pets,
        smoker=smoker,
        accepts_smokers=accepts_smokers,
    )
    changed = sorted(name for name in PROFILE_FIELDS if getattr(current, name) != fields[name])
    for name, value in fields.items():
        setattr(current, name, value)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=current,
        object_repr=current.log_label,
        details={"fields": changed},
    )
    return current
