from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "trama.volunteering"
    label = "volunteering"

    def ready(self) -> None:
        # The elders' profiles and proposals in a person's export and erasure.
        from trama.core.subject_data import register
        from trama.volunteering.subject_data import volunteering_provider

        register(volunteering_provider())
