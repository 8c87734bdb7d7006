from django.urls import path

from trama.participation import views

app_name = "participation"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("nuovo/", views.body_create, name="body_create"),
    path("<int:pk>/", views.body_detail, name="body_detail"),
    path("<int:pk>/membri/", views.member_add, name="member_add"),
    path("<int:pk>/riunioni/nuova/", views.meeting_create, name="meeting_create"),
    path("riunioni/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("riunioni/<int:pk>/verbale.pdf", views.meeting_minutes, name="meeting_minutes"),
    path("riunioni/<int:pk>/convoca/", views.meeting_convene, name="meeting_convene"),
    path("riunioni/<int:pk>/annulla/", views.meeting_cancel, name="meeting_cancel"),
    path("riunioni/<int:pk>/presenze/", views.meeting_attendance, name="meeting_attendance"),
    path("riunioni/<int:pk>/chiudi/", views.meeting_close, name="meeting_close"),
    path("punti/<int:pk>/decisione/", views.item_decide, name="item_decide"),
    path("decisioni/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("azioni/<int:pk>/", views.action_detail, name="action_detail"),
]
