"""Mi affido a te: the volunteers (affidatari) and their documents, the elders' profiles,
the matching runs and their proposals (DESIGN.md §2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The weekly grid of availability: day × part of the day, stored as "mon-am" etc.
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("am", "pm", "eve")
SLOTS = frozenset(f"{day}-{part}" for day in DAYS for part in PARTS)


class VolunteerState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Interview scheduled")
    INTERVIEWED = "interviewed", _("Interviewed")
    APPROVED = "approved", _("Approved")
    NOT_APPROVED = "not_approved", _("Not approved")
    TRAINED = "trained", _("Trained")
    AVAILABLE = "available", _("Available")
    PAIRED = "paired", _("Paired")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")
    OTHER = "x", _("Other or not stated")


class Volunteer(models.Model):
    state = models.CharField(
        _("state"), max_length=30, choices=VolunteerState.choices, default=VolunteerState.APPLIED
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    slots = models.JSONField(_("weekly availability"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    interests = models.JSONField(_("interests"), default=list)
    means = models.JSONField(_("means of transport"), default=list)
    smoker = models.BooleanField(_("smoker"), default=False)
    accepts_pets = models.BooleanField(_("accepts pets"), default=True)
    accepts_smokers = models.BooleanField(_("accepts an elder who smokes"), default=True)
    preferred_gender = models.CharField(
        _("preferred gender of the elder"), max_length=1, choices=Gender.choices, blank=True
    )
    capacity = models.PositiveSmallIntegerField(_("elders they can follow"), default=1)
    # Counts for TRAMA_VOLUNTEER_TRAINING_VALID_DAYS from this day (a hard rule of matching).
    trained_on = models.DateField(_("training completed on"), null=True, blank=True)
    consent_at = models.DateTimeField(_("privacy notice accepted at"))
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    interview_notes = models.TextField(_("interview notes"), blank=True)
    state_note = models.TextField(_("note on the last change"), blank=True)
    # The volunteer's own access (their pairings, their visits), made when approved.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_record",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class DocumentKind(models.TextChoices):
    CRIMINAL_RECORD = "criminal_record", _("Criminal-record certificate")
    IDENTITY = "identity", _("Identity document")
    INSURANCE = "insurance", _("Insurance")
    OTHER = "other", _("Other")


class VolunteerDocument(models.Model):
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="documents", verbose_name=_("volunteer")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer's document")
        verbose_name_plural = _("volunteers' documents")
        ordering = ["expires_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.volunteer})"


class ElderNeed(models.TextChoices):
    COMPANY = "company", _("Company")
    WALKS = "walks", _("Walks")
    ERRANDS = "errands", _("Errands")
    PHONE_CALLS = "phone_calls", _("Phone calls")
    APPOINTMENTS = "appointments", _("Help with appointments")


class Mobility(models.TextChoices):
    INDEPENDENT = "independent", _("Moves about independently")
    WITH_AID = "with_aid", _("Walks with an aid")
    WHEELCHAIR = "wheelchair", _("Uses a wheelchair")
    HOUSEBOUND = "housebound", _("Does not leave home")


class ElderProfile(models.Model):
    """What matching needs to know of an elder beyond the person's own record (name, birth
    date, sex, municipality, languages spoken stay on `people.Person`, never copied here)."""

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="elder_profile",
        verbose_name=_("person"),
    )
    # The accepted referral to Mi affido a te that made the person eligible.
    referral = models.ForeignKey(
        "casework.Referral",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referral"),
    )
    waiting_since = models.DateField(_("waiting since"))
    slots = models.JSONField(_("weekly availability"), default=list)
    interests = models.JSONField(_("interests"), default=list)
    needs = models.JSONField(_("needs"), default=list)
    mobility = models.CharField(
        _("mobility"), max_length=20, choices=Mobility.choices, default=Mobility.INDEPENDENT
    )
    preferred_gender = models.CharField(
        _("preferred gender of the volunteer"), max_length=1, choices=Gender.choices, blank=True
    )
    has_pets = models.BooleanField(_("has pets"), default=False)
    smoker = models.BooleanField(_("smoker"), default=False)
    accepts_smokers = models.BooleanField(_("accepts a volunteer who smokes"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("elder's profile")
        verbose_name_plural = _("elders' profiles")
        ordering = ["waiting_since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mobility__in=Mobility.values), name="elder_profile_mobility_known"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def log_label(self) -> str:
        """How the access log names the profile: no name, so that erasure leaves no trace."""
        return f"elder profile #{self.pk}"


class MatchingRun(models.Model):
    """One run of the matching over everyone waiting, with the rules it ran under and why
    those left out were left out."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    run_on = models.DateField(_("reference date"))
    max_km = models.PositiveSmallIntegerField(_("maximum distance (km)"))
    training_valid_days = models.PositiveIntegerField(_("days a training counts"))
    weights = models.JSONField(_("weights"), default=dict)
    elders_considered = models.PositiveIntegerField(_("elders considered"), default=0)
    volunteers_considered = models.PositiveIntegerField(_("volunteers considered"), default=0)
    total_score = models.PositiveIntegerField(_("total score"), default=0)
    # [{"elder": pk, "reason": exclusion, "counts": {exclusion: n}}], the binding constraint.
    unmatched_elders = models.JSONField(_("elders left unmatched"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_km__gt=0), name="matching_run_max_km_positive"),
        ]

    def __str__(self) -> str:
        return f"matching run #{self.pk} ({self.run_on})"


