from django.urls import path

from trama.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("nuovo/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/modifica/", views.project_edit, name="edit"),
    path("<int:pk>/partner/", views.project_partners, name="partners"),
    path("<int:pk>/finanziamenti/", views.project_funding, name="funding"),
    path("<int:pk>/servizi/", views.project_services, name="services"),
    path("<int:pk>/requisiti/", views.project_eligibility, name="eligibility"),
]
