from django.urls import path

from trama.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("nuova/", views.organization_create, name="create"),
    path("importa/", views.organization_import, name="import"),
    path(
        "importa/anteprima/<str:token>/", views.organization_import_preview, name="import_preview"
    ),
    path("importa/lotti/<int:pk>/", views.organization_import_batch, name="import_batch"),
    path("importa/modello/", views.organization_import_template, name="import_template"),
    path("esporta/", views.organization_export, name="export"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/modifica/", views.organization_edit, name="edit"),
]
