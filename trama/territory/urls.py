from django.urls import path

from trama.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.hub_list, name="hub_list"),
    path("nuovo/", views.hub_create, name="hub_create"),
    path("<int:pk>/", views.hub_detail, name="hub_detail"),
    path("<int:pk>/modifica/", views.hub_edit, name="hub_edit"),
]
