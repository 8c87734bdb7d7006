"""What the volunteers', elders' and matching writes share: input clean-up and the check of
who may write."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.core.errors import DomainError
from trama.volunteering.capabilities import MANAGE_VOLUNTEERS
from trama.volunteering.errors import VolunteeringErrors
from trama.volunteering.models import SLOTS, Gender


def words(values: Iterable[str] | None) -> list[str]:
    """Free-text lists (languages, interests, means): trimmed, lower case, no repeats."""
    seen: list[str] = []
    for value in values or ():
        word = " ".join(str(value).split()).lower()
        if word and word not in seen:
            seen.append(word)
    return seen


def require_supervisor(actor: User) -> None:
    MANAGE_VOLUNTEERS.require(actor)


def clean_slots(slots: Iterable[str]) -> list[str]:
    """The weekly grid's slots, sorted, no repeats; at least one."""
    chosen = sorted(set(slots))
    if not chosen:
        raise DomainError(
            _("Choose at least one time slot."), field="slots", code=VolunteeringErrors.BAD_SLOTS
        )
    if set(chosen) - SLOTS:
        raise DomainError(_("Unknown time slot."), field="slots", code=VolunteeringErrors.BAD_SLOTS)
    return chosen


def check_gender(value: str, field: str) -> None:
    if value not in ("", *Gender.values):
        raise DomainError(_("Unknown gender."), field=field, code=VolunteeringErrors.BAD_CHOICE)
