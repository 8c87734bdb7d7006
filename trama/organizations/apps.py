from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "trama.organizations"
    label = "organizations"
