from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    istat_code = models.CharField(_("ISTAT code"), max_length=6, unique=True)
    cadastral_code = models.CharField(_("cadastral code"), max_length=4, blank=True)
    name = models.CharField(_("name"), max_length=100)
    province = models.CharField(_("province"), max_length=2)
    region = models.CharField(_("region"), max_length=50)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(_("source of the population"), max_length=300, blank=True)
    in_consortium = models.BooleanField(_("member of the consortium"), default=True)
    # The centroid stands in for a home's position where no address is geocoded (matching's
    # distances); reference_data/municipality_centroids.csv, with its source.
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    centroid_source = models.CharField(_("source of the centroid"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(istat_code__regex=r"^[0-9]{6}$"), name="municipality_istat_six_digits"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="municipality_centroid_both_and_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def centroid(self) -> tuple[float, float] | None:
        """(latitude, longitude) in degrees, or None when not known."""
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)


class HubKind(models.TextChoices):
    ANCORE_SPACE = "ancore_space", _("Spazio AnCoRe")
    SOCIAL_GROCERY = "social_grocery", _("Social grocery (emporio solidale)")
    OFFICE = "office", _("Office of the consortium")
    ATC_BUILDING = "atc_building", _("ATC building")
    OTHER = "other", _("Other place")


class Hub(models.Model):
    """A place where the consortium and its partners meet people (presidio territoriale)."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=HubKind.choices)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="hubs", verbose_name=_("municipality")
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="hub_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name
