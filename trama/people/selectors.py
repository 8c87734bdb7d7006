"""Every read of people's data goes through here, scoped by the user's roles and hubs.

coordinator, supervisor and operators with a consortium-wide grant read everyone;
operators and mediators read the people and households followed by their hubs; the DPO
reads no one's record except the people it broke the glass for, for a while (decision
0019); every other role (admin included: it manages accounts, not people) is refused.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.audit.models import AccessLogEntry, Action
from trama.people.capabilities import (
    ANSWER_SUBJECT_REQUESTS,
    BREAK_GLASS,
    OPEN_PERSON,
    READ_BROKEN_GLASS,
    READ_BY_GLASS_ONLY,
    READ_PEOPLE,
)
from trama.people.models import (
    Consent,
    Household,
    HouseholdMember,
    IseeDeclaration,
    Person,
    PrivacyNotice,
)
from trama.people.names import person_name_q
from trama.territory.models import Hub

WHOLE_CONSORTIUM = (Role.COORDINATOR, Role.SUPERVISOR)
BREAK_GLASS_MINUTES = 30


@dataclass(frozen=True)
class PersonFilters:
    search: str = ""
    municipality_id: int | None = None
    hub_id: int | None = None


def _require_reader(user: User) -> None:
    READ_PEOPLE.require(user)


def hub_scope(user: User) -> set[int] | None:
    """The hubs whose people `user` reads; None means every hub."""
    _require_reader(user)
    if user.has_any_role(*WHOLE_CONSORTIUM) or user.has_consortium_role(Role.OPERATOR):
        return None
    return user.scope_ids(Role.OPERATOR, ScopeKind.HUB) | user.scope_ids(
        Role.MEDIATOR, ScopeKind.HUB
    )


def break_glass_person_ids(user: User, *, now: datetime.datetime | None = None) -> set[int]:
    """The people a glass-only user (the DPO) declared a reason to open in the last
    BREAK_GLASS_MINUTES: its whole scope. Read from the access log itself, so the window is
    exactly what the log shows. One query; empty for every other role."""
    if not READ_BY_GLASS_ONLY.allows(user):
        return set()
    since = (now or timezone.now()) - datetime.timedelta(minutes=BREAK_GLASS_MINUTES)
    ids = AccessLogEntry.objects.filter(
        actor_id=user.pk,
        action=Action.READ,
        object_type=Person._meta.label_lower,
        details__break_glass=True,
        at__gte=since,
    ).values_list("object_id", flat=True)
    return {int(pk) for pk in ids if pk.isdigit()}


def person_scope_q(user: User, prefix: str = "") -> Q | None:
    """The people `user` may open, as a condition on Person (`prefix` "person__" for rows
    about a person); None means everyone. PermissionDenied for roles that open no one."""
    OPEN_PERSON.require(user)
    condition = Q(pk__in=[])
    if READ_PEOPLE.allows(user):
        hubs = hub_scope(user)
        if hubs is None:
            return None
        condition = Q(**{f"{prefix}reference_hub_id__in": hubs})
    glass = break_glass_person_ids(user)
    if glass:
        condition |= Q(**{f"{prefix}pk__in": glass})
    return condition


def hubs_for(*, user: User) -> QuerySet[Hub]:
    """The hubs `user` may choose as a person's or household's reference hub."""
    hubs = hub_scope(user)
    qs = Hub.objects.select_related("municipality").order_by("name")
    return qs if hubs is None else qs.filter(pk__in=hubs)


def _visible_persons(user: User) -> QuerySet[Person]:
    condition = person_scope_q(user)
    qs = Person.objects.all()
    return qs if condition is None else qs.filter(condition)


def _visible_households(user: User) -> QuerySet[Household]:
    hubs = hub_scope(user)
    qs = Household.objects.all()
    return qs if hubs is None else qs.filter(reference_hub_id__in=hubs)


def person_list(*, user: User, filters: PersonFilters | None = None) -> QuerySet[Person]:
    """The people `user` may see, filtered; a fixed number of queries whatever the size.
    The search matches names ignoring accents, doubled letters, apostrophes, spaces and the
    order of the words ("Nicolo" finds "Niccolò", "DAngelo" finds "D'Angelo", see names.py),
    or an exact codice fiscale."""
    filters = filters or PersonFilters()
    qs = _visible_persons(user).select_related("municipality", "reference_hub")
    if filters.search:
        code = "".join(filters.search.split()).upper()
        qs = qs.filter(person_name_q(filters.search) | Q(fiscal_code=code))
    if filters.municipality_id:
        qs = qs.filter(municipality_id=filters.municipality_id)
    if filters.hub_id:
        qs = qs.filter(reference_hub_id=filters.hub_id)
    return qs.order_by("search_name", "id")


def person_in_scope(*, user: User, pk: int) -> bool:
    return _visible_persons(user).filter(pk=pk).exists()


def _with_record(qs: QuerySet[Person]) -> QuerySet[Person]:
    """What a person's page shows: households (with members and ISEE) and consents."""
    households = Household.objects.select_related("municipality", "reference_hub").prefetch_related(
        Prefetch(
            "members",
            queryset=HouseholdMember.objects.select_related("person").order_by("id"),
        ),
        Prefetch("isee_declarations", queryset=IseeDeclaration.objects.order_by("-issued_on")),
    )
    return qs.select_related("municipality", "reference_hub").prefetch_related(
        Prefetch(
            "memberships",
            queryset=HouseholdMember.objects.prefetch_related(
                Prefetch("household", queryset=households)
            ).order_by("id"),
        ),
        Prefetch("consents", queryset=Consent.objects.select_related("notice")),
    )


