"""The public site: the Welfare di Comunità page of the seed, the catalog of projects, one
project, the offices. Everyone may read them; each page runs a fixed number of queries."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from trama.core.shortcuts import get_or_404
from trama.eligibility.explain import Verdict
from trama.people.eligibility import project_results
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
    project = get_or_404(public_project_get, slug=slug)
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


# The answer a project still waits for, as the complement of "It depends …": each carries its
# own preposition, which Italian joins to the article ("dal valore", "dal fatto che").
QUESTION_LABELS = {
    "birth_date": gettext_lazy("on your age"),
    "residence_istat": gettext_lazy("on the municipality where you live"),
    "isee": gettext_lazy("on the value of a valid ISEE"),
    "lives_alone": gettext_lazy("on whether you live alone"),
    "family_network": gettext_lazy("on whether your family can help you"),
    "atc_tenant": gettext_lazy("on whether you live in public housing"),
    "in_charge_uvg": gettext_lazy("on whether the UVG already follows you"),
    "household_has_minors": gettext_lazy("on whether there are minors in your household"),
}


def depends_on(missing) -> str:
    """The sentence naming what a project still needs to know: "It depends on your age and on
    the value of a valid ISEE." (Italian: "Dipende dalla tua età e dal valore di …")."""
    labels = [str(QUESTION_LABELS.get(name, name)) for name in missing]
    if len(labels) > 1:
        labels = [
            gettext("%(items)s and %(last)s")
            % {"items": ", ".join(labels[:-1]), "last": labels[-1]}
        ]
    return gettext("It depends %(questions)s.") % {"questions": labels[0] if labels else ""}


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
                (r, depends_on(r.outcome.missing))
                for r in results
                if r.outcome.verdict is Verdict.UNKNOWN
            ],
            hubs=hubs,
            offices=[] if hubs else list(hub_list(kind=HubKind.OFFICE).order_by("pk")),
        )
    return render(request, "public/self_check.html", context)
