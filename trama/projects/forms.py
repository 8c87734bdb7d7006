from django import forms
from django.utils.translation import gettext_lazy as _

from trama.accounts.models import User
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
