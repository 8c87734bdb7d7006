"""Calls (avvisi) under art. 55 of the Codice del Terzo Settore: the notice, questions and
answers, proposals by ETS with partners and budget, the evaluation committee and its scores,
the co-design table and the agreement that turns the result into a project.

The two state machines (call, proposal) are in `workflows.py`; every write is a service.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trama.organizations.models import ActivitySector, Organization
from trama.projects.models import PartnerRole, Project, TargetGroup
from trama.territory.models import Municipality

ZERO = Decimal("0")


class CallKind(models.TextChoices):
    CO_PROGRAMMING = "co_programming", _("Co-programming")
    CO_DESIGN = "co_design", _("Co-design")
    GRANT = "grant", _("Grants")


class CallState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("state of a call", "Draft")
    PUBLISHED = "published", pgettext_lazy("state of a call", "Published")
    CLOSED = "closed", pgettext_lazy("state of a call", "Closed")
    EVALUATION = "evaluation", pgettext_lazy("state of a call", "Under evaluation")
    RANKED = "ranked", pgettext_lazy("state of a call", "Ranked")
    CO_DESIGN = "co_design", pgettext_lazy("state of a call", "In co-design")
    CONCLUDED = "concluded", pgettext_lazy("state of a call", "Concluded")
    CANCELLED = "cancelled", pgettext_lazy("state of a call", "Cancelled")


class ScoreAggregate(models.TextChoices):
    """How the committee's score of a criterion comes from the evaluators' scores."""

    MEAN = "mean", _("Mean of the evaluators' scores")
    MEDIAN = "median", _("Median of the evaluators' scores")


class TieBreak(models.TextChoices):
    """Which proposal comes first when two committee totals are equal."""

    FIRST_CRITERION = "first_criterion", _("Higher score on the first criterion, then the next")
    HIGHER_COFUNDING = "higher_cofunding", _("Higher co-funding share")
    EARLIER_SUBMISSION = "earlier_submission", _("Earlier submission")


class Call(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    purpose = models.TextField(_("purpose"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("target groups")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities")
    )
    budget_available = models.DecimalField(
        _("budget available (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    min_cofunding_percent = models.DecimalField(
        _("minimum co-funding (% of the total)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        help_text=_("Share of each proposal's total that the applicants must bring."),
    )
    volunteer_hour_rate = models.DecimalField(
        _("value of one volunteer hour (€)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("16.00"),
        help_text=_("Volunteer hours offered as co-funding are valued at this hourly rate."),
    )
    # Requirements for applicants, checked against the organisation's record
    # (`requirements.py`).
    requires_runts = models.BooleanField(_("must be registered in the RUNTS"), default=True)
    required_sectors = models.ManyToManyField(
        ActivitySector,
        blank=True,
        related_name="+",
        verbose_name=_("sectors of activity (at least one)"),
    )
    requires_local_presence = models.BooleanField(
        _("must have its seat or activity in the consortium's municipalities"), default=True
    )
    admission_threshold = models.DecimalField(
        _("admission threshold (points)"),
        max_digits=7,
        decimal_places=2,
        default=ZERO,
        help_text=_("Proposals below this committee total are not selected."),
    )
    score_aggregate = models.CharField(
        _("committee score"),
        max_length=10,
        choices=ScoreAggregate.choices,
        default=ScoreAggregate.MEAN,
    )
    tie_break = models.CharField(
        _("tie-break rule"),
        max_length=20,
        choices=TieBreak.choices,
        default=TieBreak.FIRST_CRITERION,
    )
    # Timeline. Deadlines are instants (stored in UTC, shown and entered in Europe/Rome).
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    questions_deadline = models.DateTimeField(_("deadline for questions"))
    proposals_deadline = models.DateTimeField(_("deadline for proposals"))
    evaluation_by = models.DateField(_("evaluation by"), null=True, blank=True)
    codesign_by = models.DateField(_("co-design by"), null=True, blank=True)
    agreement_by = models.DateField(_("agreement by"), null=True, blank=True)

    state = models.CharField(
        _("state"), max_length=20, choices=CallState.choices, default=CallState.DRAFT
    )
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    previous_cycle = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_cycles",
        verbose_name=_("previous cycle"),
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-proposals_deadline", "title"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_available__gte=0), name="call_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(min_cofunding_percent__gte=0) & Q(min_cofunding_percent__lte=100),
                name="call_cofunding_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(volunteer_hour_rate__gte=0), name="call_hour_rate_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(questions_deadline__lte=F("proposals_deadline")),
                name="call_questions_before_proposals",
            ),
        ]
        indexes = [models.Index(fields=["state", "proposals_deadline"])]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    NOTICE = "notice", _("Notice")
    ANNEX = "annex", _("Annex")
    RANKING = "ranking", _("Ranking")
    MINUTES = "minutes", _("Minutes")
    AGREEMENT = "agreement", _("Agreement")


class StoredPdf(models.Model):
    """What every uploaded PDF keeps beside its file (`file`, declared by each model with
    its own folder): its title, size and SHA-256, who uploaded it and when."""

    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class CallDocument(StoredPdf):
    """A public document of the call (notice, annexes, published acts): PDF only."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file (PDF)"), upload_to="calls/documents/%Y/")

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what is assessed"), blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1"))

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question about the call. The answer is published to everyone, without the asker."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["call", "asked_at"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="question_answered_has_text",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ProposalState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("state of a proposal", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("state of a proposal", "Submitted")
    ADMISSIBLE = "admissible", pgettext_lazy("state of a proposal", "Admissible")
    NOT_ADMISSIBLE = "not_admissible", pgettext_lazy("state of a proposal", "Not admissible")
    EVALUATED = "evaluated", pgettext_lazy("state of a proposal", "Evaluated")
    SELECTED = "selected", pgettext_lazy("state of a proposal", "Selected")
    NOT_SELECTED = "not_selected", pgettext_lazy("state of a proposal", "Not selected")
    IN_CODESIGN = "in_codesign", pgettext_lazy("state of a proposal", "In co-design")
    AGREED = "agreed", pgettext_lazy("state of a proposal", "Agreed")
    WITHDRAWN = "withdrawn", pgettext_lazy("state of a proposal", "Withdrawn")


