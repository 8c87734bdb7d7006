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
        # The households' tenancies, activities and issues in a person's export and erasure.
        from trama.core.subject_data import register as register_subject_data
        from trama.housing.subject_data import housing_provider

        register_subject_data(housing_provider())
        # The open and overdue issues on the home page.
        from trama.core.dashboard import register_panel
        from trama.housing.views import issues_panel

        register_panel(issues_panel)
