from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "trama.public"
    label = "public"
