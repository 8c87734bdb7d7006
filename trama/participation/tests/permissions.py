import datetime as dt

from django.utils import timezone

from tests.permissions import Case, expect, once, only
from trama.organizations.tests.factories import OrganizationFactory
from trama.participation.models import Decision, FollowUpAction, Meeting
from trama.participation.tests.factories import (
    AgendaItemFactory,
    BodyMemberFactory,
    GovernanceBodyFactory,
    MeetingFactory,
)

SECRETARIES = ["coordinator", "admin"]
READERS = [*SECRETARIES, "ets_member"]
# A body the ETS member's organisation does not sit on: not found for it.
NOT_ITS_BODY = {**only(SECRETARIES), "ets_member": 404}
SECRETARY_POST = only(SECRETARIES, allowed=302)


def _own_body(world):
    """A body the ETS member's organisation sits on, with a decision and an action."""

    def make():
        body = GovernanceBodyFactory(slug="cabina-prova", is_public=True)
        BodyMemberFactory(body=body, organization=world.org_own)
        item = AgendaItemFactory(meeting=MeetingFactory(body=body), position=1)
        decision = Decision.objects.create(
            item=item, text="Approvato", outcome="approved", decided_at=timezone.now()
        )
        FollowUpAction.objects.create(
            decision=decision,
            title="Aprire lo sportello",
            due_date=dt.date(2027, 1, 31),
            owner_organization=world.org_own,
        )
        return body

    return once(world, "_participation_body", make)


def _other_body(world):
    return once(
        world,
        "_participation_other",
        lambda: GovernanceBodyFactory(slug="cabina-altra", is_public=False),
    )


def _body(world):
    return {"pk": _own_body(world).pk}


def _meeting(world):
    return {"pk": Meeting.objects.filter(body=_own_body(world)).get().pk}


def _other_meeting(world):
    return {"pk": MeetingFactory(body=_other_body(world)).pk}


def _minuted_meeting(world):
    """A closed meeting of another body the ETS member's organisation sits on."""

    def make():
        body = GovernanceBodyFactory(slug="cabina-verbali")
        BodyMemberFactory(body=body, organization=world.org_own)
        return MeetingFactory(body=body, state="closed", minutes="Seduta regolare.")

    return {"pk": once(world, "_participation_minuted", make).pk}


def _other_minuted_meeting(world):
    return {"pk": MeetingFactory(body=_other_body(world), state="closed").pk}


def _item(world):
    return {"pk": _own_body(world).meetings.get().items.get().pk}


def _decision(world):
    return {"pk": _own_body(world).meetings.get().items.get().decision.pk}


def _action(world):
    return {"pk": _own_body(world).meetings.get().items.get().decision.actions.get().pk}


def _new_member(world) -> dict:
    return {
        "organization": OrganizationFactory().pk,
        "representative": "Maria Rossi",
        "has_vote": "on",
    }


def _new_meeting(world) -> dict:
    start = timezone.localtime() + dt.timedelta(days=10)
    return {
        "title": "Riunione",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Grugliasco",
        "agenda": "Bilancio\nVarie",
        "voted_items": "1",
    }


def _report(world) -> dict:
    action = _own_body(world).meetings.get().items.get().decision.actions.get()
    return {"progress": 20, "status": "in_progress", "note": "Avviato", "version": action.version}


CASES = [
    Case("participation:body_list", only(READERS)),
    Case("participation:body_create", only(SECRETARIES)),
    Case(
        "participation:body_create",
        SECRETARY_POST,
        method="post",
        data=lambda w: {"name": "Tavolo", "quorum_percent": 50, "majority": "simple"},
    ),
    Case("participation:body_detail", only(READERS), kwargs=_body),
    Case("participation:body_detail", NOT_ITS_BODY, kwargs=lambda w: {"pk": _other_body(w).pk}),
    Case("participation:member_add", only(SECRETARIES), kwargs=_body),
    Case("participation:member_add", SECRETARY_POST, kwargs=_body, method="post", data=_new_member),
    Case("participation:meeting_create", only(SECRETARIES), kwargs=_body),
    Case(
        "participation:meeting_create",
        SECRETARY_POST,
        kwargs=_body,
        method="post",
        data=_new_meeting,
    ),
    Case("participation:meeting_detail", only(READERS), kwargs=_meeting),
    Case("participation:meeting_detail", NOT_ITS_BODY, kwargs=_other_meeting),
    Case("participation:meeting_minutes", only(READERS), kwargs=_minuted_meeting),
    Case("participation:meeting_minutes", NOT_ITS_BODY, kwargs=_other_minuted_meeting),
    # A draft meeting has no minutes yet: not found for whoever may read the meeting.
    Case(
        "participation:meeting_minutes", only(READERS, allowed=404), kwargs=_meeting, note="draft"
    ),
    Case("participation:meeting_convene", SECRETARY_POST, kwargs=_meeting, method="post"),
    Case("participation:meeting_cancel", SECRETARY_POST, kwargs=_meeting, method="post"),
    Case("participation:meeting_attendance", only(SECRETARIES), kwargs=_meeting),
    Case("participation:meeting_close", only(SECRETARIES), kwargs=_meeting),
    Case("participation:item_decide", only(SECRETARIES), kwargs=_item),
    Case("participation:decision_detail", only(READERS), kwargs=_decision),
    Case("participation:action_detail", only(READERS), kwargs=_action),
    # The owner's members report progress, as the secretaries do; the rest cannot post.
    Case(
        "participation:action_detail",
        only(READERS, allowed=302),
        kwargs=_action,
        method="post",
        data=_report,
        note="report",
    ),
    Case("participation_public:body", expect(200), kwargs=lambda w: {"slug": _own_body(w).slug}),
    Case(
        "participation_public:body",
        expect(404),
        kwargs=lambda w: {"slug": _other_body(w).slug},
        note="not public",
    ),
]
