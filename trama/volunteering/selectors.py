"""The volunteers' reads. Supervisors (and the consortium's coordinators and admins) see
every volunteer; the other roles never see the candidates' data (403)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from trama.accounts.models import User
from trama.accounts.roles import Role
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.volunteering.models import Volunteer, VolunteerDocument
from trama.volunteering.models import VolunteerState as V

MANAGERS = (Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN)


def can_manage(user: User) -> bool:
    return user.is_authenticated and user.has_consortium_role(*MANAGERS)


def _expired(today: datetime.date) -> Exists:
    return Exists(
        VolunteerDocument.objects.filter(
            volunteer=OuterRef("pk"), expires_on__isnull=False, expires_on__lt=today
        )
    )


def volunteers_for(user: User, today: datetime.date) -> QuerySet[Volunteer]:
    """Every volunteer, each annotated with `has_expired_document` (the supervisor's flag)."""
    if not can_manage(user):
        raise PermissionDenied
    return Volunteer.objects.select_related("municipality").annotate(
        has_expired_document=_expired(today)
    )


def expired_documents(volunteer: Volunteer, today: datetime.date) -> list[VolunteerDocument]:
    return list(volunteer.documents.filter(expires_on__isnull=False, expires_on__lt=today))


def matchable_volunteers(user: User, today: datetime.date) -> QuerySet[Volunteer]:
    """Those matching may propose: available (or paired with room left), no expired document."""
    return volunteers_for(user, today).filter(
        Q(state=V.AVAILABLE) | Q(state=V.PAIRED), has_expired_document=False
    )


def volunteer_detail(user: User, pk: int, today: datetime.date) -> Volunteer:
    """One volunteer with their documents; the read of a person's data is logged."""
    volunteer = get_object_or_404(volunteers_for(user, today).prefetch_related("documents"), pk=pk)
    access_log_append(
        actor=user, action=Action.READ, obj=volunteer, purpose="Mi affido a te: scheda volontario"
    )
    return volunteer
