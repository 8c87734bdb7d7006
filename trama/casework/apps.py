from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "trama.casework"
    label = "casework"

    def ready(self) -> None:
        # Casework's sessions, referrals and plans in a person's export and erasure.
        from trama.casework.subject_data import casework_provider
        from trama.core.subject_data import register

        register(casework_provider())

        # The "Overdue referrals" panel of the back-office home page.
        from trama.casework.views import overdue_panel
        from trama.core.dashboard import register_panel

        register_panel(overdue_panel)
