"""The page of projects' access rules applied to one person, explained (the outreach list
of a project is casework's: it leaves out the people already reached)."""

from django.shortcuts import render
from django.utils import timezone

from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404
from trama.people import eligibility, services
from trama.people.capabilities import READ_PEOPLE
from trama.people.models import OpenPurpose
from trama.projects.selectors import project_eligibility_list


@capability_required(READ_PEOPLE)
def person_eligibility(request, pk: int):
    """The person's result for each project with access rules, rule by rule. Opening it reads
    the record, so it is logged with the purpose "eligibility"."""
    person = get_or_404(
        services.person_open, actor=request.user, person_id=pk, purpose=OpenPurpose.ELIGIBILITY
    )
    today = timezone.localdate()
    results = eligibility.person_results(
        person=person, stored=project_eligibility_list(user=request.user), on=today
    )
    return render(
        request,
        "people/eligibility.html",
        {"person": person, "results": results, "today": today},
    )
