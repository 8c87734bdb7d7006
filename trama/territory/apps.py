from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "trama.territory"
    label = "territory"
