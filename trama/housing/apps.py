from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "trama.housing"
    label = "housing"
    verbose_name = "RI-abitare la città"

    def ready(self) -> None:
        # The households' activities and issues on the people's timelines.
        from trama.core.timeline import register
        from trama.housing.timeline import housing_events

        register("housing", housing_events)
