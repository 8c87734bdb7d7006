from django.urls import path

from trama.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.hub_list, name="hub_list"),
    path("<int:pk>/", views.hub_detail, name="hub_detail"),
]
