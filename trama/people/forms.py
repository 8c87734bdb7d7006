from django import forms
from django.utils.translation import gettext_lazy as _

from trama.people.models import (
    ConsentPurpose,
    FamilyNetwork,
    Housing,
    OpenPurpose,
    PrivacyNotice,
    Relationship,
    Sex,
)
from trama.people.selectors import PersonFilters
from trama.people.services import PERSON_FIELDS
from trama.people.widgets import NamedModelChoiceField
from trama.territory.models import Hub
from trama.territory.selectors import municipality_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _municipalities():
    return municipality_list().order_by("name")


def _only_hub(hubs) -> int | None:
    """The hub to preselect: the user's only one, if they have just one."""
    first_two = list(hubs.values_list("pk", flat=True)[:2])
    return first_two[0] if len(first_two) == 1 else None


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_(
            "Name and surname in any order (accents, apostrophes and spaces do not matter), "
            "or exact codice fiscale."
        ),
    )
    municipality = NamedModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=_municipalities(),
        empty_label=_("All municipalities"),
    )
    hub = NamedModelChoiceField(
        label=_("Reference hub"),
        required=False,
        queryset=Hub.objects.order_by("name"),
        empty_label=_("All hubs"),
    )

    def __init__(self, *args, hubs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if hubs is not None:
            self.fields["hub"].queryset = hubs

    def to_filters(self) -> PersonFilters:
        self.is_valid()
        data = self.cleaned_data
        return PersonFilters(
            search=(data.get("q") or "").strip(),
            municipality_id=data["municipality"].pk if data.get("municipality") else None,
            hub_id=data["hub"].pk if data.get("hub") else None,
        )


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("Not declared")), *Sex.choices]
    )
    fiscal_code = forms.CharField(
        label=_("Codice fiscale"),
        max_length=20,
        required=False,
        help_text=_("Leave it empty if the person does not have it or does not know it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    confirm_mismatch = forms.BooleanField(
        label=_("I have checked: the codice fiscale, birth date and sex are right as they are."),
        required=False,
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    municipality = NamedModelChoiceField(
        label=_("Municipality of residence"),
        required=False,
        queryset=_municipalities(),
        empty_label=_("Outside the consortium or not known"),
    )
    citizenship = forms.CharField(label=_("Citizenship"), max_length=100, required=False)
    languages = forms.CharField(label=_("Languages spoken"), max_length=200, required=False)
    lives_alone = forms.NullBooleanField(label=_("Lives alone"), required=False)
    family_network = forms.ChoiceField(
        label=_("Family network"), choices=FamilyNetwork.choices, initial=FamilyNetwork.UNKNOWN
    )
    in_charge_uvg = forms.NullBooleanField(
        label=_("In charge of the UVG (geriatric evaluation unit)"), required=False
    )
    other_services = forms.CharField(
        label=_("Other services in charge"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reference_hub = NamedModelChoiceField(
        label=_("Reference hub"), queryset=Hub.objects.none(), empty_label="—"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, hubs, person=None, **kwargs):
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(person, f) for f in (*PERSON_FIELDS, "version")}
        super().__init__(*args, **kwargs)
        self.fields["reference_hub"].queryset = hubs
        if person is None:
            del self.fields["version"]
            self.fields["reference_hub"].initial = _only_hub(hubs)
        else:
            self.fields["version"].required = True

    def service_arguments(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "confirm_mismatch")
        }


class OpenForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Why are you opening this record?"),
        choices=[("", "—"), *OpenPurpose.choices],
    )
    note = forms.CharField(
        label=_("Details"),
        max_length=200,
        required=False,
        help_text=_("Required when the purpose is “Other”."),
    )


class BreakGlassForm(forms.Form):
    fiscal_code = forms.CharField(label=_("Codice fiscale"), max_length=20, required=False)
    number = forms.IntegerField(
        label=_("Record number"), required=False, min_value=1, max_value=2**31 - 1
    )
    reason = forms.CharField(
        label=_("Why do you need this record, outside your hubs?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_("The access is logged and reported to the data protection officer."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("fiscal_code") and not cleaned.get("number"):
            raise forms.ValidationError(_("Give the codice fiscale or the record number."))
        return cleaned


class HouseholdForm(forms.Form):
    label = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For example: Rossi family, Via Roma 1.")
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=_municipalities(),
        empty_label=_("Outside the consortium or not known"),
    )
    housing = forms.ChoiceField(label=_("Housing"), choices=Housing.choices, initial="unknown")
    reference_hub = forms.ModelChoiceField(
        label=_("Reference hub"), queryset=Hub.objects.none(), empty_label="—"
    )

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference_hub"].queryset = hubs


class MemberForm(forms.Form):
    number = forms.IntegerField(label=_("Person's record number"), min_value=1, max_value=2**31 - 1)
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=[("", "—"), *Relationship.choices]
    )


class IseeForm(forms.Form):
    value = forms.DecimalField(
        label=_("ISEE value (€)"), max_digits=10, decimal_places=2, min_value=None
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    expires_on = forms.DateField(
        label=_("Valid until (inclusive)"),
        widget=DATE,
        help_text=_(
            "The last day the ISEE is valid, as printed on it: usually 31 December of the "
            "year the DSU was filed."
        ),
    )


class ConsentForm(forms.Form):
    notice = forms.ModelChoiceField(
        label=_("Privacy notice"), queryset=PrivacyNotice.objects.order_by("-valid_from")
    )
    purpose = forms.ChoiceField(
        label=_("Consent for"), choices=[("", "—"), *ConsentPurpose.choices]
    )


class NoticeForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the erasure"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_(
            "For example the date and channel of the person's request. It is kept in the "
            "access log for good: do not write the person's name."
        ),
    )
