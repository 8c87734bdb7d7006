from django import forms
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from trama.accounts.models import User
from trama.eligibility import rules
from trama.eligibility.rules import RuleError
from trama.organizations.models import Organization
from trama.organizations.selectors import organization_list
from trama.projects.models import PartnerRole, Project, ProjectStatus, TargetGroup
from trama.projects.selectors import ProjectFilters, project_parent_options
from trama.territory.selectors import hub_list, municipality_list


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(forms.Form):
    """The project's own fields. Texts come in pairs: Italian (shown by default) and English."""

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short address"),
        max_length=80,
        help_text=_(
            "The last part of the address of the public page: letters, digits and hyphens."
        ),
    )
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("— none: it is a main project —"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    summary = forms.CharField(
        label=_("Summary (Italian)"), max_length=400, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description (Italian)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Separate paragraphs with an empty line."),
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    eligibility = forms.CharField(
        label=_("Who can benefit (Italian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    eligibility_en = forms.CharField(
        label=_("Who can benefit (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
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
    hubs = forms.ModelMultipleChoiceField(
        label=_("Hubs"),
        queryset=hub_list().order_by("municipality__name", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    is_public = forms.BooleanField(label=_("Shown on the public site"), required=False)
    position = forms.IntegerField(
        label=_("Order in the catalog"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=_("Lower numbers come first."),
    )

    def __init__(self, *args, user: User, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = project_parent_options(user=user, project=project)
        self.fields["hubs"].label_from_instance = lambda hub: (
            f"{hub.name} ({hub.municipality.name})"
        )

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        names = [
            name
            for name in cls.base_fields
            if name not in ("target_groups", "municipalities", "hubs")
        ]
        initial = {name: getattr(project, name) for name in names}
        initial["target_groups"] = list(project.target_groups.all())
        initial["municipalities"] = list(project.municipalities.all())
        initial["hubs"] = list(project.hubs.all())
        return initial

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("target_groups", "municipalities", "hubs"):
            data[name] = list(data[name])
        return data


class ProjectEditForm(ProjectForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ProjectStatus.choices]
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.order_by("label"),
        to_field_name="code",
        required=False,
        empty_label=_("Any target group"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=municipality_list().order_by("name"),
        required=False,
        empty_label=_("Any municipality"),
    )
    public = forms.ChoiceField(
        label=_("Public site"),
        required=False,
        choices=[("", _("Published or not")), ("yes", _("Published")), ("no", _("Not published"))],
    )

    def filters(self) -> ProjectFilters:
        if not self.is_valid():
            return ProjectFilters()
        data = self.cleaned_data
        return ProjectFilters(
            search=data["q"].strip(),
            status=data["status"],
            target_group=data["target_group"].code if data["target_group"] else "",
            municipality_id=data["municipality"].pk if data["municipality"] else None,
            is_public={"yes": True, "no": False}.get(data["public"]),
        )


class ProjectRowForm(forms.Form):
    """A partner, funding source or service of a project. The choices of the fields named in
    `organization_fields` are the organisations `user` may see."""

    organization_fields: tuple[str, ...] = ()

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.organization_fields:
            self.fields[name].queryset = organization_list(user=user)


class PartnerForm(ProjectRowForm):
    organization_fields = ("organization",)

    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=PartnerRole.choices, initial=PartnerRole.PARTNER
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("What the organisation does in the project."),
    )


class FundingSourceForm(ProjectRowForm):
    organization_fields = ("funder",)

    name = forms.CharField(label=_("Call or programme"), max_length=200)
    funder = forms.ModelChoiceField(
        label=_("Funder"), queryset=Organization.objects.none(), required=False
    )
    amount = forms.DecimalField(
        label=_("Amount (€)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty when it is not known."),
    )


class ServiceForm(ProjectRowForm):
    name = forms.CharField(label=_("Name (Italian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    nomenclature_code = forms.CharField(
        label=_("Nomenclatore code"),
        max_length=20,
        required=False,
        help_text=_(
            "The code of the national Nomenclatore of social services, only when one fits."
        ),
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)


class RemoveForm(forms.Form):
    remove = forms.IntegerField(widget=forms.HiddenInput)


# Access rules (eligibility) ------------------------------------------------------------

# The engine's messages are msgids (`trama.eligibility.rules`, marked with gettext_noop there);
# they are repeated here so that this app's catalogue carries their Italian translation.
RULE_MESSAGES = (
    gettext_noop("An age rule needs a minimum age, a maximum age or both."),
    gettext_noop("An age must be a whole number of years."),
    gettext_noop("An age cannot be negative."),
    gettext_noop("An age cannot be above %(max_age)s years."),
    gettext_noop("The minimum age is above the maximum age."),
    gettext_noop("Choose at least one municipality of residence."),
    gettext_noop("“%(code)s” is not a six-digit ISTAT municipality code."),
    gettext_noop("The ISEE ceiling must be an amount in euros."),
    gettext_noop("The ISEE ceiling cannot be negative."),
    gettext_noop("A combination needs at least one rule."),
    gettext_noop("A combination can only hold rules."),
    gettext_noop("A rule must be an object."),
    gettext_noop("Unknown kind of rule: “%(kind)s”."),
    gettext_noop("The municipalities must be a list of ISTAT codes."),
    gettext_noop("A combination must hold a list of rules."),
    gettext_noop("Unexpected field in a rule: “%(field)s”."),
)


def rule_error_message(error: RuleError) -> str:
    """The engine's error in the user's language."""
    message = gettext(error.message)
    return message % error.params if error.params else message


class Combinator(models.TextChoices):
    ALL = "all", _("All the conditions chosen")
    ANY = "any", _("At least one of the conditions chosen")


FLAG_RULES = (
    ("lives_alone_or_weak_network", rules.LivesAloneOrWeakNetwork),
    ("atc_tenant", rules.AtcTenant),
    ("not_in_charge_of_uvg", rules.NotInChargeOfUvg),
    ("household_with_minors", rules.HouseholdWithMinors),
)


class EligibilityForm(forms.Form):
    """The coordinator's form of a project's access rules: each condition a field, combined
    with all/any. Leaving every condition empty removes the rules."""

    combinator = forms.ChoiceField(
        label=_("A person may benefit when they meet"),
        choices=Combinator.choices,
        initial=Combinator.ALL,
        widget=forms.RadioSelect,
    )
    min_age = forms.IntegerField(label=_("Minimum age (years)"), required=False)
    max_age = forms.IntegerField(label=_("Maximum age (years)"), required=False)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Resident in one of these municipalities"),
        queryset=municipality_list().order_by("name"),
        to_field_name="istat_code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    isee_ceiling = forms.DecimalField(
        label=_("ISEE at most (€)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("Only an ISEE that has not expired counts."),
    )
    lives_alone_or_weak_network = forms.BooleanField(
        label=_("Lives alone, or has a weak or no family network"), required=False
    )
    atc_tenant = forms.BooleanField(label=_("Tenant of public housing (ATC)"), required=False)
    not_in_charge_of_uvg = forms.BooleanField(
        label=_("Not in charge of the UVG (geriatric evaluation unit)"), required=False
    )
    household_with_minors = forms.BooleanField(
        label=_("Household with at least one minor"), required=False
    )

    @staticmethod
    def can_show(rule: rules.Rule | None) -> bool:
        """Whether the form shows `rule` whole: one all/any of conditions, each kind once
        (a rule written through the API may nest combinations the form cannot show)."""
        if rule is None:
            return True
        children = rule.rules if isinstance(rule, rules.All | rules.Any) else (rule,)
        kinds = [type(child) for child in children]
        nested = any(kind in (rules.All, rules.Any) for kind in kinds)
        return not nested and len(set(kinds)) == len(kinds)

    @staticmethod
    def initial_for(rule: rules.Rule | None) -> dict:
        """The form's fields from a stored rule: a top-level all/any of conditions, or one."""
        if rule is None:
            return {"combinator": Combinator.ALL}
        combinator = Combinator.ANY if isinstance(rule, rules.Any) else Combinator.ALL
        children = rule.rules if isinstance(rule, rules.All | rules.Any) else (rule,)
        initial: dict = {"combinator": combinator}
        for child in children:
            match child:
                case rules.AgeBetween(min_age=min_age, max_age=max_age):
                    initial.update(min_age=min_age, max_age=max_age)
                case rules.ResidentIn(istat_codes=codes):
                    initial["municipalities"] = sorted(codes)
                case rules.IseeAtMost(ceiling=ceiling):
                    initial["isee_ceiling"] = ceiling
                case _:
                    for name, rule_type in FLAG_RULES:
                        if isinstance(child, rule_type):
                            initial[name] = True
        return initial

    def clean(self):
        data = super().clean()
        self.rule = None
        if self.errors:
            return data
        conditions: list[rules.Rule] = []
        min_age, max_age = data.get("min_age"), data.get("max_age")
        if min_age is not None or max_age is not None:
            # Each bound alone first, so that its own error lands on its field; then both
            # together: an inverted pair is shown on the maximum age.
            for name, bound in (("min_age", min_age), ("max_age", max_age)):
                if bound is not None:
                    self._build(name, lambda n=name, b=bound: rules.AgeBetween(**{n: b}))
            if not self.errors:
                age = self._build(
                    "max_age", lambda: rules.AgeBetween(min_age=min_age, max_age=max_age)
                )
                conditions.append(age)
        codes = [municipality.istat_code for municipality in data.get("municipalities") or ()]
        if codes:
            conditions.append(self._build("municipalities", lambda: rules.ResidentIn(codes)))
        ceiling = data.get("isee_ceiling")
        if ceiling is not None:
            conditions.append(self._build("isee_ceiling", lambda: rules.IseeAtMost(ceiling)))
        for name, rule_type in FLAG_RULES:
            if data.get(name):
                conditions.append(rule_type())
        if self.errors or not conditions:
            return data
        combination = rules.Any if data["combinator"] == Combinator.ANY else rules.All
        self.rule = self._build(None, lambda: combination(tuple(conditions)))
        return data

    def _build(self, field: str | None, make):
        try:
            return make()
        except RuleError as error:
            self.add_error(field, rule_error_message(error))
            return None
