from django.urls import path

from trama.volunteering import views

app_name = "volunteering_public"
urlpatterns = [
    path("candidati/", views.apply, name="apply"),
    path("grazie/", views.thanks, name="thanks"),
]
