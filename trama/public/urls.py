from django.urls import path

from trama.public import calls, views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("progetti/", views.project_list, name="project_list"),
    path("progetti/<slug:slug>/", views.project_detail, name="project_detail"),
    path("contatti/", views.contacts, name="contacts"),
    path("quali-progetti/", views.self_check, name="self_check"),
    path("avvisi/", calls.call_list, name="call_list"),
    path("avvisi/<int:pk>/", calls.call_detail, name="call_detail"),
    path("avvisi/documenti/<int:pk>/", calls.call_document, name="call_document"),
]
