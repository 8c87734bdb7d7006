from django.urls import path

from trama.volunteering import views

app_name = "volunteering"
urlpatterns = [
    path("", views.volunteer_list, name="volunteer_list"),
    path("abbinamenti/", views.matching, name="matching"),
    path("abbinamenti/<int:pk>/", views.matching_run, name="matching_run"),
    path("<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("<int:pk>/stato/", views.volunteer_move, name="volunteer_move"),
]
