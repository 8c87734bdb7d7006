"""The screening questionnaires as forms: one radio group per item, built from the
instrument's data in `trama.screening`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from trama.casework.forms import DATE
from trama.screening import Instrument

# The instruments' English texts, listed here so that makemessages puts them in casework's
# catalogue; the pages translate them with gettext at run time. A test checks that every text
# of trama.screening has an Italian translation.
# The Italian of the items (casework's catalogue) is a faithful translation made for Trama
# from the English wording, not the validated Italian version of the TFI (Mulasso et al.,
# Research on Aging 2016), whose exact wording was not at hand: replace it when available.
INSTRUMENT_TEXTS = (
    # Translators: questions read to the person; formal "Lei", gender-neutral where possible.
    gettext_noop("Tilburg Frailty Indicator"),
    gettext_noop("Frail"),
    gettext_noop("Physical"),
    gettext_noop("Psychological"),
    gettext_noop("Social"),
    gettext_noop("Do you feel physically healthy?"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop("Have you lost a lot of weight recently without wishing to do so?"),
    gettext_noop(
        "A lot is: 6 kg or more during the last six months, or 3 kg or more during the last month."
    ),
    gettext_noop("In your daily life, do you experience problems due to difficulty in walking?"),
    gettext_noop(
        "In your daily life, do you experience problems due to difficulty maintaining your balance?"
    ),
    gettext_noop("In your daily life, do you experience problems due to poor hearing?"),
    gettext_noop("In your daily life, do you experience problems due to poor vision?"),
    gettext_noop(
        "In your daily life, do you experience problems due to lack of strength in your hands?"
    ),
    gettext_noop("In your daily life, do you experience problems due to physical tiredness?"),
    gettext_noop("Do you have problems with your memory?"),
    gettext_noop("Sometimes"),
    gettext_noop("Have you felt down during the last month?"),
    gettext_noop("Have you felt nervous or anxious during the last month?"),
    gettext_noop("Are you able to cope with problems well?"),
    gettext_noop("Do you live alone?"),
    gettext_noop("Do you sometimes miss having people around you?"),
    gettext_noop("Do you receive enough support from other people?"),
    gettext_noop("UCLA loneliness scale (3 items)"),
    gettext_noop("How often do you feel that you lack companionship?"),
    gettext_noop("Hardly ever"),
    gettext_noop("Some of the time"),
    gettext_noop("Often"),
    gettext_noop("How often do you feel left out?"),
    gettext_noop("How often do you feel isolated from others?"),
)


class ScreeningForm(forms.Form):
    """Hub, date and one radio group per item. The items are not `required` here: the service
    refuses a missing answer with its own message, on the item's field."""

    hub = forms.ModelChoiceField(label=_("Hub"), queryset=None, empty_label="—")
    taken_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, instrument: Instrument, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["hub"].queryset = hubs
        for item in instrument.items:
            self.fields[item.code] = forms.ChoiceField(
                label=gettext(item.text),
                choices=[(option.code, gettext(option.label)) for option in item.options],
                widget=forms.RadioSelect,
                required=False,
                help_text=gettext(item.note) if item.note else "",
            )

    def answers(self) -> dict[str, str]:
        return {
            item.code: self.cleaned_data[item.code]
            for item in self.instrument.items
            if self.cleaned_data.get(item.code)
        }

    def groups(self) -> list[tuple[str, list]]:
        """The item fields by domain, in the instrument's order ("" for no domain)."""
        if not self.instrument.domains:
            return [("", [self[item.code] for item in self.instrument.items])]
        return [
            (
                gettext(domain.label),
                [self[i.code] for i in self.instrument.items if i.domain == domain.code],
            )
            for domain in self.instrument.domains
        ]
