"""Calls in the API: every public call for everybody (no token needed), with its criteria,
documents (download addresses) and published answers — never who asked; drafts too for a
coordinator's or administrator's token."""

from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from trama.accounts.api import optional_token_auth
from trama.calls.capabilities import OVERSEE_CALLS
from trama.calls.models import Call, CallState
from trama.calls.selectors import call as selectors
from trama.core.api import BoundedLimitOffsetPagination, DatabaseId

router = Router(tags=["calls"])


class TargetGroupRef(Schema):
    code: str
    label: str
    label_en: str


class MunicipalityRef(Schema):
    id: int
    istat_code: str
    name: str


class SectorRef(Schema):
    code: str
    label: str


class CallSummaryOut(Schema):
    id: int
    title: str
    kind: str
    state: str
    cycle: int
    previous_cycle_id: int | None
    budget_available: Decimal
    publication_date: date | None
    questions_deadline: datetime
    proposals_deadline: datetime
    target_groups: list[TargetGroupRef]
    municipalities: list[MunicipalityRef]


class CriterionOut(Schema):
    position: int
    title: str
    description: str
    max_points: Decimal
    weight: Decimal


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    size: int
    sha256: str
    url: str
    uploaded_at: datetime


class AnswerOut(Schema):
    """A published answer: the question and the answer, never who asked."""

    question: str
    answer: str
    asked_at: datetime
    answered_at: datetime


class CallOut(CallSummaryOut):
    purpose: str
    min_cofunding_percent: Decimal
    volunteer_hour_rate: Decimal
    requires_runts: bool
    requires_local_presence: bool
    required_sectors: list[SectorRef]
    admission_threshold: Decimal
    score_aggregate: str
    tie_break: str
    evaluation_by: date | None
    codesign_by: date | None
    agreement_by: date | None
    criteria: list[CriterionOut]
    documents: list[DocumentOut]
    answers: list[AnswerOut]


# Fields of CallOut built from related rows rather than read from the call itself.
RELATED_OUT = frozenset(
    {"target_groups", "municipalities", "required_sectors", "criteria", "documents", "answers"}
)


def _can_read_drafts(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and OVERSEE_CALLS.allows(user))


def _document_url(request, call: Call, document) -> str:
    # The public address for a public call; the back-office one (login needed) for a draft.
    name = "calls:call_document" if call.state == CallState.DRAFT else "public:call_document"
    return request.build_absolute_uri(reverse(name, kwargs={"pk": document.pk}))


@router.get(
    "",
    response=list[CallSummaryOut],
    auth=optional_token_auth,
    summary="Calls",
    url_name="call_list",
)
@paginate(BoundedLimitOffsetPagination)
def call_list(request):
    """The public calls (every state after the draft), open ones first; with a
    coordinator's or administrator's token, the drafts too."""
    if _can_read_drafts(request.user):
        return selectors.call_list(user=request.user).prefetch_related(
            "target_groups", "municipalities"
        )
    return selectors.public_call_list()


@router.get(
    "/{int:call_id}",
    response=CallOut,
    auth=optional_token_auth,
    summary="One call, with its criteria, documents and answers",
    url_name="call_detail",
)
def call_detail(request, call_id: DatabaseId):
    if _can_read_drafts(request.user):
        call = selectors.call_get(user=request.user, pk=call_id)
    else:
        call = selectors.public_call_get(call_id)
    scalar = set(CallOut.model_fields) - RELATED_OUT
    return {
        **{name: getattr(call, name) for name in scalar},
        "target_groups": list(call.target_groups.all()),
        "municipalities": list(call.municipalities.all()),
        "required_sectors": list(call.required_sectors.all()),
        "criteria": list(call.criteria.all()),
        "documents": [
            {
                "id": document.pk,
                "kind": document.kind,
                "title": document.title,
                "size": document.size,
                "sha256": document.sha256,
                "url": _document_url(request, call, document),
                "uploaded_at": document.uploaded_at,
            }
            for document in call.documents.all()
        ],
        "answers": [
            {
                "question": question.text,
                "answer": question.answer,
                "asked_at": question.asked_at,
                "answered_at": question.answered_at,
            }
            for question in selectors.public_answers(call)
        ],
    }
