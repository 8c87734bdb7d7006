"""The public site: the Welfare di Comunità page of the seed, the catalog of projects, one
project, the offices. Everyone may read them; each page runs a fixed number of queries."""

from django.http import Http404
from django.shortcuts import render

from trama.projects.models import Project
from trama.projects.selectors import project_tree, public_project_get, public_project_list
from trama.public.consortium import AREA_COESIONE, FAX, FISCAL_CODE, VAT_NUMBER
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
