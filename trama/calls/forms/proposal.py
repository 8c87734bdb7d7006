"""Forms of the proposal pages. Each section of a proposal has its own page, so every page
works without JavaScript and stays short on a phone; repeated rows (activities,
indicators, budget lines) are formsets with a few empty rows to fill in."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from trama.calls.services.proposal_content import ActivityData, BudgetLineData, IndicatorData
from trama.core.uploads import UploadField, UploadKind
from trama.projects.models import TargetGroup

ZERO = Decimal("0")
EMPTY_ROWS = 2


# "12.000,50" (Italian grouping) — a dot followed by groups of three digits is a thousands
# separator, not a decimal point.
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")


class AmountField(forms.DecimalField):
    """A decimal typed the Italian way or the English way: "12.000,50", "12000,50",
    "12000.50" and "€ 12.000" all mean the same."""

    def to_python(self, value):
        if isinstance(value, str):
            text = value.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
            if _GROUPED.match(text):
                text = text.replace(".", "").replace(",", ".")
            elif "," in text and "." not in text:
                text = text.replace(",", ".")
            value = text
        return super().to_python(value)


def _money(label, required: bool = False, **kwargs) -> forms.DecimalField:
    return AmountField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=ZERO,
        required=required,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


class VersionForm(forms.Form):
    """The version of the proposal the page was opened on (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ProposalCreateForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=None, empty_label=None
    )
    title = forms.CharField(label=_("Title of the proposal"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the proposal does, for whom, where. It can be completed later."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
            self.fields["organization"].widget = forms.HiddenInput()


class ProposalGeneralForm(VersionForm):
    title = forms.CharField(label=_("Title of the proposal"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.order_by("label"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_beneficiaries = forms.IntegerField(
        label=_("Expected beneficiaries"),
        min_value=0,
        max_value=10_000_000,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    total_budget = _money(
        _("Total budget (€)"),
        required=True,
        help_text=_("The budget lines must add up to this total."),
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "target_groups": list(data["target_groups"]),
            "expected_beneficiaries": data["expected_beneficiaries"],
            "total_budget": data["total_budget"],
        }


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.order_by("label"),
        required=False,
        empty_label=_("— none —"),
    )
    expected_number = forms.IntegerField(
        label=_("Expected number of people"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def to_data(self) -> ActivityData:
        data = self.cleaned_data
        return ActivityData(
            title=data["title"],
            description=data.get("description", ""),
            target_group=data.get("target_group"),
            expected_number=data.get("expected_number") or 0,
        )


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit = forms.CharField(
        label=_("Unit"), max_length=50, required=False, help_text=_("e.g. people, meetings, %")
    )
    target = _money(_("Target"), required=True)

    def to_data(self) -> IndicatorData:
        data = self.cleaned_data
        return IndicatorData(name=data["name"], unit=data.get("unit", ""), target=data["target"])


class BudgetLineForm(forms.Form):
    description = forms.CharField(label=_("Cost item"), max_length=200)
    amount = _money(_("Amount (€)"), required=True)
    consortium_share = _money(_("Consortium's share (€)"))
    cofunding_cash = _money(_("Co-funding in cash (€)"))
    cofunding_in_kind = _money(_("Co-funding in kind (€)"))
    volunteer_hours = AmountField(
        label=_("Volunteer hours"),
        max_digits=9,
        decimal_places=2,
        min_value=ZERO,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def to_data(self) -> BudgetLineData:
        data = self.cleaned_data
        return BudgetLineData(
            description=data["description"],
            amount=data["amount"],
            consortium_share=data.get("consortium_share") or ZERO,
            cofunding_cash=data.get("cofunding_cash") or ZERO,
            cofunding_in_kind=data.get("cofunding_in_kind") or ZERO,
            volunteer_hours=data.get("volunteer_hours") or ZERO,
        )


class _RowsFormSet(forms.BaseFormSet):
    """Rows left empty (as offered) are ignored; rows marked for removal are dropped."""

    def rows(self) -> list:
        return [
            form.to_data()
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]


def _formset(form):
    return forms.formset_factory(
        form, formset=_RowsFormSet, extra=EMPTY_ROWS, can_delete=True, max_num=100
    )


ActivityFormSet = _formset(ActivityForm)
IndicatorFormSet = _formset(IndicatorForm)
BudgetLineFormSet = _formset(BudgetLineForm)


class PartnerAddForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    role = forms.CharField(
        label=_("Role in the proposal"),
        max_length=200,
        help_text=_("What the partner will do, e.g. “runs the Rivoli workshops”."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("If empty, the file's name is used."),
    )
    file = UploadField(kind=UploadKind.PDF, label=_("File (PDF)"))


class AdmissibilityForm(forms.Form):
    ADMISSIBLE = "admissible"
    NOT_ADMISSIBLE = "not_admissible"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ADMISSIBLE, _("Admissible")), (NOT_ADMISSIBLE, _("Not admissible"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the lead"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the proposal is not admissible: say why."),
    )
