from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "trama.volunteering"
    label = "volunteering"
