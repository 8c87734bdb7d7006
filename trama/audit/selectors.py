from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from trama.audit.capabilities import READ_LOG
from trama.audit.models import AccessLogEntry


@dataclass(frozen=True)
class AccessLogFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def access_log_list(*, user, filters: AccessLogFilters | None = None) -> QuerySet[AccessLogEntry]:
    READ_LOG.require(user)
    filters = filters or AccessLogFilters()
    qs = AccessLogEntry.objects.defer("previous_hash", "entry_hash").order_by("-id")
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    return qs
