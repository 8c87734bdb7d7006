from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trama.core"
    label = "core"
