from django.urls import path

from trama.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("progetti/", views.project_list, name="project_list"),
    path("progetti/<slug:slug>/", views.project_detail, name="project_detail"),
    path("contatti/", views.contacts, name="contacts"),
    path("quali-progetti/", views.self_check, name="self_check"),
]
