from django.forms.renderers import DjangoTemplates


class TramaFormRenderer(DjangoTemplates):
    """Every form renders its fields with label, help and errors tied by aria attributes."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def apply_domain_error(form, error) -> None:
    """Show a service's DomainError on the form: on its field when it names one."""
    field = getattr(error, "field", None)
    if field and field in form.fields:
        form.add_error(field, error.messages)
    else:
        form.add_error(None, error.messages)
