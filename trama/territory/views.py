from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.territory import selectors, services
from trama.territory.capabilities import EDIT_HUBS, READ_HUBS
from trama.territory.forms import HubForm
from trama.territory.models import HubKind


@capability_required(READ_HUBS)
def hub_list(request):
    kind = request.GET.get("kind", "")
    hubs = selectors.hub_list(
        user=request.user, kind=kind if kind in HubKind.values else "", include_inactive=True
    )
    can_edit = EDIT_HUBS.allows(request.user)
    return render(
        request,
        "territory/hub_list.html",
        {"hubs": hubs, "kinds": HubKind.choices, "kind": kind, "can_edit": can_edit},
    )


@capability_required(READ_HUBS)
def hub_detail(request, pk: int):
    hub = get_object_or_404(selectors.hub_list(user=request.user, include_inactive=True), pk=pk)
    can_edit = EDIT_HUBS.allows(request.user)
    return render(request, "territory/hub_detail.html", {"hub": hub, "can_edit": can_edit})


@capability_required(EDIT_HUBS)
def hub_create(request):
    form = HubForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hub = services.hub_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Hub saved."))
            return redirect("territory:hub_detail", pk=hub.pk)
    return render(request, "territory/hub_form.html", {"form": form})


@capability_required(EDIT_HUBS)
def hub_edit(request, pk: int):
    hub = get_object_or_404(selectors.hub_list(user=request.user, include_inactive=True), pk=pk)
    form = HubForm(request.POST or None, instance=hub)
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_update(actor=request.user, hub=hub, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Hub saved."))
            return redirect("territory:hub_detail", pk=hub.pk)
    return render(request, "territory/hub_form.html", {"form": form, "hub": hub})
