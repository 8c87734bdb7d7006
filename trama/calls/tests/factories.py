import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from trama.accounts.tests.factories import UserFactory
from trama.calls.models import (
    BudgetLine,
    Call,
    CallKind,
    CallState,
    CommitteeMember,
    Criterion,
    Proposal,
    ProposalState,
)
from trama.organizations.tests.factories import OrganizationFactory


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
    questions_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    proposals_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=21))
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
