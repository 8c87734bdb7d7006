"""Co-design tables and agreements (issue 5, points 5 and 6), under /gestione/avvisi/."""

from django.urls import path

from trama.calls.views import codesign as views

urlpatterns = [
    path("coprogettazione/", views.table_list, name="codesign_list"),
    path("<int:call_pk>/coprogettazione/", views.table_detail, name="codesign_table"),
    path("<int:call_pk>/coprogettazione/apri/", views.table_open, name="codesign_open"),
    path(
        "<int:call_pk>/coprogettazione/incontri/nuovo/",
        views.session_create,
        name="codesign_session_create",
    ),
    path(
        "coprogettazione/incontri/<int:pk>/",
        views.session_detail,
        name="codesign_session_detail",
    ),
    path(
        "coprogettazione/incontri/<int:pk>/verbale/",
        views.session_update,
        name="codesign_session_update",
    ),
    path("<int:call_pk>/coprogettazione/documento/", views.document, name="codesign_document"),
    path(
        "<int:call_pk>/coprogettazione/documento/nuova-versione/",
        views.version_create,
        name="codesign_version_create",
    ),
    path(
        "<int:call_pk>/coprogettazione/documento/confronto/",
        views.version_compare,
        name="codesign_compare",
    ),
    path(
        "<int:call_pk>/coprogettazione/documento/<int:number>/",
        views.version_detail,
        name="codesign_version",
    ),
    path("<int:call_pk>/convenzione/", views.agreement_detail, name="agreement_detail"),
    path("<int:call_pk>/convenzione/nuova/", views.agreement_create, name="agreement_create"),
]
