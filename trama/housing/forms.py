from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trama.housing.models import (
    ActivityKind,
    ActivityReach,
    IssueCategory,
    IssueState,
)
from trama.housing.workflows import BODY_STEPS, ISSUE_WORKFLOW

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _households_field(label, *, required=False, multiple=False):
    if multiple:
        return forms.ModelMultipleChoiceField(
            label=label, queryset=None, required=required, widget=forms.CheckboxSelectMultiple
        )
    return forms.ModelChoiceField(label=label, queryset=None, required=required)


class BuildingForm(forms.Form):
    hub = forms.ModelChoiceField(label=_("ATC hub"), queryset=None)
    owner = forms.ModelChoiceField(label=_("Owner body"), queryset=None)
    joined_on = forms.DateField(label=_("Joined the project on"), widget=DATE)
    staircases = forms.IntegerField(label=_("Staircases"), min_value=1, max_value=50, initial=1)
    common_spaces = forms.CharField(
        label=_("Common spaces"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, hubs, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        self.fields["owner"].queryset = bodies


class UnitForm(forms.Form):
    staircase = forms.CharField(label=_("Staircase"), max_length=10, required=False)
    floor = forms.IntegerField(label=_("Floor"), min_value=-3, max_value=60, initial=0)
    number = forms.CharField(label=_("Unit number"), max_length=20)


class TenancyForm(forms.Form):
    unit = forms.ModelChoiceField(label=pgettext_lazy("home", "Unit"), queryset=None)
    household = forms.ModelChoiceField(label=_("Household"), queryset=None)
    start_on = forms.DateField(label=_("Living there since"), widget=DATE)

    def __init__(self, *args, units, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["household"].queryset = households


class TenancyEndForm(forms.Form):
    end_on = forms.DateField(label=_("Moved out on"), widget=DATE)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    reach = forms.ChoiceField(
        label=_("With whom"), choices=ActivityReach.choices, widget=forms.RadioSelect
    )
    household = _households_field(_("Household (for an activity with one household)"))
    staircase = forms.CharField(
        label=_("Staircase (for an activity of one staircase)"), max_length=10, required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    on = forms.DateField(
        label=_("Date"),
        widget=DATE,
        help_text=_("A future date plans the activity: collective ones go on the notice."),
    )
    starts_at = forms.TimeField(label=_("Time"), widget=TIME, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attendees = _households_field(_("Households present"), multiple=True)
    head_count = forms.IntegerField(
        label=_("People present (open events)"), min_value=0, required=False
    )
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, tenants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = tenants
        self.fields["attendees"].queryset = tenants


class IssueForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=IssueCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    unit = forms.ModelChoiceField(
        label=pgettext_lazy("home", "Unit"), queryset=None, required=False
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    households = _households_field(_("Households involved"), multiple=True)
    reporting_household = _households_field(
        _("Reported by the household (asked how it went when the issue closes)")
    )
    repeat_of = forms.ModelChoiceField(
        label=_("Repeat of an open issue"),
        queryset=None,
        required=False,
        help_text=_("A report of something already open is linked to it, not counted twice."),
    )

    def __init__(self, *args, units, tenants, open_issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["households"].queryset = tenants
        self.fields["reporting_household"].queryset = tenants
        self.fields["repeat_of"].queryset = open_issues
        self.fields["repeat_of"].label_from_instance = lambda issue: (
            f"{issue} – {issue.description[:60]}"
        )


class ReferForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Competent body"), queryset=None)
    note = forms.CharField(
        label=_("Note for the body"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = bodies


class AnswerForm(forms.Form):
    target = forms.ChoiceField(label=_("Step"), required=False)
    text = forms.CharField(
        label=_("Answer of the body"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to say why an issue is not resolvable."),
    )

    def __init__(self, *args, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        steps = sorted(ISSUE_WORKFLOW.allowed_next(state) & BODY_STEPS, key=IssueState.values.index)
        self.fields["target"].choices = [("", _("Only an update, no change of state"))] + [
            (step, ISSUE_WORKFLOW.label(step)) for step in steps
        ]


class CloseForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (IssueState.RESOLVED, IssueState.RESOLVED.label),
            (IssueState.NOT_RESOLVABLE, IssueState.NOT_RESOLVABLE.label),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("How it ended"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(forms.Form):
    handled_well = forms.ChoiceField(
        label=_("Was the issue handled well?"), choices=YES_NO, widget=forms.RadioSelect
    )
    kept_informed = forms.ChoiceField(
        label=_("Was the household kept informed?"), choices=YES_NO, widget=forms.RadioSelect
    )

    def answers(self) -> dict[str, bool]:
        return {
            name: self.cleaned_data[name] == "yes" for name in ("handled_well", "kept_informed")
        }
