from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from trama.organizations import selectors
from trama.organizations.models import Organization


def organization_list(request):
    page = Paginator(selectors.organization_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "organizations/list.html", {"page_obj": page})


def organization_detail(request, pk: int):
    try:
        organization = selectors.organization_get(user=request.user, pk=pk)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "organizations/detail.html", {"organization": organization})
