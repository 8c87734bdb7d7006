from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.core.errors import DomainError
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404
from trama.food import selectors, services
from trama.food.capabilities import MOVE_STOCK, READ_STOCK
from trama.food.forms import DonationForm, StockFilterForm

PAGE_SIZE = 50


@capability_required(READ_STOCK)
def stock_list(request):
    """The stock of my social groceries, first expiring first (FEFO)."""
    hubs = selectors.grocery_hubs(user=request.user)
    form = StockFilterForm(request.GET or None, hubs=hubs)
    hub = form.cleaned_data["hub"] if form.is_valid() else None
    today = timezone.localdate()
    page = Paginator(
        selectors.stock_list(user=request.user, hub_id=hub.pk if hub else None), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    for balance in page:
        balance.near_expiry = selectors.is_near_expiry(balance, today)
        balance.expired = balance.lot.expires_on < today
    return render(
        request,
        "food/stock_list.html",
        {"form": form, "page_obj": page, "can_write": MOVE_STOCK.allows(request.user)},
    )


@capability_required(READ_STOCK)
def lot_detail(request, pk: int):
    """One lot: what is left at each hub in my scope and its ledger there."""
    lot = get_or_404(selectors.lot_get, user=request.user, pk=pk)
    return render(
        request,
        "food/lot_detail.html",
        {
            "lot": lot,
            "balances": selectors.lot_balances(user=request.user, lot=lot),
            "movements": selectors.lot_movements(user=request.user, lot=lot),
        },
    )


@capability_required(MOVE_STOCK)
def donation_create(request):
    """Receive a donation at a social grocery, with its first lot."""
    form = DonationForm(
        request.POST or None,
        hubs=selectors.grocery_hubs(user=request.user),
        donors=selectors.donor_list(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lot = services.LotInput(
            category=data["category"],
            storage=data["storage"],
            date_kind=data["date_kind"],
            expires_on=data["expires_on"],
            weight_kg=data["weight_kg"],
            pieces=data["pieces"],
            unit_weight_kg=data["unit_weight_kg"],
            description=data["description"],
        )
        try:
            donation = services.donation_receive(
                actor=request.user,
                donor=data["donor"],
                hub=data["hub"],
                received_on=data["received_on"],
                transport_document=data["transport_document"],
                lots=[lot],
            )
        except DomainError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Donation received."))
            return redirect("food:lot_detail", pk=donation.lots.get().pk)
    return render(request, "food/donation_form.html", {"form": form})
