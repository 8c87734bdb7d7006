from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.shortcuts import redirect


class TramaFormRenderer(DjangoTemplates):
    """Every form renders its fields with label, help and errors tied by aria attributes."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def apply_service_error(form, error: ValidationError) -> None:
    """Show a service's error on the form: each message on the field it names when the form
    has that field, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def run_service(form, call):
    """The POST half of a form page: call the service when the form is valid and return
    its result; a refusal (a `ValidationError`, a `DomainError`) goes onto the form and
    None comes back, as it does for an invalid form."""
    if not form.is_valid():
        return None
    try:
        return call()
    except ValidationError as error:
        apply_service_error(form, error)
        return None


def saved(request, form, call, *, message: str, then):
    """The valid POST → service → message step of a form page: on a POST whose form is
    valid and whose service succeeds, the success `message` and a redirect to `then` (a URL,
    or a callable that gets the service's result and returns one). None otherwise — a GET,
    or the form with its errors to show again."""
    if request.method != "POST":
        return None
    result = run_service(form, call)
    if not result:
        return None
    messages.success(request, message)
    return redirect(then(result) if callable(then) else then)
