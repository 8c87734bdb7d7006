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
        indexes = [
            models.Index(fields=["person", "held_on"]),
            # The hub dashboard counts a hub's sessions of the month.
            models.Index(fields=["hub", "held_on"]),
        ]

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
    # Set by the daily overdue alert, so that each referral is reported once.
    overdue_notified_at = models.DateTimeField(
        _("overdue alert sent on"), null=True, blank=True, editable=False
    )
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
            # A hub's open referrals and its overdue ones, oldest first (hub dashboard).
            models.Index(fields=["from_hub", "state", "sent_at"]),
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
        indexes = [
            models.Index(fields=["status", "next_review_on"]),
            # The hub dashboard reads a hub's active plans.
            models.Index(fields=["hub", "status"]),
        ]

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
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # The actions due of a few plans (a hub's), without walking the region's.
            models.Index(fields=["plan", "status", "due_on"]),
        ]

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


class ScreeningInstrument(models.TextChoices):
    """The codes match the instruments of the plain package `trama.screening`."""

    TFI = "tfi", _("Tilburg Frailty Indicator")
    UCLA3 = "ucla3", _("UCLA loneliness scale (3 items)")


class Screening(models.Model):
    """One screening questionnaire filled in for a person; total and flag are computed by
    `trama.screening` from the answers, never taken from the client."""

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
    instrument = models.CharField(
        _("instrument"), max_length=10, choices=ScreeningInstrument.choices
    )
    taken_on = models.DateField(_("date"))
    answers = models.JSONField(_("answers"))
    total = models.PositiveSmallIntegerField(_("total"))
    flagged = models.BooleanField(_("above the threshold"), default=False)
    domain_totals = models.JSONField(_("domain subtotals"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        constraints = [
            # Ranges and thresholds repeat trama.screening's so the database refuses a row
            # written around the service (TFI 0-15, frail at 5; UCLA-3 3-9, no flag).
            models.CheckConstraint(
                condition=(
                    Q(instrument="tfi", total__gte=0, total__lte=15)
                    | Q(instrument="ucla3", total__gte=3, total__lte=9)
                ),
                name="screening_total_in_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(instrument="tfi", total__gte=5, flagged=True)
                    | Q(instrument="tfi", total__lt=5, flagged=False)
                    | Q(instrument="ucla3", flagged=False)
                ),
                name="screening_flag_matches_threshold",
            ),
        ]
        indexes = [models.Index(fields=["person", "instrument", "taken_on"])]

    def __str__(self) -> str:
        return f"screening #{self.pk}"


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


class Appointment(models.Model):
    """An appointment at a hub: who meets whom, when, how and why. Once held it may point to
    the listening session recorded during it."""

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
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PLANNED,
    )
    session = models.ForeignKey(
        ListeningSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("listening session"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="appointment_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AppointmentStatus.values), name="appointment_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["hub", "starts_at"]),
            models.Index(fields=["person", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"appointment #{self.pk}"
