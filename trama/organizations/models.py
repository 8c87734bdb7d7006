from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trama.territory.models import Municipality


class ActivitySector(models.Model):
    """Activities of general interest, art. 5 c. 1 of the Codice del Terzo Settore (a–z)."""

    code = models.CharField(_("letter"), max_length=2, unique=True)
    label = models.CharField(_("activity"), max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector of activity")
        verbose_name_plural = _("sectors of activity")

    def __str__(self) -> str:
        return f"{self.code}) {self.label}"


class RuntsSection(models.Model):
    """The seven sections of the national register of the third sector (art. 46 CTS)."""

    code = models.CharField(_("letter"), max_length=1, unique=True)
    label = models.CharField(_("section"), max_length=100)
    acronym = models.CharField(_("acronym"), max_length=10, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("RUNTS section")
        verbose_name_plural = _("RUNTS sections")

    def __str__(self) -> str:
        return f"{self.label} ({self.acronym})" if self.acronym else self.label


class OrganizationKind(models.TextChoices):
    ETS = "ets", _("Third-sector entity (ETS)")
    PUBLIC_BODY = "public_body", _("Public body")
    FUNDER = "funder", _("Funder (foundation)")
    OTHER = "other", _("Other organisation")


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    VOLUNTEER_ORG = "odv", _("Volunteer organisation (ODV)")
    SOCIAL_PROMOTION = "aps", _("Social promotion association (APS)")
    SOCIAL_COOPERATIVE = "social_coop", _("Social cooperative")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    FOUNDATION = "foundation", _("Foundation")
    MUTUAL_AID = "mutual_aid", _("Mutual aid society")
    INFORMAL_GROUP = "informal_group", _("Informal community group")
    MUNICIPALITY = "municipality", _("Municipality (Comune)")
    CONSORTIUM = "consortium", _("Consortium of municipalities")
    HEALTH_AUTHORITY = "health_authority", _("Local health authority (ASL)")
    HOUSING_AGENCY = "housing_agency", _("Housing agency (ATC)")
    METROPOLITAN_CITY = "metropolitan_city", _("Metropolitan city")
    OTHER = "other", _("Other")


class Organization(models.Model):
    """An ETS or a public body of the consortium's network."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.ETS
    )
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    fiscal_code = models.CharField(_("codice fiscale"), max_length=16, blank=True)
    vat_number = models.CharField(_("partita IVA"), max_length=11, blank=True)
    runts_section = models.ForeignKey(
        RuntsSection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("RUNTS section"),
    )
    runts_number = models.CharField(_("RUNTS number"), max_length=30, blank=True)
    sectors = models.ManyToManyField(
        ActivitySector, blank=True, verbose_name=_("sectors of activity")
    )
    municipalities_served = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="organizations_serving",
        verbose_name=_("municipalities served"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations_seated",
        verbose_name=_("seat (municipality)"),
    )
    city = models.CharField(_("city (outside the consortium)"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("PEC (certified e-mail)"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Identifiers generated for the demo: not the real ones."),
    )
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_code"],
                condition=~Q(fiscal_code=""),
                name="organization_unique_fiscal_code",
            ),
            models.CheckConstraint(
                condition=Q(runts_number="") | Q(runts_section__isnull=False),
                name="organization_runts_number_needs_section",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_code="") | Q(fiscal_code__regex=r"^([0-9]{11}|[A-Z0-9]{16})$"),
                name="organization_fiscal_code_shape",
            ),
            models.CheckConstraint(
                condition=Q(vat_number="") | Q(vat_number__regex=r"^[0-9]{11}$"),
                name="organization_vat_number_shape",
            ),
        ]
        indexes = [models.Index(fields=["kind", "legal_form"])]

    def __str__(self) -> str:
        return self.name
