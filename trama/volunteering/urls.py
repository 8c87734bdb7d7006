from django.urls import path

from trama.volunteering import views

app_name = "volunteering"
urlpatterns = [
    path("", views.volunteer_list, name="volunteer_list"),
    path("anziani/", views.elder_list, name="elder_list"),
    path("anziani/nuovo/<int:person_pk>/", views.elder_create, name="elder_create"),
    path("anziani/<int:pk>/", views.elder_detail, name="elder_detail"),
    path("anziani/<int:pk>/modifica/", views.elder_edit, name="elder_edit"),
    path("abbinamenti/", views.matching, name="matching"),
    path("abbinamenti/<int:pk>/", views.matching_run, name="matching_run"),
    path("proposte/<int:pk>/scegli/", views.pairing_choose, name="pairing_choose"),
    path("affidi/", views.pairing_list, name="pairing_list"),
    path("affidi/<int:pk>/", views.pairing_detail, name="pairing_detail"),
    path("affidi/<int:pk>/stato/", views.pairing_move, name="pairing_move"),
    path("affidi/<int:pk>/accordo/", views.agreement_save, name="agreement_save"),
    path("accordi/<int:pk>.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("affidi/<int:pk>/verifica/", views.review_record, name="review_record"),
    path("mio/", views.my_pairings, name="my_pairings"),
    path("mio/affidi/<int:pk>/visita/", views.visit_create, name="visit_create"),
    path("<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("<int:pk>/stato/", views.volunteer_move, name="volunteer_move"),
]
