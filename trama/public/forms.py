"""The anonymous self-check's questions. Every answer is optional: what is not answered stays
unknown, and the result says which answer would settle a project."""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trama.eligibility.facts import PersonFacts
from trama.eligibility.rules import MAX_AGE
from trama.territory.selectors import municipality_list

YES_NO = [("", _("I don't know, or I'd rather not say")), ("yes", _("Yes")), ("no", _("No"))]
NETWORKS = [
    ("", _("I don't know, or I'd rather not say")),
    ("strong", _("Yes, I can count on my family")),
    ("weak", _("A little")),
    ("none", _("No")),
]


def _yes_no(label):
    return forms.ChoiceField(label=label, choices=YES_NO, required=False, widget=forms.RadioSelect)


class SelfCheckForm(forms.Form):
    age = forms.IntegerField(label=_("Your age"), required=False, min_value=0, max_value=MAX_AGE)
    municipality = forms.ModelChoiceField(
        label=_("Municipality where you live"),
        queryset=municipality_list().order_by("name"),
        required=False,
        empty_label=_("Another municipality, or I'd rather not say"),
    )
    isee = forms.DecimalField(
        label=_("The value of your household's ISEE (€)"),
        help_text=_("Only if you have a valid ISEE, not expired. Leave it empty otherwise."),
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
    )
    # A context of its own: the screening's "Do you live alone?" asks the person formally.
    lives_alone = _yes_no(pgettext_lazy("self-check", "Do you live alone?"))
    family_network = forms.ChoiceField(
        label=_("Can your family help you when you need it?"),
        choices=NETWORKS,
        required=False,
        widget=forms.RadioSelect,
    )
    atc_tenant = _yes_no(_("Do you live in public housing (ATC)?"))
    in_charge_uvg = _yes_no(
        _("Are you already followed by the UVG (the geriatric evaluation unit of the ASL)?")
    )
    household_has_minors = _yes_no(_("Is there anyone under 18 in your household?"))

    def facts(self, *, on: datetime.date) -> PersonFacts:
        """The answers as the engine's facts; what was not answered is unknown (None)."""
        data = self.cleaned_data

        def flag(name):
            return {"yes": True, "no": False}.get(data.get(name) or "")

        age = data.get("age")
        birth_date = None
        if age is not None:  # someone whose birthday is today: exactly `age` years old
            try:
                birth_date = on.replace(year=on.year - age)
            except ValueError:
                birth_date = datetime.date(on.year - age, 2, 28)
        municipality = data.get("municipality")
        isee = data.get("isee")
        return PersonFacts(
            birth_date=birth_date,
            residence_istat=municipality.istat_code if municipality else None,
            isee_value=isee,
            isee_expires_on=on if isee is not None else None,
            lives_alone=flag("lives_alone"),
            family_network=data.get("family_network") or None,
            atc_tenant=flag("atc_tenant"),
            in_charge_uvg=flag("in_charge_uvg"),
            household_has_minors=flag("household_has_minors"),
        )
