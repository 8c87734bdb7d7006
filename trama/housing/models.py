"""RI-abitare la città: the ATC buildings of the project, their units and tenancies, the
mediators' activities and the issues they bridge to the competent bodies (DESIGN.md §2).

A building is the detail of a hub of kind `atc_building` (decision 0032): the hub is the
place and the mediator's scope, the building adds what only housing needs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Building(models.Model):
    hub = models.OneToOneField(
        "territory.Hub",
        on_delete=models.PROTECT,
        related_name="building",
        verbose_name=_("hub"),
    )
    owner = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="owned_buildings",
        verbose_name=_("owner body"),
    )
    staircases = models.PositiveSmallIntegerField(_("staircases"), default=1)
    common_spaces = models.TextField(_("common spaces"), blank=True)
    # Activities and issues cannot be dated before it.
    joined_on = models.DateField(_("joined the project on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["hub__name"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.CheckConstraint(condition=Q(staircases__gte=1), name="building_has_a_staircase")
        ]

    def __str__(self) -> str:
        return self.hub.name


class Unit(models.Model):
    """A home (alloggio) of the building."""

    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, related_name="units", verbose_name=_("building")
    )
    staircase = models.CharField(_("staircase"), max_length=10, blank=True)
    floor = models.SmallIntegerField(_("floor"), default=0)
    number = models.CharField(_("unit number"), max_length=20)

    class Meta:
        ordering = ["building", "staircase", "floor", "number"]
        verbose_name = pgettext_lazy("home", "unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["building", "staircase", "number"], name="unit_unique_number_per_staircase"
            )
        ]

    def __str__(self) -> str:
        if self.staircase:
            return str(_("Staircase %(staircase)s, unit %(number)s")) % {
                "staircase": self.staircase,
                "number": self.number,
            }
        return str(_("Unit %(number)s")) % {"number": self.number}


class Tenancy(models.Model):
    """A household living in a unit from `start_on` to `end_on` (open while it lives there).
    Two tenancies of one unit never overlap: the service checks the dates on the locked
    unit; the database keeps one open tenancy per unit."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="tenancies",
        verbose_name=pgettext_lazy("home", "unit"),
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        related_name="tenancies",
        verbose_name=_("household"),
    )
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["unit", "-start_on"]
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="tenancy_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(end_on__isnull=True), name="tenancy_one_open_per_unit"
            ),
        ]
        indexes = [models.Index(fields=["household", "end_on"])]

    def __str__(self) -> str:
        return f"{self.household} – {self.unit}"


class ActivityKind(models.TextChoices):
    """The seed's actions of the mediators."""

    ORIENTATION = "orientation", _("Orientation to the territory")
    NEIGHBOURLINESS = "neighbourliness", _("Good-neighbour relations and mutual help")
    LISTENING = "listening", _("Active listening and support")
    COMMON_SPACES = "common_spaces", _("Collective care of the common spaces")
    MEETING = "meeting", _("Meeting, group or training activity")


class ActivityReach(models.TextChoices):
    HOUSEHOLD = "household", _("One household")
    BUILDING = "building", _("The whole building")
    STAIRCASE = "staircase", _("One staircase")


