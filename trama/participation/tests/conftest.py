import pytest

from trama.participation import services
from trama.participation.tests.factories import BodyMemberFactory, GovernanceBodyFactory


@pytest.fixture
def body(db):
    return GovernanceBodyFactory(name="Cabina di regia della Cittadella del Welfare")


@pytest.fixture
def members(body):
    return [BodyMemberFactory(body=body) for _ in range(4)]


@pytest.fixture
def held_meeting(world, body, members):
    """A meeting being held with three of the four voting members present, one by its
    substitute; item 1 to the vote, item 2 for discussion."""
    import datetime as dt

    from django.utils import timezone

    secretary = world.users.coordinator
    start = timezone.now() + dt.timedelta(days=2)
    meeting = services.meeting_create(
        actor=secretary,
        body=body,
        title="Prima riunione",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Grugliasco",
        agenda=[("Regolamento della cabina", True), ("Calendario degli incontri", False)],
    )
    meeting = services.meeting_convene(actor=secretary, meeting=meeting)
    return services.meeting_record_attendance(
        actor=secretary,
        meeting=meeting,
        present={members[0].pk: False, members[1].pk: True, members[2].pk: False},
        version=meeting.version,
    )
