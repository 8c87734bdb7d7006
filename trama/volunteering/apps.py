from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "trama.volunteering"
    label = "volunteering"

    def ready(self) -> None:
        # The elders' profiles and proposals in a person's export and erasure.
        from trama.core.subject_data import register
        from trama.volunteering.subject_data import volunteering_provider

        register(volunteering_provider())
        # Mi affido a te at a glance on the home page.
        from trama.core.dashboard import register_panel
        from trama.volunteering.views import project_panel

        register_panel(project_panel)
