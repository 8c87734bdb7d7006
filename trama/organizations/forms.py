from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trama.organizations.models import (
    ActivitySector,
    LegalForm,
    Organization,
    OrganizationKind,
    RuntsSection,
)
from trama.organizations.selectors import OrganizationFilters
from trama.organizations.services import SCALAR_FIELDS
from trama.organizations.validation import validate_organization
from trama.territory.selectors import municipality_list


def _blank_choice(choices, label) -> list[tuple[str, str]]:
    return [("", label), *choices]


class OrganizationFilterForm(forms.Form):
    """The list's search and filters, also kept by the export links."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Name (accents do not matter), or exact codice fiscale / partita IVA."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=_blank_choice(OrganizationKind.choices, _("All kinds")),
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"),
        required=False,
        choices=_blank_choice(LegalForm.choices, _("All legal forms")),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector of activity"),
        required=False,
        queryset=ActivitySector.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("All sectors"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality (seat or served)"),
        required=False,
        queryset=municipality_list().order_by("name"),
        empty_label=_("All municipalities"),
    )
    runts_section = forms.ModelChoiceField(
        label=_("RUNTS section"),
        required=False,
        queryset=RuntsSection.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("All sections"),
    )

    def to_filters(self) -> OrganizationFilters:
        """The valid filters; a value that is not understood is left out (and shown as an error)."""
        self.is_valid()  # cleaned_data then holds only the fields that are valid
        data = self.cleaned_data
        return OrganizationFilters(
            search=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            legal_form=data.get("legal_form") or "",
            sector=data["sector"].code if data.get("sector") else "",
            municipality_id=data["municipality"].pk if data.get("municipality") else None,
            runts_section=data["runts_section"].code if data.get("runts_section") else "",
        )


class OrganizationForm(forms.Form):
    """Create or edit an organisation. The view hands the cleaned data to the services."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=OrganizationKind.choices, initial=OrganizationKind.ETS
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=_blank_choice(LegalForm.choices, "—")
    )
    fiscal_code = forms.CharField(
        label=_("Codice fiscale"),
        max_length=20,
        required=False,
        help_text=_("11 digits for an entity, or 16 characters for a sole trader."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    vat_number = forms.CharField(
        label=_("Partita IVA"),
        max_length=13,
        required=False,
        help_text=_("11 digits, if the organisation has one."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    runts_section = forms.ModelChoiceField(
        label=_("RUNTS section"),
        required=False,
        queryset=RuntsSection.objects.order_by("code"),
        empty_label=_("Not registered in the RUNTS"),
    )
    runts_number = forms.CharField(label=_("RUNTS number"), max_length=30, required=False)
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^[0-9]{5}$",
        required=False,
        error_messages={"invalid": _("The postcode (CAP) has 5 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Seat (municipality of the consortium)"),
        required=False,
        queryset=municipality_list().order_by("name"),
        empty_label=_("Outside the consortium"),
    )
    city = forms.CharField(
        label=_("City (seat outside the consortium)"), max_length=100, required=False
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    pec = forms.EmailField(label=_("PEC (certified e-mail)"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors of activity (art. 5 of the Codice del Terzo Settore)"),
        required=False,
        queryset=ActivitySector.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities_served = forms.ModelMultipleChoiceField(
        label=_("Municipalities served"),
        required=False,
        queryset=municipality_list().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    is_demo = forms.BooleanField(
        label=_("Demo data (the identifiers are not the real ones)"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, organization: Organization | None = None, can_flag_demo: bool = False, **kwargs
    ):
        if organization is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(organization)
        super().__init__(*args, **kwargs)
        if not can_flag_demo:
            del self.fields["is_demo"]
        if organization is None:
            del self.fields["version"]
        else:
            self.fields["version"].required = True

    def clean(self):
        # The services' own rules (validation.py), run here too so that the form shows every
        # mistake at once; only the duplicate codice fiscale is left to the service.
        cleaned = super().clean()
        candidate = Organization(
            **{name: cleaned[name] for name in SCALAR_FIELDS if name in cleaned}
        )
        try:
            validate_organization(candidate, exclude_pk=None, check_registry=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in self.errors:  # the field's own check has already said it
                    self.add_error(field if field in self.fields else None, messages)
        for field in ("fiscal_code", "vat_number"):
            if field in cleaned:
                cleaned[field] = getattr(candidate, field)  # compact, as validation leaves them
        return cleaned

    def service_arguments(self) -> dict[str, object]:
        """The cleaned data as the services take it (without the version)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def initial_from(organization: Organization) -> dict[str, object]:
    return {
        **{name: getattr(organization, name) for name in (*SCALAR_FIELDS, "version")},
        "sectors": list(organization.sectors.all()),
        "municipalities_served": list(organization.municipalities_served.all()),
    }


class OrganizationImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "CSV separated by “;” or “,” (UTF-8, or Windows-1252 as Excel saves it), or an "
            "Excel XLSX workbook (first sheet)."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