class Proposal(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals")
    lead = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="led_proposals",
        verbose_name=_("lead organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("target groups")
    )
    expected_beneficiaries = models.PositiveIntegerField(_("expected beneficiaries"), default=0)
    total_budget = models.DecimalField(
        _("total budget (€)"), max_digits=12, decimal_places=2, default=ZERO
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    # Set once, on submission: the frozen content (what was submitted, as JSON), the
    # instant decided by the server, and the SHA-256 of the content and attachments.
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    submitted_content = models.JSONField(_("submitted content"), null=True, blank=True)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, blank=True)
    admissibility_note = models.TextField(_("admissibility note"), blank=True)
    # The committee's result (ranking service).
    committee_score = models.DecimalField(
        _("committee score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["call", "rank", "title"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "lead"],
                condition=~Q(state="withdrawn"),
                name="proposal_one_per_lead_and_call",
            ),
            models.CheckConstraint(
                condition=Q(total_budget__gte=0), name="proposal_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(state="withdrawn") | Q(submitted_at__isnull=False),
                name="proposal_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self) -> str:
        return self.title


class ProposalPartner(models.Model):
    """Another organisation taking part; it confirms its participation itself."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="proposal_partnerships"
    )
    role = models.CharField(_("role in the proposal"), max_length=200)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["proposal", "organization__name"]
        verbose_name = _("proposal partner")
        verbose_name_plural = _("proposal partners")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"], name="proposal_partner_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.role}"


class ProposalActivity(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group"),
    )
    expected_number = models.PositiveIntegerField(_("expected number of people"), default=0)

    class Meta:
        ordering = ["proposal", "position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class ProposalIndicator(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """One cost of the proposal and who pays it: the consortium, or the applicants as
    co-funding in cash, in kind, or in volunteer hours valued at the call's hourly rate.
    The shares must add up to the line's amount (checked by the service)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("cost item"), max_length=200)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    consortium_share = models.DecimalField(
        _("consortium's share (€)"), max_digits=12, decimal_places=2, default=ZERO
    )
    cofunding_cash = models.DecimalField(
        _("co-funding in cash (€)"), max_digits=12, decimal_places=2, default=ZERO
    )
    cofunding_in_kind = models.DecimalField(
        _("co-funding in kind (€)"), max_digits=12, decimal_places=2, default=ZERO
    )
    volunteer_hours = models.DecimalField(
        _("volunteer hours"), max_digits=9, decimal_places=2, default=ZERO
    )

    class Meta:
        ordering = ["proposal", "position", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & Q(consortium_share__gte=0)
                & Q(cofunding_cash__gte=0)
                & Q(cofunding_in_kind__gte=0)
                & Q(volunteer_hours__gte=0),
                name="budget_line_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount} €"


class ProposalAttachment(StoredPdf):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file (PDF)"), upload_to="calls/proposals/%Y/")

    class Meta:
        ordering = ["proposal", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class CommitteeRole(models.TextChoices):
    PRESIDENT = "president", _("President")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary (does not score)")


class CommitteeMember(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_seats"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "role", "user__last_name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="committee_member_once"),
            models.UniqueConstraint(
                fields=["call"], condition=Q(role="president"), name="committee_one_president"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class ConflictDeclaration(models.Model):
    """An evaluator's declaration about one proposal's applicants, made before seeing it.
    A declared conflict hides the proposal from that evaluator for good."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(_("declared on"))

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "evaluator"], name="conflict_declared_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} / {self.proposal}"


class Score(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    justification = models.TextField(_("justification"))
    scored_at = models.DateTimeField(_("scored on"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "criterion", "evaluator"], name="score_once_per_evaluator"
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
            models.CheckConstraint(condition=~Q(justification=""), name="score_justified"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} / {self.criterion}: {self.points}"


class CodesignSession(models.Model):
    """A meeting of the co-design table of a call, with the selected proposals' applicants."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="codesign_sessions")
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "held_at"]
        verbose_name = _("co-design session")
        verbose_name_plural = _("co-design sessions")

    def __str__(self) -> str:
        return f"{self.call} – {self.held_at:%Y-%m-%d}"


class CodesignParticipant(models.Model):
    session = models.ForeignKey(
        CodesignSession, on_delete=models.CASCADE, related_name="participants"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    invited = models.BooleanField(_("invited"), default=True)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["session", "name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name


class DocumentVersion(models.Model):
    """One version of the shared project document of a call's co-design table."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="document_versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="document_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class Agreement(models.Model):
    """The convenzione that closes the co-design: it creates or updates a project."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="agreement")
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("project")
    )
    signed_on = models.DateField(_("signed on"))
    budget = models.DecimalField(_("agreed budget (€)"), max_digits=12, decimal_places=2)
    summary = models.TextField(_("summary of the agreement"))
    document_version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed version of the project document"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="agreement_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} → {self.project}"


class AgreementPartner(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    budget_share = models.DecimalField(
        _("budget share (€)"), max_digits=12, decimal_places=2, default=ZERO
    )

    class Meta:
        ordering = ["agreement", "role"]
        verbose_name = _("party to the agreement")
        verbose_name_plural = _("parties to the agreement")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"], name="agreement_partner_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.get_role_display()}"
