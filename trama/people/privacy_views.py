"""The data subject's rights in the back office: export (JSON, PDF) and erasure of a person,
for the DPO and the coordinator (see privacy.py)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama.core.policy import capability_required
from trama.core.responses import attachment
from trama.core.shortcuts import get_or_404
from trama.people import privacy, selectors, services
from trama.people.capabilities import ANSWER_SUBJECT_REQUESTS
from trama.people.forms import ErasureForm
from trama.people.models import OpenPurpose, Person
from trama.people.views import saved_then


def _person_or_404(request, pk: int) -> Person:
    return get_or_404(selectors.person_list(user=request.user), pk=pk)


def _export(request, pk: int, file_format: str) -> dict:
    return privacy.person_export(
        actor=request.user,
        person=_person_or_404(request, pk),
        purpose=OpenPurpose.DATA_SUBJECT_REQUEST,
        file_format=file_format,
    )


# POST only: an export writes the access log, so no link prefetch or stray GET may cause one.
@require_POST
@capability_required(ANSWER_SUBJECT_REQUESTS)
def person_export_json(request, pk: int):
    data = _export(request, pk, "json")
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return attachment(
        content.encode(),
        content_type="application/json; charset=utf-8",
        filename=f"persona-{pk}-dati.json",
    )


@require_POST
@capability_required(ANSWER_SUBJECT_REQUESTS)
def person_export_pdf(request, pk: int):
    data = _export(request, pk, "pdf")
    return attachment(
        privacy.export_pdf(data), content_type="application/pdf", filename=f"persona-{pk}-dati.pdf"
    )


@capability_required(ANSWER_SUBJECT_REQUESTS)
def person_erase(request, pk: int):
    if request.method == "POST":
        person = _person_or_404(request, pk)
    else:
        # The confirmation shows who is about to be anonymised: a logged open of the record.
        person = get_or_404(
            services.person_open,
            actor=request.user,
            person_id=pk,
            purpose=OpenPurpose.DATA_SUBJECT_REQUEST,
        )
    form = ErasureForm(request.POST or None)
    response = saved_then(
        request,
        form,
        lambda data: privacy.person_erase(actor=request.user, person=person, reason=data["reason"]),
        message=_("The person has been anonymised."),
        then=lambda _result: redirect("people:detail", pk=pk),
    )
    return response or render(
        request,
        "people/erase.html",
        {"form": form, "person": person, "anonymised": person.anonymized_at is not None},
    )
