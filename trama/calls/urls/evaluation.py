from django.urls import path

from trama.calls.views import evaluation as views

urlpatterns = [
    path("valutazione/", views.evaluation_calls, name="evaluation_calls"),
    path("<int:pk>/commissione/", views.committee, name="evaluation_committee"),
    path(
        "<int:pk>/commissione/<int:member_pk>/rimuovi/",
        views.committee_remove,
        name="evaluation_committee_remove",
    ),
    path("<int:pk>/valutazione/", views.progress, name="evaluation_progress"),
    path("<int:pk>/graduatoria/", views.ranking, name="evaluation_ranking"),
    path("<int:pk>/verbale.pdf", views.minutes_pdf, name="evaluation_minutes"),
    path("<int:pk>/da-valutare/", views.evaluator_call, name="evaluation_evaluator_call"),
    path("proposte/<int:pk>/valutazione/", views.proposal_evaluate, name="evaluation_proposal"),
]
