from django.urls import path

from trama.people import eligibility_views, privacy_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("nuova/", views.person_create, name="create"),
    path("accesso-straordinario/", views.person_break_glass, name="break_glass"),
    path("accessi-straordinari/", views.break_glass_log, name="break_glass_log"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/modifica/", views.person_edit, name="edit"),
    path("<int:pk>/esporta.json", privacy_views.person_export_json, name="export_json"),
    path("<int:pk>/esporta.pdf", privacy_views.person_export_pdf, name="export_pdf"),
    path("<int:pk>/anonimizza/", privacy_views.person_erase, name="erase"),
    path("<int:pk>/requisiti/", eligibility_views.person_eligibility, name="eligibility"),
    path("<int:pk>/consensi/nuovo/", views.consent_add, name="consent_add"),
    path("consensi/<int:pk>/revoca/", views.consent_withdraw, name="consent_withdraw"),
    path("nuclei/nuovo/", views.household_create, name="household_create"),
    path("nuclei/<int:pk>/", views.household_detail, name="household_detail"),
    path("nuclei/<int:pk>/membri/nuovo/", views.household_member_add, name="member_add"),
    path("nuclei/<int:pk>/isee/nuovo/", views.isee_add, name="isee_add"),
    path("informative/", views.notice_list, name="notice_list"),
    path("informative/nuova/", views.notice_create, name="notice_create"),
]
