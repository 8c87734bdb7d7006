from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "trama.core"
    label = "core"

    def ready(self) -> None:
        # Each app registers its back-office menu entries in its own `menu.py`.
        autodiscover_modules("menu")