class MatchingProposal(models.Model):
    """A pair the run proposes, with its score and the points of each criterion."""

    run = models.ForeignKey(
        MatchingRun, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("run")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="+", verbose_name=_("volunteer")
    )
    elder = models.ForeignKey(
        ElderProfile, on_delete=models.PROTECT, related_name="+", verbose_name=_("elder")
    )
    score = models.PositiveIntegerField(_("score"))
    km = models.DecimalField(_("distance (km)"), max_digits=6, decimal_places=1)
    # [{"criterion": name, "fulfilment": whole percent (days for waiting), "points": n}]
    explanation = models.JSONField(_("explanation"), default=list)

    class Meta:
        verbose_name = _("matching proposal")
        verbose_name_plural = _("matching proposals")
        ordering = ["run", "-score", "pk"]
        constraints = [
            # One volunteer per elder in a run; a volunteer may appear up to their capacity.
            models.UniqueConstraint(
                fields=["run", "elder"], name="matching_proposal_one_per_elder"
            ),
        ]

    def __str__(self) -> str:
        return f"proposal #{self.pk} (run #{self.run_id})"


class PairingState(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("pairing state", "proposed")
    INTRODUCED = "introduced", _("introductory meeting held")
    ACTIVE = "active", pgettext_lazy("pairing state", "active")
    PAUSED = "paused", pgettext_lazy("pairing state", "paused")
    ENDED = "ended", pgettext_lazy("pairing state", "ended")


# A pairing still under way: the elder has their volunteer, the volunteer one of their places.
OPEN_PAIRING_STATES = (
    PairingState.PROPOSED,
    PairingState.INTRODUCED,
    PairingState.ACTIVE,
    PairingState.PAUSED,
)


class Pairing(models.Model):
    """An elder and the volunteer who keeps them company (the affido), from the supervisor's
    choice of a proposed pair to its end."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("volunteer")
    )
    elder = models.ForeignKey(
        ElderProfile, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("elder")
    )
    # The matching proposal it was chosen from, kept for its explanation.
    proposal = models.ForeignKey(
        MatchingProposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("matching proposal"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=PairingState.choices, default=PairingState.PROPOSED
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    introduced_on = models.DateField(_("introductory meeting on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    state_note = models.TextField(_("note on the last change"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # An elder has one volunteer at a time.
            models.UniqueConstraint(
                fields=["elder"],
                condition=~Q(state="ended"),
                name="pairing_one_open_per_elder",
            ),
            models.CheckConstraint(
                condition=~Q(state="ended") | (Q(ended_on__isnull=False) & ~Q(state_note="")),
                name="pairing_ended_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["proposed", "introduced", "active", "paused", "ended"]),
                name="pairing_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"pairing #{self.pk}"


class Visit(models.Model):
    """A visit of the volunteer to the elder of a pairing, logged by the volunteer: what they
    did, and anything worrying (which alerts the supervisors at once). `key` is made by the
    form (or the phone, offline) so the same visit sent twice is recorded once."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, related_name="visits", verbose_name=_("pairing")
    )
    on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    activities = models.TextField(_("what we did"))
    concern = models.TextField(_("anything worrying"), blank=True)
    key = models.UUIDField(_("key"), unique=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=720), name="visit_minutes_in_range"
            )
        ]
        indexes = [models.Index(fields=["pairing", "on"])]

    def __str__(self) -> str:
        return f"{self.pairing} · {self.on}"


class Agreement(models.Model):
    """The three-party agreement (volunteer, elder, social worker) an active pairing rests
    on: objectives, duration, review dates and the monthly expense reimbursement. Never
    edited: each change is a new version; the latest is in force."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("pairing")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    objectives = models.TextField(_("objectives"))
    months = models.PositiveSmallIntegerField(_("duration (months)"))
    review_dates = models.JSONField(_("review dates"), default=list)
    monthly_reimbursement = models.DecimalField(
        _("monthly expense reimbursement"), max_digits=7, decimal_places=2
    )
    social_worker = models.CharField(_("social worker"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pairing", "-version"]
        verbose_name = _("three-party agreement")
        verbose_name_plural = _("three-party agreements")
        constraints = [
            models.UniqueConstraint(fields=["pairing", "version"], name="agreement_version_once"),
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=36), name="agreement_months_in_range"
            ),
            models.CheckConstraint(
                condition=Q(monthly_reimbursement__gte=0),
                name="agreement_reimbursement_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pairing} · v{self.version}"


class PairingReview(models.Model):
    """The supervisor's periodic review of a pairing, at the dates of its agreement."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("pairing")
    )
    on = models.DateField(_("date"))
    notes = models.TextField(_("how it is going"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("pairing review")
        verbose_name_plural = _("pairing reviews")

    def __str__(self) -> str:
        return f"{self.pairing} · {self.on}"
