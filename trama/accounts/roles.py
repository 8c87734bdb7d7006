"""Roles of DESIGN.md §1 and the kinds of scope each can be granted on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator (Area Coesione)")
    OPERATOR = "operator", _("Hub operator")
    MEDIATOR = "mediator", _("Housing mediator")
    SUPERVISOR = "supervisor", _("Supervisor (Mi affido a te)")
    ETS_MEMBER = "ets_member", _("Member of a third-sector entity")
    EVALUATOR = "evaluator", _("Evaluator of a call")
    VOLUNTEER = "volunteer", _("Volunteer")
    PARTNER = "partner", _("Partner institution")
    DPO = "dpo", _("Data protection officer")
    ADMIN = "admin", _("Administrator")


class ScopeKind(models.TextChoices):
    CONSORTIUM = "consortium", _("Whole consortium")
    ORGANIZATION = "organization", _("Organisation")
    HUB = "hub", _("Hub")
    MUNICIPALITY = "municipality", _("Municipality")
    CALL = "call", _("Call")


# The model behind each scope kind, by label: accounts sits below the apps that own them,
# so it names them instead of importing them (like AUTH_USER_MODEL).
SCOPE_MODELS: dict[str, str] = {
    ScopeKind.ORGANIZATION: "organizations.Organization",
    ScopeKind.HUB: "territory.Hub",
    ScopeKind.MUNICIPALITY: "territory.Municipality",
    ScopeKind.CALL: "calls.Call",
}

ALLOWED_SCOPES: dict[str, tuple[str, ...]] = {
    Role.COORDINATOR: (ScopeKind.CONSORTIUM,),
    Role.OPERATOR: (ScopeKind.HUB, ScopeKind.CONSORTIUM),
    Role.MEDIATOR: (ScopeKind.HUB,),
    Role.SUPERVISOR: (ScopeKind.CONSORTIUM,),
    Role.ETS_MEMBER: (ScopeKind.ORGANIZATION,),
    Role.EVALUATOR: (ScopeKind.CALL,),
    Role.VOLUNTEER: (ScopeKind.CONSORTIUM,),
    Role.PARTNER: (ScopeKind.ORGANIZATION, ScopeKind.MUNICIPALITY),
    Role.DPO: (ScopeKind.CONSORTIUM,),
    Role.ADMIN: (ScopeKind.CONSORTIUM,),
}

# Roles that can read people's data, including the referral summaries (which can touch
# health) that ETS and partner members receive. They log in with a second factor where the
# consortium requires it (TRAMA_REQUIRE_2FA) and get short sessions (decision 0020).
PEOPLE_DATA_ROLES = frozenset(
    {
        Role.COORDINATOR,
        Role.OPERATOR,
        Role.MEDIATOR,
        Role.SUPERVISOR,
        Role.ETS_MEMBER,
        Role.PARTNER,
        Role.DPO,
        Role.ADMIN,
    }
)
TWO_FACTOR_ROLES = PEOPLE_DATA_ROLES
SHORT_SESSION_ROLES = PEOPLE_DATA_ROLES

# Roles that work inside the consortium's back office (staff pages).
STAFF_ROLES = frozenset(
    {
        Role.COORDINATOR,
        Role.OPERATOR,
        Role.MEDIATOR,
        Role.SUPERVISOR,
        Role.ETS_MEMBER,
        Role.EVALUATOR,
        Role.PARTNER,
        Role.DPO,
        Role.ADMIN,
    }
)
