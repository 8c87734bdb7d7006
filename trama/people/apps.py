from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "trama.people"
    label = "people"
