from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from trama.core.dashboard import panels_for


def healthz(request):
    """Liveness probe, and the benchmark's floor: the cheapest view Django can serve."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@login_required
def dashboard(request):
    return render(
        request,
        "core/dashboard.html",
        {
            "roles": request.user.role_grants.filter(revoked_at__isnull=True),
            "panels": panels_for(request.user),
        },
    )
