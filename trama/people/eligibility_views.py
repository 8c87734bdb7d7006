"""Pages of projects' access rules applied to people: one person explained, the outreach list."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trama.core.permissions import role_required
from trama.people import eligibility, selectors, services
from trama.people.models import OpenPurpose, Person
from trama.projects.models import ProjectEligibility
from trama.projects.selectors import project_eligibility_list
from trama.territory.models import Hub

PAGE_SIZE = 50


@role_required(*selectors.PEOPLE_READERS)
def person_eligibility(request, pk: int):
    """The person's result for each project with access rules, rule by rule. Opening it reads
    the record, so it is logged with the purpose "eligibility"."""
    if not selectors.person_in_scope(user=request.user, pk=pk):
        raise Http404
    try:
        person = services.person_open(
            actor=request.user, person_id=pk, purpose=OpenPurpose.ELIGIBILITY
        )
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    today = timezone.localdate()
    results = eligibility.person_results(
        person=person, stored=project_eligibility_list(user=request.user), on=today
    )
    return render(
        request,
        "people/eligibility.html",
        {"person": person, "results": results, "today": today},
    )


class OutreachForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=ProjectEligibility.objects.none(), empty_label=None
    )
    hub = forms.ModelChoiceField(
        label=_("Reference hub"),
        queryset=Hub.objects.none(),
        required=False,
        empty_label=_("All my hubs"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = project_eligibility_list(user=user)
        self.fields["project"].label_from_instance = lambda row: row.project.name
        self.fields["hub"].queryset = selectors.hubs_for(user=user)


@role_required(*eligibility.OUTREACH_ROLES)
def outreach(request):
    """People who meet a project's access rules today and have not been reached yet."""
    form = OutreachForm(request.GET or None, user=request.user)
    page = None
    chosen = None
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["project"]
        hub = form.cleaned_data["hub"]
        people = eligibility.outreach_list(
            user=request.user,
            project=chosen,
            on=timezone.localdate(),
            hub_id=hub.pk if hub else None,
        )
        page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
        eligibility.outreach_page_read(actor=request.user, project=chosen, people=page)
    return render(
        request, "people/outreach.html", {"form": form, "page_obj": page, "chosen": chosen}
    )
