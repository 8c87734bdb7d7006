from django.urls import path

from trama.food import views

app_name = "food"
urlpatterns = [
    path("magazzino/", views.stock_list, name="stock_list"),
    path("lotti/<int:pk>/", views.lot_detail, name="lot_detail"),
    path("donazioni/nuova/", views.donation_create, name="donation_create"),
]
