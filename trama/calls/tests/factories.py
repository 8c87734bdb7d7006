import datetime
import hashlib
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trama.accounts.tests.factories import UserFactory
from trama.calls.models import (
    BudgetLine,
    Call,
    CallDocument,
    CallKind,
    CallState,
    CommitteeMember,
    Criterion,
    DocumentKind,
    Proposal,
    ProposalState,
    Question,
)
from trama.core.deadlines import deadline_to_minute
from trama.organizations.tests.factories import OrganizationFactory


def _minute_in(**delta) -> datetime.datetime:
    return deadline_to_minute(timezone.now() + datetime.timedelta(**delta))


class CallFactory(factory.django.DjangoModelFactory):
    """A published co-design call, open for questions and proposals for three more weeks."""

    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Avviso di co-progettazione {n}")
    kind = CallKind.CO_DESIGN
    purpose = "Individuare partner del Terzo Settore per co-progettare servizi di comunità."
    budget_available = Decimal("100000.00")
    min_cofunding_percent = Decimal("10.00")
    requires_runts = False
    requires_local_presence = False
    admission_threshold = Decimal("60.00")
    publication_date = factory.LazyFunction(lambda: timezone.localdate())
    # Deadlines are stored to the minute, as the services store them (trama.core.deadlines).
    questions_deadline = factory.LazyFunction(lambda: _minute_in(days=14))
    proposals_deadline = factory.LazyFunction(lambda: _minute_in(days=21))
    state = CallState.PUBLISHED
    created_by = factory.SubFactory(UserFactory)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Criterio {n}")
    max_points = Decimal("20.00")


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft proposal with a balanced budget (one line, 20% co-funding in cash)."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    lead = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Proposta {n}")
    summary = "Attività di comunità per persone anziane sole."
    total_budget = Decimal("10000.00")
    state = ProposalState.DRAFT
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if create and extracted is not False:
            BudgetLine.objects.create(
                proposal=self,
                description="Personale",
                amount=self.total_budget,
                consortium_share=self.total_budget * Decimal("0.8"),
                cofunding_cash=self.total_budget * Decimal("0.2"),
            )


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)


# Co-design (area codesign) ---------------------------------------------------------------


def codesign_call(*, lead, partners=(), state=CallState.CO_DESIGN, **call_fields):
    """A call past its deadlines, in `state` (co-design by default), whose proposal led by
    `lead` (with `partners`, confirmed) was selected and is at the co-design table."""
    from trama.calls.models import ProposalPartner

    now = timezone.now()
    call = CallFactory(
        state=state,
        questions_deadline=now - datetime.timedelta(days=60),
        proposals_deadline=now - datetime.timedelta(days=50),
        **call_fields,
    )
    proposal_state = {
        CallState.RANKED: ProposalState.SELECTED,
        CallState.CONCLUDED: ProposalState.AGREED,
    }.get(state, ProposalState.IN_CODESIGN)
    proposal = ProposalFactory(
        call=call,
        lead=lead,
        state=proposal_state,
        submitted_at=now - datetime.timedelta(days=51),
        rank=1,
        committee_score=Decimal("80.00"),
    )
    for organization in partners:
        ProposalPartner.objects.create(
            proposal=proposal, organization=organization, role="Partner", confirmed_at=now
        )
    return call


class CodesignSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "calls.CodesignSession"

    call = factory.SubFactory(CallFactory)
    held_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    place = "Sala consiliare"
    agenda = "Presentazione delle proposte selezionate."
    created_by = factory.SubFactory(UserFactory)


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "calls.DocumentVersion"

    call = factory.SubFactory(CallFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Documento di progetto"
    body = "Obiettivi.\nAttività di comunità per persone anziane sole."
    note = "Prima stesura"
    author = factory.SubFactory(UserFactory)


# Call area (C1): documents and questions -----------------------------------------------------

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class CallDocumentFactory(factory.django.DjangoModelFactory):
    """A notice (a tiny PDF) of a call; size and SHA-256 match the file."""

    class Meta:
        model = CallDocument

    call = factory.SubFactory(CallFactory)
    kind = DocumentKind.NOTICE
    title = factory.Sequence(lambda n: f"Avviso pubblico {n}")
    file = factory.LazyFunction(
        lambda: SimpleUploadedFile("avviso.pdf", TINY_PDF, content_type="application/pdf")
    )
    size = len(TINY_PDF)
    sha256 = hashlib.sha256(TINY_PDF).hexdigest()
    uploaded_by = factory.SubFactory(UserFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    """An unanswered question by an ETS member's user."""

    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    text = factory.Sequence(lambda n: f"Domanda {n}: i partner devono essere iscritti al RUNTS?")
    asked_by = factory.SubFactory(UserFactory)
    asked_at = factory.LazyFunction(timezone.now)
