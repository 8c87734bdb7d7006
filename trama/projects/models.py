from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from trama.eligibility.rules import rule_from_dict
from trama.organizations.models import Organization
from trama.territory.models import Hub, Municipality


class TargetGroup(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    label = models.CharField(_("label"), max_length=150)
    label_en = models.CharField(_("label (English)"), max_length=150, blank=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.label


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CO_DESIGN = "co_design", _("In co-design")
    ACTIVE = "active", _("Active")
    CONCLUDED = "concluded", _("Concluded")


class Project(models.Model):
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    summary = models.CharField(_("summary"), max_length=400)
    summary_en = models.CharField(_("summary (English)"), max_length=400, blank=True)
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description (English)"), blank=True)
    eligibility = models.TextField(_("who can benefit"), blank=True)
    eligibility_en = models.TextField(_("who can benefit (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("target groups"))
    municipalities = models.ManyToManyField(
        Municipality, blank=True, verbose_name=_("municipalities")
    )
    hubs = models.ManyToManyField(Hub, blank=True, verbose_name=_("hubs"))
    website = models.URLField(_("website"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    position = models.PositiveSmallIntegerField(_("order in the catalog"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def localized(self, field: str, language: str) -> str:
        """The English text when the page is in English and one exists, else the Italian."""
        if language == "en":
            return getattr(self, f"{field}_en", "") or getattr(self, field)
        return getattr(self, field)


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MANAGER = "manager", _("Runs the activities")
    PARTNER = "partner", _("Partner")
    NETWORK = "network", _("Member of the network")
    FUNDER = "funder", _("Funder")
    INSTITUTION = "institution", _("Institutional partner")


class ProjectPartner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="project_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["role", "organization__name"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization", "role"], name="project_partner_unique_role"
            ),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead"), name="project_single_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.get_role_display()}"


class FundingSource(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_sources")
    name = models.CharField(_("call or programme"), max_length=200)
    funder = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("funder")
    )
    amount = models.DecimalField(
        _("amount (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="funding_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service a project offers. `nomenclature_code` codes it to the national Nomenclatore
    of social services where one fits (left empty otherwise)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    nomenclature_code = models.CharField(_("Nomenclatore code"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class ProjectEligibility(models.Model):
    """A project's access rules, kept as data: the JSON of `trama.eligibility.rules`.

    One row per project that has rules; no row means the project has none. The rule is written
    only by `services.project_eligibility_set`, which validates it with the engine first, so a
    stored rule always rebuilds (`rule_from_dict`)."""

    project = models.OneToOneField(
        Project,
        on_delete=models.CASCADE,
        related_name="eligibility_rule",
        verbose_name=_("project"),
    )
    rule = models.JSONField(_("access rules"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("access rules of a project")
        verbose_name_plural = _("access rules of projects")

    def __str__(self) -> str:
        return f"{self.project}: {self.rule.get('kind', '?')}"

    def as_rule(self):
        """The stored rule as an engine `Rule` (RuleError if someone edited the JSON badly)."""
        return rule_from_dict(self.rule)


class ProjectIndicator(models.Model):
    """An indicator the project commits to, with its target (e.g. agreed in a call's
    agreement)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="project_indicator_once"),
        ]

    def __str__(self) -> str:
        return self.name
