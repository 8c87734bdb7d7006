"""Every read of the participation app goes through here.

The coordinator and the administrator read every body; a member of an organisation reads the
bodies it sits on (others answer 404); other roles never read the back-office pages (403).
The public accountability page reads only bodies marked public.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.participation.capabilities import KEEP_BODIES, READ_BODIES
from trama.participation.models import (
    ActionUpdate,
    AgendaItem,
    Attendance,
    BodyMember,
    Decision,
    FollowUpAction,
    GovernanceBody,
    Meeting,
)
from trama.voting import Quorum, quorum


def _organizations_of(user: User) -> list[int]:
    return [
        grant.scope_id
        for grant in user.role_grants.filter(
            role=Role.ETS_MEMBER, scope_kind=ScopeKind.ORGANIZATION, revoked_at__isnull=True
        )
    ]


def _readable_bodies(user: User) -> QuerySet[GovernanceBody]:
    READ_BODIES.require(user)
    if KEEP_BODIES.allows(user):
        return GovernanceBody.objects.all()
    seats = BodyMember.objects.filter(
        organization_id__in=_organizations_of(user), left_on__isnull=True
    )
    return GovernanceBody.objects.filter(pk__in=seats.values("body_id"))


def body_list(*, user: User) -> QuerySet[GovernanceBody]:
    return (
        _readable_bodies(user)
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("name")
    )


def body_get(*, user: User, pk: int) -> GovernanceBody:
    return (
        _readable_bodies(user)
        .select_related("project")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=BodyMember.objects.filter(left_on__isnull=True).select_related(
                    "organization"
                ),
                to_attr="current_members",
            ),
            Prefetch(
                "meetings", queryset=Meeting.objects.order_by("-starts_at"), to_attr="meeting_list"
            ),
        )
        .get(pk=pk)
    )


def current_members(body: GovernanceBody) -> QuerySet[BodyMember]:
    return body.members.filter(left_on__isnull=True).select_related("organization")


def voting_members(body: GovernanceBody) -> QuerySet[BodyMember]:
    return current_members(body).filter(has_vote=True)


def present_voters(meeting: Meeting) -> list[BodyMember]:
    """The voting members recorded as present at the meeting."""
    return list(voting_members(meeting.body).filter(attendances__meeting=meeting))


def item_get(*, user: User, pk: int) -> AgendaItem:
    return AgendaItem.objects.select_related("meeting").get(
        pk=pk, meeting__body__in=_readable_bodies(user)
    )


def meeting_get(*, user: User, pk: int) -> Meeting:
    bodies = _readable_bodies(user)
    return (
        Meeting.objects.filter(body__in=bodies)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related("decision").prefetch_related(
                    "votes__member__organization"
                ),
            ),
            Prefetch("attendances", queryset=Attendance.objects.select_related("member")),
        )
        .get(pk=pk)
    )


def meeting_minutes_get(*, user: User, pk: int) -> Meeting:
    """A meeting as its minutes show it: `meeting_get` with each decision's actions."""
    meeting = meeting_get(user=user, pk=pk)
    prefetch_related_objects(
        [item for item in meeting.items.all() if hasattr(item, "decision")],
        Prefetch(
            "decision__actions",
            queryset=FollowUpAction.objects.select_related("owner_organization").order_by(
                "due_date", "pk"
            ),
        ),
    )
    return meeting


def meeting_quorum(meeting: Meeting) -> Quorum:
    """The quorum from the attendance loaded with the meeting (prefetched)."""
    voters = list(voting_members(meeting.body).values_list("pk", flat=True))
    present = sum(1 for a in meeting.attendances.all() if a.member_id in voters)
    return quorum(present=present, members=len(voters), quorum_percent=meeting.body.quorum_percent)


def _decisions_with_actions(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Decisions with their meeting, links and actions, each action with its history."""
    updates = ActionUpdate.objects.select_related("author").order_by("-at", "-pk")
    actions = FollowUpAction.objects.select_related("owner_organization").prefetch_related(
        Prefetch("updates", queryset=updates)
    )
    return decisions.select_related("item__meeting__body", "project", "call").prefetch_related(
        Prefetch("actions", queryset=actions)
    )


def decision_list(*, body: GovernanceBody) -> QuerySet[Decision]:
    return _decisions_with_actions(Decision.objects.filter(item__meeting__body=body)).order_by(
        "-decided_at", "-pk"
    )


def decision_get(*, user: User, pk: int) -> Decision:
    decisions = Decision.objects.filter(item__meeting__body__in=_readable_bodies(user))
    return _decisions_with_actions(decisions).get(pk=pk)


def can_report_on(user: User, action: FollowUpAction) -> bool:
    """Who may post a progress update: the secretaries, and the members of the owner."""
    if KEEP_BODIES.allows(user):
        return True
    return (
        action.owner_organization_id is not None
        and action.owner_organization_id in _organizations_of(user)
    )


def action_get(*, user: User, pk: int) -> FollowUpAction:
    bodies = _readable_bodies(user)
    return (
        FollowUpAction.objects.filter(decision__item__meeting__body__in=bodies)
        .select_related("decision__item__meeting__body", "owner_organization")
        .prefetch_related("updates__author")
        .get(pk=pk)
    )


# The public accountability page: no login, only bodies marked public.


@dataclass(frozen=True)
class BodyProgress:
    decisions: int
    actions: int
    actions_done: int
    mean_progress: int


def public_body_get(*, slug: str) -> GovernanceBody:
    return (
        GovernanceBody.objects.filter(is_public=True)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=BodyMember.objects.filter(left_on__isnull=True).select_related(
                    "organization"
                ),
                to_attr="current_members",
            )
        )
        .get(slug=slug)
    )


def body_progress(decisions: list[Decision]) -> BodyProgress:
    actions = [action for decision in decisions for action in decision.actions.all()]
    done = sum(1 for action in actions if action.status == "done")
    mean = round(sum(a.progress for a in actions) / len(actions)) if actions else 0
    return BodyProgress(
        decisions=len(decisions), actions=len(actions), actions_done=done, mean_progress=mean
    )