def person_get(*, user: User, pk: int, record: bool = True) -> Person:
    """One person within the user's scope, the scope resolved once for this one lookup;
    with the whole record unless `record` is False. DoesNotExist when outside the scope.
    Reading it is logged by `services.person_open`, which calls this."""
    people = _visible_persons(user)
    people = (
        _with_record(people) if record else people.select_related("municipality", "reference_hub")
    )
    return people.get(pk=pk)


def person_get_unscoped(*, pk: int) -> Person:
    """Only for `services.person_open_break_glass`, which logs and flags the access."""
    return _with_record(Person.objects.all()).get(pk=pk)


def person_find_for_break_glass(*, user: User, fiscal_code: str = "", pk: int | None = None):
    """The person an operator names exactly (codice fiscale or record number), in any hub."""
    BREAK_GLASS.require(user)
    if fiscal_code:
        return Person.objects.filter(fiscal_code="".join(fiscal_code.split()).upper()).first()
    if pk:
        return Person.objects.filter(pk=pk).first()
    return None


def household_get(*, user: User, pk: int) -> Household:
    households = _visible_households(user).select_related("municipality", "reference_hub")
    return households.prefetch_related(
        Prefetch("members", queryset=HouseholdMember.objects.select_related("person")),
        Prefetch("isee_declarations", queryset=IseeDeclaration.objects.order_by("-issued_on")),
    ).get(pk=pk)


def household_list(*, user: User) -> QuerySet[Household]:
    return _visible_households(user).select_related("municipality", "reference_hub")


def consent_get(*, user: User, pk: int) -> Consent:
    return Consent.objects.select_related("person", "notice").get(
        pk=pk, person__in=_visible_persons(user)
    )


def privacy_notice_list() -> QuerySet[PrivacyNotice]:
    return PrivacyNotice.objects.order_by("-valid_from", "-id")


def break_glass_list(*, user: User) -> QuerySet[AccessLogEntry]:
    """Every access to a person's record declared outside the operator's scope (DPO)."""
    READ_BROKEN_GLASS.require(user)
    return AccessLogEntry.objects.filter(
        action=Action.READ,
        object_type=Person._meta.label_lower,
        details__break_glass=True,
    ).order_by("-at", "-id")


def person_access_entries(*, user: User, person_id: int) -> QuerySet[AccessLogEntry]:
    """The access log's entries about one person (their record, and the records about them,
    logged "… of person #N"), oldest first: the data subject's export shows who opened or
    changed their data."""
    ANSWER_SUBJECT_REQUESTS.require(user)
    label = f"person #{person_id}"
    about_record = Q(object_type=Person._meta.label_lower, object_id=str(person_id))
    return AccessLogEntry.objects.filter(
        about_record | Q(object_repr__endswith=f" of {label}") | Q(object_repr=label)
    ).order_by("at", "id")
