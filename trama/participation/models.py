"""Participatory governance: a body (the cabina di regia) of member organisations, its
meetings with agenda, attendance and votes, the decisions they take and the actions each
decision yields, followed in public until done."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Majority(models.TextChoices):
    # Of the votes cast for and against (abstentions do not count).
    SIMPLE = "simple", _("simple majority of the votes cast")
    # More than half of the voting members present.
    ABSOLUTE = "absolute", _("absolute majority of those present")
    TWO_THIRDS = "two_thirds", _("two thirds of those present")


class GovernanceBody(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_bodies",
    )
    # Quorum: at least this share (per cent) of the voting members present.
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (% of voting members)"), default=50)
    majority = models.CharField(
        _("majority"), max_length=20, choices=Majority.choices, default=Majority.SIMPLE
    )
    is_public = models.BooleanField(_("accountability page public"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="participation_body_quorum_percent_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    """An organisation sitting on a body, with its representative and substitute."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="body_seats",
    )
    representative = models.CharField(_("representative"), max_length=200)
    substitute = models.CharField(_("substitute"), max_length=200, blank=True)
    has_vote = models.BooleanField(_("votes"), default=True)
    joined_on = models.DateField(_("member since"))
    left_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organization"],
                condition=Q(left_on__isnull=True),
                name="participation_member_once_per_body",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.representative}"


class MeetingState(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONVENED = "convened", _("convened")
    HELD = "held", pgettext_lazy("meeting state", "held")
    CLOSED = "closed", _("minutes closed")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300)
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.DRAFT
    )
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="participation_meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    needs_vote = models.BooleanField(_("put to the vote"), default=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="participation_item_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(BodyMember, on_delete=models.PROTECT, related_name="attendances")
    by_substitute = models.BooleanField(_("represented by the substitute"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="participation_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.member)


class VoteChoice(models.TextChoices):
    YES = "yes", _("in favour")
    NO = "no", _("against")
    ABSTAIN = "abstain", _("abstained")


class Vote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(BodyMember, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="participation_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


class Outcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    # Items not put to the vote: what the body agreed, recorded as such.
    AGREED = "agreed", _("agreed without a vote")


class Decision(models.Model):
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    text = models.TextField(_("decision"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    votes_yes = models.PositiveSmallIntegerField(default=0)
    votes_no = models.PositiveSmallIntegerField(default=0)
    votes_abstain = models.PositiveSmallIntegerField(default=0)
    present = models.PositiveSmallIntegerField(_("voting members present"), default=0)
    decided_at = models.DateTimeField(_("decided at"))
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project it produced"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call it produced"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return self.item.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    BLOCKED = "blocked", _("blocked")
    DONE = "done", pgettext_lazy("action status", "done")


class FollowUpAction(models.Model):
    """What a decision commits someone to do, with its owner and progress."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_actions",
    )
    owner_name = models.CharField(_("owner (person)"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="participation_action_progress_max_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100),
                name="participation_action_done_is_100",
            ),
            models.CheckConstraint(
                condition=Q(owner_organization__isnull=False) | ~Q(owner_name=""),
                name="participation_action_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    """A dated status report on an action: the history the public page shows."""

    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="participation_update_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.progress}%"
