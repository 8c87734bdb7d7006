from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "trama.audit"
    label = "audit"
