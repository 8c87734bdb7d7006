from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "trama.projects"
    label = "projects"
