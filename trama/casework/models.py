"""Listening sessions, the needs taxonomy and referrals with closed-loop feedback (issue 4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trama.organizations.models import Organization
from trama.people.models import Person
from trama.projects.models import Project
from trama.territory.models import Hub


class Need(models.Model):
    """One entry of the needs taxonomy, kept as data (loaded by a data migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.label

    def localized(self, language: str) -> str:
        return (self.label_en or self.label) if language == "en" else self.label


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    HOME_VISIT = "home_visit", _("Home visit")


class ListeningSession(models.Model):
    """An ascolto: who listened to whom, where, how, which needs emerged, what was suggested."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="+", verbose_name=_("hub"))
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    needs = models.ManyToManyField(Need, blank=True, related_name="+", verbose_name=_("needs"))
    notes = models.TextField(_("notes"), blank=True)
    suggested_projects = models.ManyToManyField(
        Project, blank=True, related_name="+", verbose_name=_("projects suggested")
    )
    suggested_services = models.TextField(_("services suggested"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("listening session")
        verbose_name_plural = _("listening sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="listening_duration_positive"
            ),
        ]
        indexes = [models.Index(fields=["person", "held_on"])]

    def __str__(self) -> str:
        return f"listening session #{self.pk}"


class ReferralState(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    DROPPED = "dropped", _("dropped")


class Referral(models.Model):
    """An invio from an operator to an organisation and/or a project. The receiving side sees
    only `shared_summary` and a minimal identification of the person (see selectors)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred by"),
    )
    from_hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="+", verbose_name=_("from hub")
    )
    to_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to organisation"),
    )
    to_project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to project"),
    )
    reason = models.TextField(_("reason (internal)"), blank=True)
    shared_summary = models.TextField(_("summary shared with the receiving side"))
    state = models.CharField(
        _("state"), max_length=20, choices=ReferralState.choices, default=ReferralState.SENT
    )
    sent_at = models.DateTimeField(_("sent on"))
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_organization__isnull=False) | Q(to_project__isnull=False),
                name="referral_has_a_target",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReferralState.values), name="referral_state_known"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "sent_at"]),
            models.Index(fields=["to_organization", "state"]),
            models.Index(fields=["person", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"referral #{self.pk}"


class ReferralEvent(models.Model):
    """One step of a referral: who moved it from which state to which, with what feedback."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="events", verbose_name=_("referral")
    )
    from_state = models.CharField(
        _("from"), max_length=20, choices=ReferralState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=ReferralState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    feedback = models.TextField(_("feedback"), blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class SupportPlan(models.Model):
    """An individual support plan: goals, actions with owner and due date, periodic reviews."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="+", verbose_name=_("hub"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    goals = models.TextField(_("goals"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    next_review_on = models.DateField(_("next review"))
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        indexes = [models.Index(fields=["status", "next_review_on"])]

    def __str__(self) -> str:
        return f"support plan #{self.pk}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class PlanAction(models.Model):
    plan = models.ForeignKey(
        SupportPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (staff)"),
    )
    owner_text = models.CharField(
        _("owner (other)"),
        max_length=150,
        blank=True,
        help_text=_("When the owner is not a user: the person, a relative, an organisation."),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_text=""),
                name="plan_action_has_owner",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description


class PlanReview(models.Model):
    plan = models.ForeignKey(
        SupportPlan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("plan")
    )
    reviewed_on = models.DateField(_("reviewed on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    notes = models.TextField(_("notes"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")

    def __str__(self) -> str:
        return f"review of {self.plan}"
