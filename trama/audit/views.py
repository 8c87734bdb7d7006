from django.core.paginator import Paginator
from django.shortcuts import render

from trama.audit import selectors
from trama.audit.forms import AccessLogFilterForm
from trama.core.permissions import role_required


@role_required(*selectors.AUDIT_READERS)
def access_log(request):
    form = AccessLogFilterForm(request.GET or None)
    filters = selectors.AccessLogFilters()
    if form.is_valid():
        filters = selectors.AccessLogFilters(**form.cleaned_data)
    entries = selectors.access_log_list(user=request.user, filters=filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"form": form, "page_obj": page})
