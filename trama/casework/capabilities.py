"""What casework lets each role do beyond the people capabilities it builds on."""

from trama.accounts.roles import Role
from trama.core.policy import capability
from trama.people.capabilities import OPEN_PERSON, READ_PEOPLE

RECEIVE_REFERRALS = capability(
    "casework.receive_referrals",
    "receives referrals for their organisation",
    (Role.ETS_MEMBER, Role.PARTNER),
)
ANSWER_REFERRALS = capability(
    "casework.answer_referrals",
    "accepts, declines and reports on received referrals",
    (Role.COORDINATOR, Role.ETS_MEMBER, Role.PARTNER),
)
READ_REFERRALS = READ_PEOPLE | ANSWER_REFERRALS
OPEN_REFERRAL = OPEN_PERSON | ANSWER_REFERRALS
READ_DASHBOARD = capability(
    "casework.read_dashboard",
    "reads the hub dashboard of their scope",
    (
        Role.COORDINATOR,
        Role.SUPERVISOR,
        Role.OPERATOR,
        Role.MEDIATOR,
        Role.ETS_MEMBER,
        Role.PARTNER,
    ),
)
