"""Proposals and the ETS portal (issue 5, points 3 and 8)."""

from django.urls import path

from trama.calls.views import proposal as views

urlpatterns = [
    path("portale/", views.portal, name="portal"),
    path("<int:call_pk>/proposte/", views.call_proposals, name="call_proposals"),
    path(
        "<int:call_pk>/proposte/esporta.<str:file_format>",
        views.call_proposals_export,
        name="call_proposals_export",
    ),
    path("<int:call_pk>/proposte/nuova/", views.proposal_create, name="proposal_create"),
    path("proposte/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposte/<int:pk>/modifica/", views.proposal_edit, name="proposal_edit"),
    path("proposte/<int:pk>/attivita/", views.proposal_activities, name="proposal_activities"),
    path("proposte/<int:pk>/indicatori/", views.proposal_indicators, name="proposal_indicators"),
    path("proposte/<int:pk>/budget/", views.proposal_budget, name="proposal_budget"),
    path("proposte/<int:pk>/partner/", views.proposal_partners, name="proposal_partners"),
    path(
        "proposte/<int:pk>/partner/<int:partner_pk>/rimuovi/",
        views.proposal_partner_remove,
        name="proposal_partner_remove",
    ),
    path(
        "proposte/<int:pk>/partner/<int:partner_pk>/conferma/",
        views.proposal_partner_confirm,
        name="proposal_partner_confirm",
    ),
    path("proposte/<int:pk>/allegati/", views.proposal_attachments, name="proposal_attachments"),
    path(
        "proposte/<int:pk>/allegati/<int:attachment_pk>/",
        views.proposal_attachment_download,
        name="proposal_attachment",
    ),
    path(
        "proposte/<int:pk>/allegati/<int:attachment_pk>/rimuovi/",
        views.proposal_attachment_remove,
        name="proposal_attachment_remove",
    ),
    path("proposte/<int:pk>/presenta/", views.proposal_submit, name="proposal_submit"),
    path("proposte/<int:pk>/ricevuta.pdf", views.proposal_receipt, name="proposal_receipt"),
    path("proposte/<int:pk>/ritira/", views.proposal_withdraw, name="proposal_withdraw"),
    path(
        "proposte/<int:pk>/ammissibilita/",
        views.proposal_admissibility,
        name="proposal_admissibility",
    ),
]
