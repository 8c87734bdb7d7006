from django.urls import path

from trama.volunteering import views

app_name = "volunteering"
urlpatterns = [
    path("", views.volunteer_list, name="volunteer_list"),
    path("<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("<int:pk>/stato/", views.volunteer_move, name="volunteer_move"),
]
