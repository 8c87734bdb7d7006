from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trama.food.models import Category, DateKind, Storage
from trama.people.widgets import NamedModelChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KILOS = {"min": "0", "step": "0.001", "inputmode": "decimal"}


class StockFilterForm(forms.Form):
    hub = NamedModelChoiceField(
        label=_("Social grocery"), queryset=None, required=False, empty_label=_("All my hubs")
    )

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs


class DonationForm(forms.Form):
    """A donation with its first lot; the service checks the rules."""

    donor = forms.ModelChoiceField(label=_("Donor"), queryset=None)
    hub = NamedModelChoiceField(label=_("Social grocery"), queryset=None)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    transport_document = forms.CharField(label=_("Transport document number"), max_length=50)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(label=_("Description"), max_length=150, required=False)
    storage = forms.ChoiceField(label=_("Storage"), choices=Storage.choices)
    date_kind = forms.ChoiceField(label=_("Date kind"), choices=DateKind.choices)
    expires_on = forms.DateField(label=_("Expiry date"), widget=DATE)
    weight_kg = forms.DecimalField(
        label=_("Weight (kg)"),
        required=False,
        max_digits=10,
        decimal_places=3,
        widget=forms.NumberInput(attrs=KILOS),
        help_text=_("Or give the pieces and the weight of one piece."),
    )
    pieces = forms.IntegerField(label=_("Pieces"), required=False, min_value=1)
    unit_weight_kg = forms.DecimalField(
        label=_("Weight of one piece (kg)"),
        required=False,
        max_digits=10,
        decimal_places=3,
        widget=forms.NumberInput(attrs=KILOS),
    )

    def __init__(self, *args, hubs, donors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        self.fields["donor"].queryset = donors
        self.fields["received_on"].initial = timezone.localdate()
