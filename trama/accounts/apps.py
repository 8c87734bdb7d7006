from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trama.accounts"
    label = "accounts"

    def ready(self) -> None:
        from trama.accounts import auth_events  # noqa: F401  (connects the receivers)
