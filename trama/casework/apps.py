from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "trama.casework"
    label = "casework"
