"""Writes of the participation app. The coordinator and the administrator keep the body's
records (members, meetings, attendance, votes, decisions, actions); the members of an
action's owner organisation report its progress. Each function is one transaction and
leaves its entry in the access log; meeting moves go through the kit's workflow."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError, StaleObjectError
from trama.core.notifications import notify
from trama.core.workflow import lock, move
from trama.organizations.models import Organization
from trama.organizations.selectors import members_of
from trama.participation.capabilities import KEEP_BODIES
from trama.participation.errors import ParticipationErrors
from trama.participation.models import (
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Attendance,
    BodyMember,
    Decision,
    FollowUpAction,
    GovernanceBody,
    Majority,
    Meeting,
    MeetingState,
    Outcome,
    Vote,
    VoteChoice,
)
from trama.participation.selectors import (
    can_report_on,
    present_voters,
    voting_members,
)
from trama.participation.workflows import MEETING_WORKFLOW
from trama.projects.models import Project
from trama.voting import MajorityRule, approved, quorum


def _require_secretary(actor: User) -> None:
    KEEP_BODIES.require(actor)


def _clean_text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(
            _("This field is required."), field=field, code=ParticipationErrors.REQUIRED
        )
    return value


@transaction.atomic
def body_create(
    *,
    actor: User,
    name: str,
    description: str = "",
    project: Project | None = None,
    quorum_percent: int = 50,
    majority: str = Majority.SIMPLE,
    is_public: bool = True,
) -> GovernanceBody:
    _require_secretary(actor)
    name = _clean_text(name, "name")
    if not 1 <= quorum_percent <= 100:
        raise DomainError(
            _("The quorum is a percentage between 1 and 100."),
            field="quorum_percent",
            code=ParticipationErrors.BAD_QUORUM,
        )
    base = slugify(name)[:70] or "organo"
    slug, n = base, 2
    while GovernanceBody.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    body = GovernanceBody.objects.create(
        name=name,
        slug=slug,
        description=description.strip(),
        project=project,
        quorum_percent=quorum_percent,
        majority=majority,
        is_public=is_public,
    )
    access_log_append(actor=actor, action=Action.CREATE, obj=body)
    return body


@transaction.atomic
def member_add(
    *,
    actor: User,
    body: GovernanceBody,
    organization: Organization,
    representative: str,
    substitute: str = "",
    has_vote: bool = True,
    joined_on: date | None = None,
) -> BodyMember:
    _require_secretary(actor)
    representative = _clean_text(representative, "representative")
    if body.members.filter(organization=organization, left_on__isnull=True).exists():
        raise DomainError(
            _("%(organization)s already sits on this body.") % {"organization": organization},
            field="organization",
            code=ParticipationErrors.ALREADY_A_MEMBER,
        )
    member = BodyMember.objects.create(
        body=body,
        organization=organization,
        representative=representative,
        substitute=substitute.strip(),
        has_vote=has_vote,
        joined_on=joined_on or timezone.localdate(),
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=member,
        details={"body": body.pk, "organization": organization.pk},
    )
    return member


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    body: GovernanceBody,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    agenda: Iterable[tuple[str, bool]],
) -> Meeting:
    """A meeting in draft with its agenda: (title, put to the vote) per item, in order."""
    _require_secretary(actor)
    title = _clean_text(title, "title")
    place = _clean_text(place, "place")
    if ends_at <= starts_at:
        raise DomainError(
            _("The meeting must end after it starts."),
            field="ends_at",
            code=ParticipationErrors.ENDS_BEFORE_START,
        )
    items = [(text.strip(), vote) for text, vote in agenda if text.strip()]
    if not items:
        raise DomainError(
            _("Give the agenda at least one item."),
            field="agenda",
            code=ParticipationErrors.EMPTY_AGENDA,
        )
    meeting = Meeting.objects.create(
        body=body, title=title, starts_at=starts_at, ends_at=ends_at, place=place
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=text[:300], needs_vote=vote)
        for n, (text, vote) in enumerate(items, start=1)
    )
    access_log_append(
        actor=actor, action=Action.CREATE, obj=meeting, details={"agenda_items": len(items)}
    )
    return meeting


def _move(meeting: Meeting, target: str, *, actor: User, **changes) -> Meeting:
    current = lock(Meeting, meeting.pk)
    return move(
        MEETING_WORKFLOW,
        current,
        target,
        actor=actor,
        changes=changes,
        details={"state": [current.state, target]},
    )


@transaction.atomic
def meeting_convene(*, actor: User, meeting: Meeting) -> Meeting:
    """Draft → convened: the members' people get the convocation with the agenda by e-mail
    (after commit, each in their language)."""
    _require_secretary(actor)
    meeting = _move(meeting, MeetingState.CONVENED, actor=actor, convened_at=timezone.now())
    organizations = [m.organization for m in meeting.body.members.filter(left_on__isnull=True)]
    agenda = "\n".join(str(item) for item in meeting.items.all())
    when = timezone.localtime(meeting.starts_at)
    notify(
        members_of(organizations),
        subject=lambda: _("Convocation: %(title)s") % {"title": meeting.title},
        body=lambda: (
            _("%(body)s is convened on %(date)s at %(time)s, %(place)s.\n\nAgenda:\n%(agenda)s")
            % {
                "body": meeting.body.name,
                "date": date_format(when, "DATE_FORMAT"),
                "time": date_format(when, "TIME_FORMAT"),
                "place": meeting.place,
                "agenda": agenda,
            }
        ),
        url_name="participation:meeting_detail",
        url_args=[meeting.pk],
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    _require_secretary(actor)
    return _move(meeting, MeetingState.CANCELLED, actor=actor)


@transaction.atomic
def meeting_record_attendance(
    *, actor: User, meeting: Meeting, present: Mapping[int, bool], version: int
) -> Meeting:
    """Who is there ({member id: represented by the substitute}). The first record moves a
    convened meeting to held; while it is held the record can be corrected."""
    _require_secretary(actor)
    current = lock(Meeting, meeting.pk)
    if current.version != version:
        raise StaleObjectError(
            _("Someone else changed this meeting after you opened it: reload the page.")
        )
    if current.state not in (MeetingState.CONVENED, MeetingState.HELD):
        raise DomainError(
            _("Attendance is recorded only for a convened meeting that has not been closed."),
            code=ParticipationErrors.NOT_CONVENED,
        )
    members = {m.pk: m for m in current.body.members.filter(left_on__isnull=True)}
    unknown = set(present) - set(members)
    if unknown:
        raise DomainError(
            _("Only members of this body can be recorded as present."),
            code=ParticipationErrors.NOT_A_MEMBER,
        )
    if AgendaItem.objects.filter(meeting=current, decision__isnull=False).exists():
        raise DomainError(
            _("Attendance cannot change once the meeting has taken a decision."),
            code=ParticipationErrors.ATTENDANCE_LOCKED,
        )
    current.attendances.all().delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=current, member=members[pk], by_substitute=sub)
        for pk, sub in sorted(present.items())
    )
    if current.state == MeetingState.CONVENED:
        current = move(
            MEETING_WORKFLOW,
            current,
            MeetingState.HELD,
            actor=actor,
            details={"state": [MeetingState.CONVENED, MeetingState.HELD]},
        )
    else:
        Meeting.objects.filter(pk=current.pk).update(version=F("version") + 1)
        current.refresh_from_db()
    access_log_append(
        actor=actor, action=Action.UPDATE, obj=current, details={"present": sorted(present)}
    )
    return current


def _present_voters(meeting: Meeting) -> set[int]:
    return {member.pk for member in present_voters(meeting)}


@transaction.atomic
def item_vote(
    *,
    actor: User,
    item: AgendaItem,
    votes: Mapping[int, str],
    text: str,
    project: Project | None = None,
) -> Decision:
    """The body votes an item: one vote for each voting member present ({member id:
    yes/no/abstain}). Refused without quorum, with a vote from anyone who is not a voting
    member present, or when a voting member present has no vote recorded."""
    _require_secretary(actor)
    meeting = lock(Meeting, item.meeting_id)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    text = _clean_text(text, "text")
    _check_open_for_decisions(meeting, item)
    if not item.needs_vote:
        raise DomainError(
            _("This item is not put to the vote: record what was agreed."),
            code=ParticipationErrors.NO_VOTE_NEEDED,
        )
    present = _present_voters(meeting)
    members = voting_members(meeting.body).count()
    check = quorum(
        present=len(present), members=members, quorum_percent=meeting.body.quorum_percent
    )
    if not check.met:
        raise DomainError(
            _("No quorum: %(present)s voting members present, %(required)s needed.")
            % {"present": check.present, "required": check.required},
            code=ParticipationErrors.NO_QUORUM,
        )
    outsiders = set(votes) - present
    if outsiders:
        raise DomainError(
            _("Only the voting members present can vote."), code=ParticipationErrors.NOT_A_VOTER
        )
    if set(votes) != present:
        raise DomainError(
            _("Record the vote of every voting member present."),
            code=ParticipationErrors.VOTES_MISSING,
        )
    if any(choice not in VoteChoice.values for choice in votes.values()):
        raise DomainError(
            _("A vote is in favour, against or abstained."), code=ParticipationErrors.BAD_VOTE
        )
    Vote.objects.bulk_create(
        Vote(item=item, member_id=pk, choice=choice) for pk, choice in sorted(votes.items())
    )
    counts = {choice: sum(1 for v in votes.values() if v == choice) for choice in VoteChoice}
    passed = approved(
        yes=counts[VoteChoice.YES],
        no=counts[VoteChoice.NO],
        abstain=counts[VoteChoice.ABSTAIN],
        present=len(present),
        rule=MajorityRule(meeting.body.majority),
    )
    decision = Decision.objects.create(
        item=item,
        text=text,
        outcome=Outcome.APPROVED if passed else Outcome.REJECTED,
        votes_yes=counts[VoteChoice.YES],
        votes_no=counts[VoteChoice.NO],
        votes_abstain=counts[VoteChoice.ABSTAIN],
        present=len(present),
        decided_at=timezone.now(),
        project=project,
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=decision,
        details={"outcome": decision.outcome, "votes": {k: v for k, v in counts.items()}},
    )
    return decision


@transaction.atomic
def item_agree(
    *, actor: User, item: AgendaItem, text: str, project: Project | None = None
) -> Decision:
    """What the body agreed on an item not put to the vote."""
    _require_secretary(actor)
    meeting = lock(Meeting, item.meeting_id)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    text = _clean_text(text, "text")
    _check_open_for_decisions(meeting, item)
    if item.needs_vote:
        raise DomainError(
            _("This item is put to the vote: record the votes."),
            code=ParticipationErrors.VOTE_NEEDED,
        )
    decision = Decision.objects.create(
        item=item,
        text=text,
        outcome=Outcome.AGREED,
        present=len(_present_voters(meeting)),
        decided_at=timezone.now(),
        project=project,
    )
    access_log_append(actor=actor, action=Action.CREATE, obj=decision)
    return decision


def _check_open_for_decisions(meeting: Meeting, item: AgendaItem) -> None:
    if meeting.state != MeetingState.HELD:
        raise DomainError(
            _("Decisions are taken only in a meeting being held."),
            code=ParticipationErrors.NOT_HELD,
        )
    if Decision.objects.filter(item=item).exists():
        raise DomainError(
            _("This item has already been decided."), code=ParticipationErrors.ALREADY_DECIDED
        )


@transaction.atomic
def meeting_close(*, actor: User, meeting: Meeting, minutes: str) -> Meeting:
    """Held → minutes closed. Every item must have its decision (or have been agreed)."""
    _require_secretary(actor)
    minutes = _clean_text(minutes, "minutes")
    if AgendaItem.objects.filter(meeting=meeting, decision__isnull=True).exists():
        raise DomainError(
            _("Record a decision for every agenda item before closing."),
            code=ParticipationErrors.UNDECIDED_ITEMS,
        )
    return _move(meeting, MeetingState.CLOSED, actor=actor, minutes=minutes)


@transaction.atomic
def action_create(
    *,
    actor: User,
    decision: Decision,
    title: str,
    due_date: date,
    owner_organization: Organization | None = None,
    owner_name: str = "",
) -> FollowUpAction:
    _require_secretary(actor)
    title = _clean_text(title, "title")
    if decision.outcome == Outcome.REJECTED:
        raise DomainError(
            _("A rejected decision yields no actions."), code=ParticipationErrors.REJECTED_DECISION
        )
    if owner_organization is None and not owner_name.strip():
        raise DomainError(
            _("Say who is responsible: an organisation or a person."),
            field="owner_organization",
            code=ParticipationErrors.OWNER_REQUIRED,
        )
    action = FollowUpAction.objects.create(
        decision=decision,
        title=title,
        due_date=due_date,
        owner_organization=owner_organization,
        owner_name=owner_name.strip(),
    )
    access_log_append(actor=actor, action=Action.CREATE, obj=action)
    return action


@transaction.atomic
def action_report(
    *,
    actor: User,
    action: FollowUpAction,
    progress: int,
    status: str,
    note: str,
    version: int,
) -> ActionUpdate:
    """A dated progress report on an action, by the secretaries or by a member of the owner
    organisation. "Done" means 100 %; progress can go back (say why in the note)."""
    if not can_report_on(actor, action):
        raise PermissionDenied
    current = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    if current.version != version:
        raise StaleObjectError(
            _("Someone else reported on this action after you opened it: reload the page.")
        )
    note = _clean_text(note, "note")
    if not 0 <= progress <= 100:
        raise DomainError(
            _("Progress is a percentage between 0 and 100."),
            field="progress",
            code=ParticipationErrors.BAD_PROGRESS,
        )
    if status not in ActionStatus.values:
        raise DomainError(
            _("Choose a valid status."), field="status", code=ParticipationErrors.BAD_STATUS
        )
    if status == ActionStatus.DONE and progress != 100:
        raise DomainError(
            _("An action is done only at 100%."),
            field="progress",
            code=ParticipationErrors.PROGRESS_MISMATCH,
        )
    if progress == 100 and status != ActionStatus.DONE:
        raise DomainError(
            _("At 100% the action is done: choose “done”."),
            field="status",
            code=ParticipationErrors.PROGRESS_MISMATCH,
        )
    update = ActionUpdate.objects.create(
        action=current, at=timezone.now(), progress=progress, status=status, note=note, author=actor
    )
    FollowUpAction.objects.filter(pk=current.pk).update(
        progress=progress, status=status, version=F("version") + 1, updated_at=timezone.now()
    )
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=current,
        details={"progress": [current.progress, progress], "status": [current.status, status]},
    )
    return update
