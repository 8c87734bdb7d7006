from django.urls import path

from trama.participation import views

app_name = "participation_public"
urlpatterns = [
    path("<slug:slug>/", views.public_body, name="body"),
]
