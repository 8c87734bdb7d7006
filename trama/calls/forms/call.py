"""Forms of the call pages: the call and its timeline, criteria, documents, transitions,
questions and answers. Deadlines are entered as a date and a time in Europe/Rome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trama.calls.models import CallKind, CallState, DocumentKind, ScoreAggregate, TieBreak
from trama.calls.selectors.call import CallFilters
from trama.calls.services.call import MAX_QUESTION_LENGTH
from trama.core.uploads import UploadField, UploadKind
from trama.organizations.models import ActivitySector
from trama.projects.models import TargetGroup
from trama.territory.selectors import municipality_list


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DeadlineWidget(forms.SplitDateTimeWidget):
    """A date and a time input, each with its own label (the field's label names the date,
    a second label the time), read and shown in Europe/Rome."""

    template_name = "calls/call/widgets/deadline.html"

    def __init__(self, attrs=None):
        super().__init__(
            attrs=attrs,
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            time_attrs={"step": "60"},
        )
        date_widget, time_widget = self.widgets
        date_widget.input_type = "date"
        time_widget.input_type = "time"

    def id_for_label(self, id_):
        # The field's label names the date input; the time input has a label of its own.
        return f"{id_}_0" if id_ else ""


def deadline_field(label) -> forms.SplitDateTimeField:
    return forms.SplitDateTimeField(
        label=label,
        widget=DeadlineWidget,
        help_text=_("Date and time, Italian time."),
    )


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of call"), choices=CallKind.choices)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the call is for; separate paragraphs with an empty line."),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.order_by("label"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=municipality_list().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    budget_available = forms.DecimalField(
        label=_("Budget available (€)"), min_value=0, max_digits=12, decimal_places=2
    )
    min_cofunding_percent = forms.DecimalField(
        label=_("Minimum co-funding (% of each proposal's total)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=0,
    )
    volunteer_hour_rate = forms.DecimalField(
        label=_("Value of one volunteer hour (€)"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial="16.00",
    )
    requires_runts = forms.BooleanField(
        label=_("Applicants must be registered in the RUNTS"), required=False, initial=True
    )
    required_sectors = forms.ModelMultipleChoiceField(
        label=_("Applicants must be active in at least one of these sectors (CTS art. 5)"),
        queryset=ActivitySector.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked when any sector will do."),
    )
    requires_local_presence = forms.BooleanField(
        label=_(
            "Applicants must have their seat or an activity in the consortium's municipalities"
        ),
        required=False,
        initial=True,
    )
    admission_threshold = forms.DecimalField(
        label=_("Admission threshold (points)"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        initial=0,
        help_text=_("Proposals below this committee total are not selected."),
    )
    score_aggregate = forms.ChoiceField(
        label=_("Committee score of a criterion"),
        choices=ScoreAggregate.choices,
        initial=ScoreAggregate.MEAN,
    )
    tie_break = forms.ChoiceField(
        label=_("Tie-break rule"), choices=TieBreak.choices, initial=TieBreak.FIRST_CRITERION
    )
    questions_deadline = deadline_field(_("Deadline for questions"))
    proposals_deadline = deadline_field(_("Deadline for proposals"))
    evaluation_by = forms.DateField(label=_("Evaluation by"), required=False, widget=DateInput())
    codesign_by = forms.DateField(label=_("Co-design by"), required=False, widget=DateInput())
    agreement_by = forms.DateField(label=_("Agreement by"), required=False, widget=DateInput())

    RELATIONS = ("target_groups", "municipalities", "required_sectors")

    @classmethod
    def initial_for(cls, call) -> dict:
        initial = {
            name: getattr(call, name) for name in cls.base_fields if name not in cls.RELATIONS
        }
        for name in cls.RELATIONS:
            initial[name] = list(getattr(call, name).all())
        return initial

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        for name in self.RELATIONS:
            data[name] = list(data[name])
        return data


class CallEditForm(CallForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CallFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *CallState.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *CallKind.choices]
    )

    def filters(self) -> CallFilters:
        if not self.is_valid():
            return CallFilters()
        data = self.cleaned_data
        return CallFilters(search=data["q"].strip(), state=data["state"], kind=data["kind"])


class CriterionForm(forms.Form):
    title = forms.CharField(label=_("Criterion"), max_length=200)
    description = forms.CharField(
        label=_("What is assessed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    max_points = forms.DecimalField(
        label=_("Maximum points"), min_value=0, max_digits=6, decimal_places=2
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        max_digits=5,
        decimal_places=2,
        initial=1,
        help_text=_("The committee's points on this criterion are multiplied by its weight."),
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Lower numbers come first; empty puts it last."),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = UploadField(kind=UploadKind.PDF, label=_("File (PDF)"))


class RemoveForm(forms.Form):
    remove = forms.IntegerField(widget=forms.HiddenInput)


TRANSITION_ACTIONS = ("publish", "close", "start_evaluation")


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in TRANSITION_ACTIONS])


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the applicants and kept in the access log."),
        max_length=2000,
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The answer is published on the call's page for everybody, without your name "
            "or your organisation's."
        ),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("The answer"), widget=forms.Textarea(attrs={"rows": 4}))
