from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "trama.calls"
    label = "calls"