class Activity(models.Model):
    """A mediator's activity: with one household, or collective (the building or one
    staircase, with the households present or a head count for open events). Dated in the
    future it is planned, and goes on the stairwell notice."""

    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="activities", verbose_name=_("building")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    reach = models.CharField(_("for"), max_length=10, choices=ActivityReach.choices)
    staircase = models.CharField(_("staircase"), max_length=10, blank=True)
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="housing_activities",
        verbose_name=_("household"),
    )
    title = models.CharField(_("title"), max_length=200)
    on = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="housing_activities",
        verbose_name=_("mediator"),
    )
    attendees = models.ManyToManyField(
        "people.Household", blank=True, related_name="housing_attended", verbose_name=_("present")
    )
    head_count = models.PositiveIntegerField(_("people present"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-starts_at", "-pk"]
        verbose_name = _("mediation activity")
        verbose_name_plural = _("mediation activities")
        constraints = [
            models.CheckConstraint(
                condition=(Q(reach="household") & Q(household__isnull=False))
                | (~Q(reach="household") & Q(household__isnull=True)),
                name="activity_household_iff_individual",
            ),
            models.CheckConstraint(
                condition=~Q(reach="staircase") | ~Q(staircase=""),
                name="activity_staircase_named",
            ),
        ]
        indexes = [models.Index(fields=["building", "on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_collective(self) -> bool:
        return self.reach != ActivityReach.HOUSEHOLD


class IssueCategory(models.TextChoices):
    MAINTENANCE = "maintenance", _("Maintenance")
    NEIGHBOUR_CONFLICT = "neighbour_conflict", _("Conflict between neighbours")
    ARREARS_RISK = "arrears_risk", _("Risk of rent arrears")
    HEALTH_SOCIAL = "health_social", _("Health or social concern")
    COMMON_SPACES = "common_spaces", _("Common spaces")


class IssuePriority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class IssueState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    REFERRED = "referred", _("Referred to the body")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    NOT_RESOLVABLE = "not_resolvable", _("Not resolvable")


# The states in which the body it was referred to owes the next step.
WITH_THE_BODY = (IssueState.REFERRED, IssueState.RECEIVED, IssueState.IN_PROGRESS)
CLOSED_STATES = (IssueState.RESOLVED, IssueState.NOT_RESOLVABLE)


class Issue(models.Model):
    """A problem of a building reported by the mediator (for a tenant or on their own), and
    referred to the competent body, whose members answer it. The due dates of the body's
    steps are kept on the row, recomputed at each step (the inboxes filter on them)."""

    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="issues", verbose_name=_("building")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name=pgettext_lazy("home", "unit"),
    )
    households = models.ManyToManyField(
        "people.Household",
        blank=True,
        related_name="housing_issues",
        verbose_name=_("households involved"),
    )
    # Asked the two questions when the issue closes.
    reporting_household = models.ForeignKey(
        "people.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="housing_issues_reported",
        verbose_name=_("reported by the household"),
    )
    description = models.TextField(_("description"))
    priority = models.PositiveSmallIntegerField(_("priority"), choices=IssuePriority.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=IssueState.choices, default=IssueState.REPORTED
    )
    version = models.PositiveIntegerField(default=1)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    referred_to = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="housing_issues",
        verbose_name=_("referred to"),
    )
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    planned_at = models.DateTimeField(_("plan agreed at"), null=True, blank=True)
    last_update_at = models.DateTimeField(_("last update at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_reason = models.TextField(_("reason"), blank=True)
    acknowledge_due = models.DateField(_("to acknowledge by"), null=True, blank=True)
    plan_due = models.DateField(_("plan to agree by"), null=True, blank=True)
    update_due = models.DateField(_("next update by"), null=True, blank=True)
    # A repeat of an open issue of the same building: counted once, answered there.
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("repeat of"),
    )
    handled_well = models.BooleanField(_("handled well"), null=True, blank=True)
    kept_informed = models.BooleanField(_("kept informed"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("feedback recorded at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=WITH_THE_BODY) | Q(referred_to__isnull=False),
                name="issue_with_a_body_is_referred",
            ),
            models.CheckConstraint(
                condition=~Q(state=IssueState.NOT_RESOLVABLE) | ~Q(closing_reason=""),
                name="issue_not_resolvable_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=4), name="issue_priority_known"
            ),
        ]
        indexes = [
            models.Index(fields=["referred_to", "state"]),
            models.Index(fields=["building", "state"]),
        ]

    def __str__(self) -> str:
        return str(_("Issue no. %(number)s")) % {"number": self.pk}

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES


class IssueCategoryTag(models.Model):
    """One of an issue's categories (an issue has one or more)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="category_tags")
    category = models.CharField(_("category"), max_length=20, choices=IssueCategory.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "category"], name="issue_category_once")
        ]
        indexes = [models.Index(fields=["category", "issue"])]

    def __str__(self) -> str:
        return self.get_category_display()


class IssueUpdate(models.Model):
    """What a side wrote on the issue: the body's answers (with the state they moved it to)
    and the mediator's notes — the thread both sides read."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=20, choices=IssueState.choices)
    text = models.TextField(_("text"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.issue} · {self.get_state_display()}"
