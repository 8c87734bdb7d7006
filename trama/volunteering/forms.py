from django import forms
from django.utils.translation import gettext_lazy as _

from trama.territory.models import Municipality
from trama.volunteering.models import DAYS, PARTS

DAY_LABELS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
PART_LABELS = {"am": _("morning"), "pm": _("afternoon"), "eve": _("evening")}
SLOT_CHOICES = [
    (f"{day}-{part}", f"{DAY_LABELS[day]}, {PART_LABELS[part]}") for day in DAYS for part in PARTS
]


def _list(text: str) -> list[str]:
    return [word for word in text.split(",") if word.strip()]


class ApplicationForm(forms.Form):
    """Only the shape of the input: the rules (and their Italian messages) are the service's."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(in_consortium=True).order_by("name"),
        required=False,
    )
    slots = forms.MultipleChoiceField(
        label=_("When you are available"),
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.CharField(label=_("Languages you speak (comma separated)"), required=False)
    interests = forms.CharField(label=_("Interests (comma separated)"), required=False)
    capacity = forms.TypedChoiceField(
        label=_("How many elders you can follow"),
        choices=[(n, n) for n in range(1, 6)],
        coerce=int,
        initial=1,
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and accept it"), required=False
    )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["languages"] = _list(data["languages"])
        data["interests"] = _list(data["interests"])
        return data


class MatchingRunForm(forms.Form):
    """The rules of a run: the farthest a volunteer may live and each criterion's weight.
    The bounds are checked again (with the same Italian messages) by the service."""

    max_km = forms.IntegerField(label=_("Maximum distance (km)"), min_value=1, max_value=100)

    def __init__(self, *args, criteria: dict[str, str], defaults: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in criteria.items():
            self.fields[f"weight_{code}"] = forms.IntegerField(
                label=label, min_value=0, max_value=10, initial=defaults[code]
            )

    def weights(self) -> dict[str, int]:
        return {
            name.removeprefix("weight_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("weight_")
        }
