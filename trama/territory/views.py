from django.shortcuts import get_object_or_404, render

from trama.core.permissions import role_required
from trama.territory import selectors
from trama.territory.models import HubKind

STAFF_READERS = ("coordinator", "admin", "operator", "mediator", "supervisor", "partner", "dpo")


@role_required(*STAFF_READERS)
def hub_list(request):
    kind = request.GET.get("kind", "")
    hubs = selectors.hub_list(user=request.user, kind=kind if kind in HubKind.values else "")
    return render(
        request, "territory/hub_list.html", {"hubs": hubs, "kinds": HubKind.choices, "kind": kind}
    )


@role_required(*STAFF_READERS)
def hub_detail(request, pk: int):
    hub = get_object_or_404(selectors.hub_list(user=request.user), pk=pk)
    return render(request, "territory/hub_detail.html", {"hub": hub})
