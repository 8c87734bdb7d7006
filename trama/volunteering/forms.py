from django import forms
from django.utils.translation import gettext_lazy as _

from trama.core.tabular import parse_date
from trama.territory.models import Municipality
from trama.volunteering.models import DAYS, PARTS, ElderNeed, Gender, Mobility

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


class ElderProfileForm(forms.Form):
    """What matching needs to know of an elder beyond the person's record; the rules (and
    their Italian messages) are the service's."""

    slots = forms.MultipleChoiceField(
        label=_("When they would like company"),
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=ElderNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interests = forms.CharField(label=_("Interests (comma separated)"), required=False)
    mobility = forms.ChoiceField(label=_("Mobility"), choices=Mobility.choices)
    preferred_gender = forms.ChoiceField(
        label=_("Preferred gender of the volunteer"),
        choices=[("", _("No preference")), *Gender.choices],
        required=False,
    )
    has_pets = forms.BooleanField(label=_("Has pets at home"), required=False)
    smoker = forms.BooleanField(label=_("Smokes"), required=False)
    accepts_smokers = forms.BooleanField(
        label=_("Accepts a volunteer who smokes"), required=False, initial=True
    )
    # The profile's version when the form was opened (editing only): a later save wins.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        data["interests"] = _list(data["interests"])
        return data

    @staticmethod
    def initial_from(profile) -> dict:
        return {
            "slots": profile.slots,
            "needs": profile.needs,
            "interests": ", ".join(profile.interests),
            "mobility": profile.mobility,
            "preferred_gender": profile.preferred_gender,
            "has_pets": profile.has_pets,
            "smoker": profile.smoker,
            "accepts_smokers": profile.accepts_smokers,
            "version": profile.version,
        }


class VisitForm(forms.Form):
    on = forms.DateField(
        label=_("Date of the visit"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        min_value=1,
        max_value=1440,
        initial=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    activities = forms.CharField(
        label=_("What you did together"), widget=forms.Textarea(attrs={"rows": 3})
    )
    concern = forms.CharField(
        label=_("Anything worrying"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("It reaches the supervisors at once."),
    )
    # Made with the form: the same visit sent twice (a double tap) is recorded once.
    key = forms.UUIDField(widget=forms.HiddenInput)


class AgreementForm(forms.Form):
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 4}))
    months = forms.IntegerField(label=_("Duration (months)"), min_value=1, max_value=36, initial=6)
    review_dates = forms.CharField(
        label=_("Review dates"),
        help_text=_("One or more dates, separated by commas: 15/03/2027, 15/06/2027."),
    )
    monthly_reimbursement = forms.DecimalField(
        label=_("Monthly expense reimbursement (€)"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        localize=True,  # "30,50" as Italians type it
    )
    social_worker = forms.CharField(label=_("Social worker"), max_length=200)

    def clean_review_dates(self) -> list:
        days = []
        for part in self.cleaned_data["review_dates"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                days.append(parse_date(part))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date: write it as 15/03/2027."), params={"value": part}
                ) from None
        return days


class ReviewForm(forms.Form):
    on = forms.DateField(
        label=_("Date of the review"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(label=_("How it is going"), widget=forms.Textarea(attrs={"rows": 3}))
