"""Writes to hubs and offices: coordinator and admin only, audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.territory.capabilities import EDIT_HUBS
from trama.territory.errors import TerritoryErrors
from trama.territory.models import Hub

HUB_FIELDS = (
    "name",
    "kind",
    "address",
    "postcode",
    "municipality",
    "opening_hours",
    "phone",
    "email",
    "is_active",
)


def _save(hub: Hub) -> None:
    errors: dict[str, list[str]] = {}
    if hub.postcode and not (hub.postcode.isdigit() and len(hub.postcode) == 5):
        errors["postcode"] = [_("The postcode (CAP) has 5 digits.")]
    try:
        hub.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            hub.save()
    except IntegrityError as exc:
        raise DomainError(
            _("This municipality already has a hub with this name."),
            field="name",
            code=TerritoryErrors.HUB_NAME_TAKEN,
        ) from exc


@transaction.atomic
def hub_create(*, actor: User, **fields) -> Hub:
    EDIT_HUBS.require(actor)
    hub = Hub(**{name: value for name, value in fields.items() if name in HUB_FIELDS})
    _save(hub)
    access_log_append(actor=actor, action=Action.CREATE, obj=hub)
    return hub


@transaction.atomic
def hub_update(*, actor: User, hub: Hub, **changes) -> Hub:
    EDIT_HUBS.require(actor)
    current = Hub.objects.select_for_update().get(pk=hub.pk)
    changed = sorted(
        name
        for name, value in changes.items()
        if name in HUB_FIELDS and getattr(current, name) != value
    )
    for name in changed:
        setattr(current, name, changes[name])
    _save(current)
    access_log_append(actor=actor, action=Action.UPDATE, obj=current, details={"fields": changed})
    return current
