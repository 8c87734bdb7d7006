from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "trama.demo"
    label = "demo"
