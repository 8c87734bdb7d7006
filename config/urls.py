from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language

from config.api import api
from trama.core.views import healthz, readyz

handler404 = "trama.core.views.not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
]

# Pages: Italian at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", include("trama.public.urls")),
    path("accounts/", include("trama.accounts.urls")),
    path("gestione/", include("trama.core.urls")),
    path("gestione/registro-accessi/", include("trama.audit.urls")),
    path("gestione/presidi/", include("trama.territory.urls")),
    path("gestione/organizzazioni/", include("trama.organizations.urls")),
    path("gestione/progetti/", include("trama.projects.urls")),
    path("gestione/persone/", include("trama.people.urls")),
    path("gestione/casi/", include("trama.casework.urls")),
    path("gestione/avvisi/", include("trama.calls.urls")),
    path("gestione/alimentare/", include("trama.food.urls")),
    path("gestione/partecipazione/", include("trama.participation.urls")),
    path("gestione/volontariato/", include("trama.volunteering.urls")),
    path("gestione/abitare/", include("trama.housing.urls")),
    path("cabine-di-regia/", include("trama.participation.public_urls")),
    path("mi-affido-a-te/", include("trama.volunteering.public_urls")),
    prefix_default_language=False,
)
