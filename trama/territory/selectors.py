"""Municipalities and hubs are public information: everyone may read them."""

from django.db.models import QuerySet

from trama.territory.models import Hub, Municipality


def municipality_list(*, user=None, consortium_only: bool = True) -> QuerySet[Municipality]:
    qs = Municipality.objects.all()
    return qs.filter(in_consortium=True) if consortium_only else qs


def hub_list(*, user=None, kind: str = "", municipality_id: int | None = None) -> QuerySet[Hub]:
    qs = Hub.objects.filter(is_active=True).select_related("municipality")
    if kind:
        qs = qs.filter(kind=kind)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    return qs
