"""Mi affido a te: the volunteers (affidatari) and their documents (DESIGN.md §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
    preferred_gender = models.CharField(
        _("preferred gender of the elder"), max_length=1, choices=Gender.choices, blank=True
    )
    capacity = models.PositiveSmallIntegerField(_("elders they can follow"), default=1)
    consent_at = models.DateTimeField(_("privacy notice accepted at"))
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    interview_notes = models.TextField(_("interview notes"), blank=True)
    state_note = models.TextField(_("note on the last change"), blank=True)
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
