"""The public site: the Welfare di Comunità page of the seed, the catalog of projects, one
project, the offices. Everyone may read them; each page runs a fixed number of queries."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from trama.eligibility.explain import Verdict
from trama.people.eligibility import project_results
from trama.projects.models import Project
from trama.projects.selectors import (
    project_tree,
    public_project_eligibility_list,
    public_project_get,
    public_project_list,
)
from trama.public.consortium import AREA_COESIONE, FAX, FISCAL_CODE, VAT_NUMBER
from trama.public.forms import SelfCheckForm
from trama.territory.models import HubKind
from trama.territory.selectors import hub_list


def home(request):
    tree = project_tree(list(public_project_list()))
    return render(request, "public/home.html", {"tree": tree, "area_coesione": AREA_COESIONE})


def project_list(request):
    tree = project_tree(list(public_project_list()))
    return render(request, "public/project_list.html", {"tree": tree})


def project_detail(request, slug: str):
    try:
        project = public_project_get(slug)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request, "public/project_detail.html", {"project": project, "area_coesione": AREA_COESIONE}
    )


def contacts(request):
    context = {
        "offices": list(hub_list(kind=HubKind.OFFICE).order_by("pk")),  # head office first
        "area_coesione": AREA_COESIONE,
        "fax": FAX,
        "fiscal_code": FISCAL_CODE,
        "vat_number": VAT_NUMBER,
    }
    return render(request, "public/contacts.html", context)


QUESTION_LABELS = {
    "birth_date": gettext_lazy("your age"),
    "residence_istat": gettext_lazy("the municipality where you live"),
    "isee": gettext_lazy("the value of a valid ISEE"),
    "lives_alone": gettext_lazy("whether you live alone"),
    "family_network": gettext_lazy("whether your family can help you"),
    "atc_tenant": gettext_lazy("whether you live in public housing"),
    "in_charge_uvg": gettext_lazy("whether the UVG already follows you"),
    "household_has_minors": gettext_lazy("whether there are minors in your household"),
}


@never_cache
@csrf_protect
def self_check(request):
    """ "Quali progetti fanno per me?": the visitor answers a few questions and sees the projects
    that may fit and the nearest hub. Nothing they type is stored or logged: the answers come
    by POST (not in the address, so not in the web server's log), are evaluated in memory and
    forgotten; no session, no database write, no log line (tested)."""
    form = SelfCheckForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        answers = form.facts(on=today)
        results = project_results(public_project_eligibility_list(), lambda: answers, on=today)
        municipality = form.cleaned_data.get("municipality")
        hubs = []
        if municipality is not None:
            hubs = list(
                hub_list(municipality_id=municipality.pk)
                .exclude(kind=HubKind.ATC_BUILDING)
                .order_by("kind", "name")
            )
        context.update(
            checked=True,
            fits=[r for r in results if r.outcome.verdict is Verdict.MET],
            may_fit=[
                (r, ", ".join(str(QUESTION_LABELS.get(m, m)) for m in r.outcome.missing))
                for r in results
                if r.outcome.verdict is Verdict.UNKNOWN
            ],
            hubs=hubs,
            offices=[] if hubs else list(hub_list(kind=HubKind.OFFICE).order_by("pk")),
        )
    return render(request, "public/self_check.html", context)
