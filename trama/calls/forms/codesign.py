"""Forms of the co-design table: sessions, the project document, the comparison of two
versions, the agreement with its parties and indicators."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trama.organizations.models import Organization
from trama.projects.models import PartnerRole, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class SessionCreateForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Italian time."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    invited_organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations invited"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their members receive the invitation by e-mail."),
    )
    invited_people = forms.CharField(
        label=_("Other people invited"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, with their organisation, e.g. “Mario Rossi, Comune di Rivoli”."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_organizations"].queryset = organizations
        if not self.is_bound:
            self.initial.setdefault("invited_organizations", list(organizations))

    def people(self) -> list[str]:
        return self.cleaned_data["invited_people"].splitlines()


class SessionUpdateForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Italian time."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    present = forms.TypedMultipleChoiceField(
        label=_("Present"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        participants = list(session.participants.all())
        self.fields["present"].choices = [(p.pk, p.name) for p in participants]
        if not self.is_bound:
            self.initial.update(
                held_at=timezone.localtime(session.held_at),
                place=session.place,
                agenda=session.agenda,
                minutes=session.minutes,
                decisions=session.decisions,
                present=[p.pk for p in participants if p.present],
            )


class DocumentVersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text of the project document"),
        max_length=200000,
        widget=forms.Textarea(attrs={"rows": 18}),
        strip=False,
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("A line for the others, e.g. “Budget of the second year updated”."),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class CompareForm(forms.Form):
    MODES = [("words", _("word by word")), ("lines", _("line by line"))]

    a = forms.TypedChoiceField(label=_("From version"), coerce=int)
    b = forms.TypedChoiceField(label=_("To version"), coerce=int)
    mode = forms.ChoiceField(
        label=_("Compare"), choices=MODES, initial="words", widget=forms.RadioSelect
    )

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, _("version %(number)d") % {"number": n}) for n in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise forms.ValidationError(_("Choose two different versions."))
        return data


class AgreementForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Existing project"),
        queryset=Project.objects.order_by("name"),
        required=False,
        empty_label=_("— a new project —"),
        help_text=_("Choose the project the agreement updates, or leave it empty to create one."),
    )
    project_name = forms.CharField(
        label=_("Name of the new project"), max_length=200, required=False
    )
    project_slug = forms.SlugField(
        label=_("Short address of the new project"),
        max_length=80,
        required=False,
        help_text=_(
            "Lower-case letters, digits and hyphens: it becomes the public page's address."
        ),
    )
    project_summary = forms.CharField(
        label=_("Summary of the new project"), max_length=400, required=False
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    budget = forms.DecimalField(
        label=_("Agreed budget (€)"), min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    summary = forms.CharField(
        label=_("Summary of the agreement"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    document_version = forms.ModelChoiceField(
        label=_("Agreed version of the project document"),
        queryset=None,
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_version"].queryset = versions
        self.fields["document_version"].label_from_instance = lambda v: (
            _("version %(number)d – %(title)s") % {"number": v.number, "title": v.title}
        )


class AgreedPartnerForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *PartnerRole.choices], required=False
    )
    budget_share = forms.DecimalField(
        label=_("Budget share (€)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("organization") and not data.get("role"):
            self.add_error("role", _("Choose the organisation's role."))
        return data


class AgreedIndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    target = forms.DecimalField(
        label=_("Target"), max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("target") is None:
            self.add_error("target", _("Give the indicator's target."))
        return data


PartnerFormSet = forms.formset_factory(AgreedPartnerForm, extra=2, max_num=50, validate_max=True)
IndicatorFormSet = forms.formset_factory(
    AgreedIndicatorForm, extra=2, max_num=50, validate_max=True
)
