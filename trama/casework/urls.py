from django.urls import path

from trama.casework import screening_views, views

app_name = "casework"
urlpatterns = [
    path("invii/", views.referral_list, name="referral_list"),
    path("invii/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("invii/<int:pk>/stato/", views.referral_transition, name="referral_transition"),
    path("persone/<int:person_pk>/ascolti/nuovo/", views.session_create, name="session_create"),
    path("persone/<int:person_pk>/invii/nuovo/", views.referral_create, name="referral_create"),
    path("persone/<int:person_pk>/storia/", views.person_timeline, name="person_timeline"),
    path("ascolti/<int:pk>/", views.session_detail, name="session_detail"),
    path("persone/<int:person_pk>/piani/nuovo/", views.plan_create, name="plan_create"),
    path("piani/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("piani/<int:pk>/azioni/nuova/", views.plan_action_add, name="plan_action_add"),
    path("azioni/<int:pk>/stato/", views.plan_action_status, name="plan_action_status"),
    path("piani/<int:pk>/verifiche/nuova/", views.plan_review_add, name="plan_review_add"),
    path("scadenze/", views.follow_up_list, name="follow_up_list"),
    path("cruscotto/", views.dashboard, name="dashboard"),
    path("appuntamenti/", views.appointment_list, name="appointment_list"),
    path("appuntamenti/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path(
        "persone/<int:person_pk>/appuntamenti/nuovo/",
        views.appointment_create,
        name="appointment_create",
    ),
    path("da-contattare/", views.outreach, name="outreach"),
    path(
        "persone/<int:person_pk>/questionari/",
        screening_views.screening_list,
        name="screening_list",
    ),
    path(
        "persone/<int:person_pk>/questionari/<slug:instrument>/nuovo/",
        screening_views.screening_create,
        name="screening_create",
    ),
]
