from django import forms

from trama.territory.models import Hub
from trama.territory.selectors import municipality_list


class HubForm(forms.ModelForm):
    """Parses input only: the view saves through trama.territory.services."""

    class Meta:
        model = Hub
        fields = [
            "name",
            "kind",
            "address",
            "postcode",
            "municipality",
            "opening_hours",
            "phone",
            "email",
            "is_active",
        ]
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipality_list()

    def _post_clean(self):
        """Model validation happens in the service, once."""
