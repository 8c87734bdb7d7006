"""The housing events of a person's households on their timeline (trama.core.timeline):
the activities they took part in and the issues that involve them. Linked to the housing
page only for a reader who mediates the building."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.core.timeline import TimelineEntry
from trama.housing import selectors
from trama.housing.capabilities import MEDIATE
from trama.housing.models import Activity, Issue
from trama.people.models import HouseholdMember


def _linkable_hubs(user: User) -> set[int] | None:
    """The hubs whose housing pages `user` opens (None: all); empty when none."""
    if not MEDIATE.allows(user):
        return set()
    return selectors.hub_scope(user)


def housing_events(person, user: User) -> list[TimelineEntry]:
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    hubs = _linkable_hubs(user)

    def link(hub_id: int) -> bool:
        return hubs is None or hub_id in hubs

    tz = timezone.get_current_timezone()
    entries = []
    activities = (
        Activity.objects.filter(Q(household_id__in=households) | Q(attendees__in=households))
        .distinct()
        .select_related("building__hub")
    )
    for activity in activities:
        entries.append(
            TimelineEntry(
                at=datetime.datetime.combine(
                    activity.on, activity.starts_at or datetime.time(12), tzinfo=tz
                ),
                kind="housing",
                title=_("%(kind)s — %(building)s")
                % {"kind": activity.get_kind_display(), "building": activity.building},
                text=activity.title,
                url_name="housing:activity_detail" if link(activity.building.hub_id) else "",
                url_pk=activity.pk,
            )
        )
    issues = (
        Issue.objects.filter(Q(households__in=households) | Q(reporting_household__in=households))
        .distinct()
        .select_related("building__hub")
    )
    for issue in issues:
        entries.append(
            TimelineEntry(
                at=issue.reported_at,
                kind="housing",
                title=_("Housing issue — %(building)s: %(state)s")
                % {"building": issue.building, "state": issue.get_state_display()},
                text=issue.description[:200],
                url_name="housing:issue_detail" if link(issue.building.hub_id) else "",
                url_pk=issue.pk,
            )
        )
    return entries
