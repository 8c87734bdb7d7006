from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache

from trama.core.dashboard import panels_for
from trama.core.readiness import readiness


def healthz(request):
    """Liveness probe, and the benchmark's floor: the cheapest view Django can serve."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness probe: 200 when the database answers and no migration is pending, else 503."""
    state = readiness()
    body = {"ready": state.ready, "database": state.database}
    if state.pending_migrations:
        body["pending_migrations"] = list(state.pending_migrations)
    return JsonResponse(body, status=200 if state.ready else 503)


@never_cache
@login_required
def dashboard(request):
    return render(
        request,
        "core/dashboard.html",
        {
            "roles": request.user.active_grants_named(),
            "panels": panels_for(request.user),
        },
    )


def not_found(request, exception=None):
    """The project's 404: JSON under the API (a client parses it like any other error
    answer), the themed page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found"}, status=404)
    return defaults.page_not_found(request, exception)
