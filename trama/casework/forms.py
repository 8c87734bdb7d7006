from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trama.casework.models import ActionStatus, Channel, ReferralState
from trama.casework.selectors import need_list, project_choices
from trama.organizations.models import Organization
from trama.people.models import OpenPurpose
from trama.people.widgets import NamedModelChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.Form):
    hub = forms.ModelChoiceField(label=_("Hub"), queryset=None, empty_label="—")
    held_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=24 * 60, initial=30
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices])
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs that emerged"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Internal: never shared with other organisations."),
    )
    suggested_projects = forms.ModelMultipleChoiceField(
        label=_("Projects suggested"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    suggested_services = forms.CharField(
        label=_("Services suggested"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        self.fields["needs"].queryset = need_list()
        self.fields["suggested_projects"].queryset = project_choices()


class ReferralForm(forms.Form):
    from_hub = forms.ModelChoiceField(label=_("From hub"), queryset=None, empty_label="—")
    to_organization = forms.ModelChoiceField(
        label=_("To organisation"),
        queryset=Organization.objects.order_by("search_name"),
        required=False,
        empty_label="—",
    )
    to_project = forms.ModelChoiceField(
        label=_("To project"), queryset=None, required=False, empty_label="—"
    )
    shared_summary = forms.CharField(
        label=_("Summary shared with the receiving side"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The only text the receiving organisation reads: what the person needs from them. "
            "No health or other sensitive details."
        ),
    )
    reason = forms.CharField(
        label=_("Reason (internal)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen only by the consortium's staff."),
    )

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_hub"].queryset = hubs
        self.fields["to_project"].queryset = project_choices()


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=ReferralState.choices)
    feedback = forms.CharField(
        label=_("Feedback for the referring operator"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TimelineOpenForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Why are you opening this record?"),
        choices=[("", "—"), *OpenPurpose.choices],
    )
    note = forms.CharField(label=_("Details"), max_length=200, required=False)


class PlanForm(forms.Form):
    hub = forms.ModelChoiceField(label=_("Hub"), queryset=None, empty_label="—")
    goals = forms.CharField(
        label=_("Goals"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_review_on = forms.DateField(label=_("Next review"), widget=DATE)

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs


class PlanActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner_text = forms.CharField(
        label=_("Who is in charge"),
        max_length=150,
        required=False,
        help_text=_("Leave empty when you are in charge yourself."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=DATE)


class PlanActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class PlanReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE, initial=timezone.localdate)
    notes = forms.CharField(
        label=_("What the review found"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_review_on = forms.DateField(label=_("Next review"), widget=DATE)


class AppointmentForm(forms.Form):
    hub = forms.ModelChoiceField(label=_("Hub"), queryset=None, empty_label="—")
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=8 * 60, initial=30
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices])
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        help_text=_("Internal: what the meeting is for, without sensitive details."),
    )

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs


class AppointmentStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("held", _("held")),
            ("missed", _("missed")),
            ("cancelled", _("cancelled")),
        ],
    )
    session = forms.ModelChoiceField(
        label=_("Listening session recorded"),
        queryset=None,
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda session: (
            f"{session.held_on:%d/%m/%Y} — {session.get_channel_display()}"
        )


class HubFilterForm(forms.Form):
    hub = NamedModelChoiceField(
        label=_("Hub"),
        queryset=None,
        required=False,
        empty_label=_("All my hubs"),
    )

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs


class OutreachForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, empty_label=None)
    hub = NamedModelChoiceField(
        label=_("Reference hub"), queryset=None, required=False, empty_label=_("All my hubs")
    )

    def __init__(self, *args, projects, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda row: row.project.name
        self.fields["hub"].queryset = hubs
