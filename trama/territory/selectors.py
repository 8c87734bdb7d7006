"""Municipalities and hubs are public information: everyone may read them."""

from django.db.models import QuerySet

from trama.territory.capabilities import EDIT_HUBS
from trama.territory.models import Hub, Municipality


def municipality_list(*, user=None, consortium_only: bool = True) -> QuerySet[Municipality]:
    qs = Municipality.objects.all()
    return qs.filter(in_consortium=True) if consortium_only else qs


def hub_list(
    *, user=None, kind: str = "", municipality_id: int | None = None, include_inactive: bool = False
) -> QuerySet[Hub]:
    """Active hubs; closed ones too for those who manage them."""
    qs = Hub.objects.select_related("municipality")
    if not (
        include_inactive and user is not None and user.is_authenticated and EDIT_HUBS.allows(user)
    ):
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    return qs
