from django.core.paginator import Paginator
from django.shortcuts import render

from trama.audit import selectors
from trama.audit.capabilities import READ_LOG
from trama.audit.forms import AccessLogFilterForm
from trama.core.policy import capability_required


@capability_required(READ_LOG)
def access_log(request):
    form = AccessLogFilterForm(request.GET or None)
    filters = selectors.AccessLogFilters()
    if form.is_valid():
        filters = selectors.AccessLogFilters(**form.cleaned_data)
    entries = selectors.access_log_list(user=request.user, filters=filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"form": form, "page_obj": page})
