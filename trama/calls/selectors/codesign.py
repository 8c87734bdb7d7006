"""Reads of the co-design tables (issue 5, points 5 and 6): sessions, the shared project
document in versions, the agreement.

Who sees a call's table:
- the coordinator (who chairs it and writes) and the administrator read every table;
- an ETS member reads the table of a call only when their organisation leads a selected
  proposal of it, or is a confirmed partner of one (the "participating organisations");
- nobody else (403).

Who writes: the coordinator writes sessions and the agreement; the coordinator and the
members of the participating organisations may save a new version of the project document
(co-design means both sides write it; each version names its author).

Every selector loads what its page shows in a fixed number of queries.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from trama.accounts.models import User
from trama.calls.capabilities import CHAIR_TABLES, OVERSEE_TABLES, READ_TABLES, SIT_AT_TABLES
from trama.calls.models import (
    Agreement,
    AgreementPartner,
    Call,
    CallState,
    CodesignParticipant,
    CodesignSession,
    DocumentVersion,
    Proposal,
    ProposalPartner,
    ProposalState,
)
from trama.calls.selectors.proposal import member_organization_ids
from trama.organizations.models import Organization
from trama.projects.models import ProjectIndicator

# Proposals that take part in the co-design table.
SELECTED_STATES = (ProposalState.SELECTED, ProposalState.IN_CODESIGN, ProposalState.AGREED)
# States in which a call has a table its participants can read; the chair also sees a
# ranked call's table, to open it.
TABLE_STATES = (CallState.CO_DESIGN, CallState.CONCLUDED)
CHAIR_STATES = (CallState.RANKED, *TABLE_STATES)


def _selected_proposals_of(organization_ids) -> QuerySet[Proposal]:
    return Proposal.objects.filter(state__in=SELECTED_STATES).filter(
        Q(lead_id__in=organization_ids)
        | Q(
            partners__organization_id__in=organization_ids,
            partners__confirmed_at__isnull=False,
        )
    )


def selected_proposals(call: Call) -> QuerySet[Proposal]:
    """The call's proposals at the table, best ranked first, with lead and confirmed partners."""
    return (
        call.proposals.filter(state__in=SELECTED_STATES)
        .select_related("lead")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProposalPartner.objects.filter(confirmed_at__isnull=False)
                .select_related("organization")
                .order_by("organization__name"),
                to_attr="confirmed_partners",
            ),
            "indicators",
        )
        .order_by("rank", "title")
    )


def participating_organizations(call: Call) -> QuerySet[Organization]:
    """Leads and confirmed partners of the call's selected proposals (one query)."""
    at_table = call.proposals.filter(state__in=SELECTED_STATES)
    return (
        Organization.objects.filter(
            Q(led_proposals__in=at_table)
            | Q(
                proposal_partnerships__proposal__in=at_table,
                proposal_partnerships__confirmed_at__isnull=False,
            )
        )
        .distinct()
        .order_by("name")
    )


def takes_part(user: User | None, call: Call) -> bool:
    """Whether the user is a member of one of the call's participating organisations."""
    if not SIT_AT_TABLES.allows(user):
        return False
    ids = member_organization_ids(user)
    return bool(ids) and _selected_proposals_of(ids).filter(call=call).exists()


def may_write_sessions(user: User | None, call: Call) -> bool:
    return CHAIR_TABLES.allows(user) and call.state == CallState.CO_DESIGN


def may_write_document(user: User | None, call: Call) -> bool:
    return call.state == CallState.CO_DESIGN and (
        CHAIR_TABLES.allows(user) or takes_part(user, call)
    )


def _tables(user: User) -> QuerySet[Call]:
    READ_TABLES.require(user)
    if OVERSEE_TABLES.allows(user):
        return Call.objects.filter(state__in=CHAIR_STATES)
    ids = member_organization_ids(user)
    calls = _selected_proposals_of(ids).values("call_id")
    return Call.objects.filter(state__in=TABLE_STATES, pk__in=calls)


def codesign_table_list(*, user: User) -> QuerySet[Call]:
    """The calls whose table the user reads, latest first, with their counts."""
    return (
        _tables(user)
        .annotate(
            session_count=Count("codesign_sessions", distinct=True),
            version_count=Count("document_versions", distinct=True),
        )
        .order_by("-proposals_deadline", "title")
    )


def codesign_table_get(*, user: User, pk: int) -> Call:
    """One call whose table the user reads; DoesNotExist outside their scope."""
    return _tables(user).get(pk=pk)


def codesign_session_list(*, call: Call) -> QuerySet[CodesignSession]:
    """The sessions of a table the caller already read (`codesign_table_get`)."""
    return call.codesign_sessions.prefetch_related(
        Prefetch(
            "participants",
            queryset=CodesignParticipant.objects.select_related("organization").order_by(
                "organization__name", "name"
            ),
        )
    ).order_by("held_at")


def codesign_session_get(*, user: User, pk: int) -> CodesignSession:
    """One session of a table the user reads; DoesNotExist otherwise."""
    return (
        CodesignSession.objects.filter(call__in=_tables(user))
        .select_related("call", "created_by")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CodesignParticipant.objects.select_related("organization").order_by(
                    "organization__name", "name"
                ),
            )
        )
        .get(pk=pk)
    )


def document_version_list(*, call: Call) -> QuerySet[DocumentVersion]:
    """The versions of a table's project document, newest first (text left out)."""
    return call.document_versions.select_related("author").defer("body").order_by("-number")


def document_version_latest(*, call: Call) -> DocumentVersion | None:
    return call.document_versions.select_related("author").order_by("-number").first()


def document_version_get(*, call: Call, number: int) -> DocumentVersion:
    """One version of a table the caller already read; DoesNotExist otherwise."""
    return call.document_versions.select_related("author").get(number=number)


def agreement_get(*, call: Call) -> Agreement | None:
    """The call's agreement with its parties and the project's indicators, or None."""
    return (
        Agreement.objects.filter(call=call)
        .select_related("project", "document_version", "created_by")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=AgreementPartner.objects.select_related("organization").order_by(
                    "role", "organization__name"
                ),
            ),
            Prefetch(
                "project__indicators",
                queryset=ProjectIndicator.objects.order_by("position", "id"),
            ),
        )
        .first()
    )
