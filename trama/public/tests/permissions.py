from tests.permissions import Case, expect
from trama.calls.tests.factories import CallDocumentFactory
from trama.projects.tests.factories import ProjectFactory

CASES = [
    Case("public:home", expect(200)),
    Case("public:project_list", expect(200)),
    Case(
        "public:project_detail",
        expect(200),
        kwargs=lambda w: {"slug": ProjectFactory(slug="progetto-pubblico").slug},
    ),
    Case(
        "public:project_detail",
        expect(404),
        kwargs=lambda w: {"slug": ProjectFactory(slug="progetto-riservato", is_public=False).slug},
        note="unpublished",
    ),
    Case("public:contacts", expect(200)),
    Case("public:self_check", expect(200)),
    Case("public:self_check", expect(200), method="post", data=lambda w: {"age": "70"}),
    # Calls and notices (issue 5): public past the draft, a draft is never public.
    Case("public:call_list", expect(200)),
    Case("public:call_detail", expect(200), kwargs=lambda w: {"pk": w.call_own.pk}),
    Case(
        "public:call_detail",
        expect(404),
        kwargs=lambda w: {"pk": _draft_call().pk},
        note="draft",
    ),
    Case(
        "public:call_document",
        expect(200),
        kwargs=lambda w: {"pk": CallDocumentFactory(call=w.call_own).pk},
    ),
    Case(
        "public:call_document",
        expect(404),
        kwargs=lambda w: {"pk": CallDocumentFactory(call=_draft_call()).pk},
        note="draft",
    ),
]


def _draft_call():
    from trama.calls.models import CallState
    from trama.calls.tests.factories import CallFactory

    return CallFactory(title="Avviso in bozza", state=CallState.DRAFT)
