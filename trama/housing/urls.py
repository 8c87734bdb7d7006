from django.urls import path

from trama.housing import views

app_name = "housing"

urlpatterns = [
    path("", views.building_list, name="building_list"),
    path("palazzine/nuova/", views.building_create, name="building_create"),
    path("palazzine/<int:pk>/", views.building_detail, name="building_detail"),
    path("palazzine/<int:pk>/alloggi/nuovo/", views.unit_create, name="unit_create"),
    path("palazzine/<int:pk>/avviso.pdf", views.building_notice, name="building_notice"),
    path(
        "palazzine/<int:pk>/relazione-<int:year>.pdf", views.building_report, name="building_report"
    ),
    path("palazzine/<int:pk>/revisione/", views.review_list, name="review_list"),
    path("palazzine/<int:pk>/inquilini/nuovo/", views.tenancy_create, name="tenancy_create"),
    path("inquilini/<int:pk>/fine/", views.tenancy_end, name="tenancy_end"),
    path("palazzine/<int:pk>/attivita/nuova/", views.activity_create, name="activity_create"),
    path("attivita/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("palazzine/<int:pk>/segnalazioni/nuova/", views.issue_create, name="issue_create"),
    path("segnalazioni/", views.issue_list, name="issue_list"),
    path("segnalazioni/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("segnalazioni/<int:pk>/invio/", views.issue_refer, name="issue_refer"),
    path("segnalazioni/<int:pk>/chiusura/", views.issue_close, name="issue_close"),
    path("segnalazioni/<int:pk>/risposta/", views.issue_answer, name="issue_answer"),
    path("segnalazioni/<int:pk>/gradimento/", views.issue_feedback, name="issue_feedback"),
    path("cruscotto/", views.dashboard, name="dashboard"),
]
