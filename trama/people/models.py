"""Persons, households, ISEE, privacy notices and consents: the sensitive core (issue 4)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trama.territory.models import Hub, Municipality

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class FamilyNetwork(models.TextChoices):
    STRONG = "strong", _("Strong")
    WEAK = "weak", _("Weak")
    NONE = "none", _("None")
    UNKNOWN = "unknown", _("Not known")


class Person(models.Model):
    """A person followed by the consortium. The codice fiscale is optional: many fragile people
    arrive without one; when given it is valid and unique."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    fiscal_code = models.CharField(_("codice fiscale"), max_length=16, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality of residence"),
    )
    citizenship = models.CharField(_("citizenship"), max_length=100, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    lives_alone = models.BooleanField(_("lives alone"), null=True, blank=True)
    family_network = models.CharField(
        _("family network"),
        max_length=10,
        choices=FamilyNetwork.choices,
        default=FamilyNetwork.UNKNOWN,
    )
    in_charge_uvg = models.BooleanField(
        _("in charge of the UVG (geriatric evaluation unit)"), null=True, blank=True
    )
    other_services = models.TextField(_("other services in charge"), blank=True)
    reference_hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reference hub"),
    )
    search_name = models.CharField(max_length=700, editable=False, db_index=True)
    anonymized_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Every change kept (DESIGN.md §4); erasure scrubs these rows too (people/privacy.py).
    # The version is saved as an F() expression, and the search key derives from the names.
    history = HistoricalRecords(excluded_fields=["version", "search_name"])

    class Meta:
        ordering = ["search_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_code"],
                condition=~Q(fiscal_code=""),
                name="person_unique_fiscal_code",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_code="") | Q(fiscal_code__regex=r"^([A-Z0-9]{16}|[0-9]{11})$"),
                name="person_fiscal_code_shape",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_date__gte=EARLIEST_BIRTH_DATE),
                name="person_birth_date_after_1900",
            ),
        ]
        indexes = [models.Index(fields=["reference_hub", "search_name"])]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def log_label(self) -> str:
        """How the access log names the person: no name, so that erasure leaves no trace."""
        return f"person #{self.pk}"


class Housing(models.TextChoices):
    ATC_TENANT = "atc_tenant", _("ATC (public housing) tenant")
    PRIVATE_RENT = "private_rent", _("Private rent")
    OWNER = "owner", _("Owner")
    HOSTED = "hosted", _("Hosted by relatives or friends")
    SHELTER = "shelter", _("Shelter or emergency housing")
    HOMELESS = "homeless", _("No home")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Household(models.Model):
    """A nucleo familiare: who lives together, their ISEE and their housing."""

    label = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    housing = models.CharField(
        _("housing"), max_length=20, choices=Housing.choices, default=Housing.UNKNOWN
    )
    reference_hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="+", verbose_name=_("reference hub")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["label", "id"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.label

    @property
    def log_label(self) -> str:
        return f"household #{self.pk}"


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse or civil partner")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    COHABITANT = "cohabitant", _("Cohabitant, not related")


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["household", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="household_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"


class IseeDeclaration(models.Model):
    """An ISEE certificate of a household: its value, when it was issued, and `expires_on`,
    the last day it is valid, inclusive, as printed on the DSU (usually 31 December of the
    year it was filed; docs/decisions/0006-isee-validity-inclusive.md)."""

    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="isee_declarations",
        verbose_name=_("household"),
    )
    value = models.DecimalField(_("ISEE value (€)"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("ISEE declaration")
        verbose_name_plural = _("ISEE declarations")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="isee_value_not_negative"),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="isee_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"ISEE {self.value} ({self.issued_on})"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.issued_on <= day <= self.expires_on


class PrivacyNotice(models.Model):
    """A version of the privacy notice (informativa) that people acknowledge."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class ConsentPurpose(models.TextChoices):
    NOTICE = "notice", _("Privacy notice acknowledged")
    SENSITIVE_DATA = "sensitive_data", _("Processing of special-category data")
    SHARING = "sharing", _("Sharing with the network's organisations")
    CONTACT = "contact", _("Being contacted about projects and activities")


class Consent(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("privacy notice"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField(_("given on"))
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
            models.UniqueConstraint(
                fields=["person", "notice", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.notice.version}"


class OpenPurpose(models.TextChoices):
    """Why a person's record is opened (written to the access log)."""

    LISTENING = "listening", _("Listening session")
    FOLLOW_UP = "follow_up", _("Follow-up of the person's path")
    REFERRAL = "referral", _("Referral to a service or organisation")
    ELIGIBILITY = "eligibility", _("Checking eligibility for a project or benefit")
    UPDATE = "update", _("Updating the person's data")
    DATA_SUBJECT_REQUEST = "data_subject_request", _("Data-subject request")
    OTHER = "other", _("Other (explain)")
