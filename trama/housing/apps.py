from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "trama.housing"
    label = "housing"
    verbose_name = "RI-abitare la città"
