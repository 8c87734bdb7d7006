from django import forms
from django.utils.translation import gettext_lazy as _

from trama.organizations.models import Organization
from trama.participation.models import ActionStatus, Majority, VoteChoice
from trama.projects.models import Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.order_by("name"), required=False
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum (% of voting members)"), min_value=1, max_value=100, initial=50
    )
    majority = forms.ChoiceField(label=_("Majority"), choices=Majority.choices)
    is_public = forms.BooleanField(
        label=_("Publish the accountability page"), required=False, initial=True
    )


class MemberForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.order_by("name")
    )
    representative = forms.CharField(label=_("Representative"), max_length=200)
    substitute = forms.CharField(label=_("Substitute"), max_length=200, required=False)
    has_vote = forms.BooleanField(label=_("Votes"), required=False, initial=True)
    joined_on = forms.DateField(label=_("Member since"), widget=DATE, required=False)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=300)
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line, in order."),
    )
    voted_items = forms.CharField(
        label=_("Items put to the vote"),
        required=False,
        help_text=_("The numbers of the items the body votes on, e.g. 2, 3."),
    )

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in data.get("agenda", "").splitlines() if line.strip()]
        numbers = set()
        for part in data.get("voted_items", "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= len(lines):
                self.add_error(
                    "voted_items",
                    _("“%(value)s” is not the number of an agenda item (1 to %(count)s).")
                    % {"value": part, "count": len(lines)},
                )
                return data
            numbers.add(int(part))
        data["agenda_items"] = [(line, n in numbers) for n, line in enumerate(lines, start=1)]
        return data


class AttendanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"present_{member.pk}"] = forms.ChoiceField(
                label=f"{member.organization} ({member.representative})",
                choices=[
                    ("absent", _("absent")),
                    ("present", _("present")),
                    ("substitute", _("present by the substitute")),
                ],
                initial="absent",
            )

    def present(self) -> dict[int, bool]:
        return {
            member.pk: self.cleaned_data[f"present_{member.pk}"] == "substitute"
            for member in self.members
            if self.cleaned_data[f"present_{member.pk}"] != "absent"
        }


class VoteForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    project = forms.ModelChoiceField(
        label=_("Project it produced"), queryset=Project.objects.order_by("name"), required=False
    )

    def __init__(self, *args, voters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = list(voters)
        for member in self.voters:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=str(member.organization), choices=VoteChoice.choices, widget=forms.RadioSelect
            )

    def votes(self) -> dict[int, str]:
        return {member.pk: self.cleaned_data[f"vote_{member.pk}"] for member in self.voters}


class CloseForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner_organization = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=Organization.objects.order_by("name"),
        required=False,
    )
    owner_name = forms.CharField(label=_("Owner (person)"), max_length=200, required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)


class ReportForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)
