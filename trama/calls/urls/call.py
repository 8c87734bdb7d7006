from django.urls import path

from trama.calls.views import call as views

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("nuovo/", views.call_create, name="call_create"),
    path("<int:pk>/", views.call_detail, name="call_detail"),
    path("<int:pk>/modifica/", views.call_edit, name="call_edit"),
    path("<int:pk>/criteri/", views.call_criteria, name="call_criteria"),
    path(
        "<int:pk>/criteri/<int:criterion_pk>/modifica/",
        views.criterion_edit,
        name="criterion_edit",
    ),
    path("<int:pk>/documenti/", views.call_documents, name="call_documents"),
    path("<int:pk>/stato/", views.call_transition, name="call_transition"),
    path("<int:pk>/annulla/", views.call_cancel, name="call_cancel"),
    path("<int:pk>/nuovo-ciclo/", views.call_new_cycle, name="call_new_cycle"),
    path("<int:pk>/domande/nuova/", views.question_ask, name="question_ask"),
    path("documenti/<int:pk>/", views.call_document_download, name="call_document"),
    path("domande/<int:pk>/risposta/", views.question_answer, name="question_answer"),
]
