"""What people's data lets each role do (decision 0019 for the glass-only roles)."""

from trama.accounts.roles import Role
from trama.core.policy import capability

READ_PEOPLE = capability(
    "people.read",
    "reads the people, households and casework of their scope",
    (Role.COORDINATOR, Role.SUPERVISOR, Role.OPERATOR, Role.MEDIATOR),
)
WRITE_PEOPLE = capability(
    "people.write",
    "records and corrects people, households, consents and ISEE of their scope",
    (Role.COORDINATOR, Role.SUPERVISOR, Role.OPERATOR, Role.MEDIATOR),
)
# Roles that read no one's case by default: only the people they broke the glass for, for
# BREAK_GLASS_MINUTES after each declared access.
READ_BY_GLASS_ONLY = capability(
    "people.read_by_glass_only",
    "reads a person only after breaking the glass for them",
    (Role.DPO,),
)
# Who may open one named person's record and the casework about them: the readers within
# their scope, the glass-only roles within their break-the-glass window.
OPEN_PERSON = READ_PEOPLE | READ_BY_GLASS_ONLY
# Who may declare why they open a person outside their scope: the roles bound to hubs, and
# the DPO (whose scope is no one).
BREAK_GLASS = capability(
    "people.break_glass",
    "opens a person outside their scope with a declared reason",
    (Role.OPERATOR, Role.MEDIATOR, Role.DPO),
)
READ_BROKEN_GLASS = capability(
    "people.read_broken_glass", "reviews every break-the-glass access", (Role.DPO,)
)
KEEP_NOTICES = capability(
    "people.keep_notices", "publishes the privacy notices", (Role.DPO, Role.COORDINATOR)
)
# Export and erasure of a person (people/privacy.py).
ANSWER_SUBJECT_REQUESTS = capability(
    "people.answer_subject_requests",
    "answers data-subject requests (export, erasure)",
    (Role.DPO, Role.COORDINATOR),
)
LIST_OUTREACH = capability(
    "people.list_outreach",
    "lists the people the projects could reach",
    (Role.COORDINATOR, Role.OPERATOR),
)
