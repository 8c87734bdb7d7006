from tests.permissions import Case, once, only
from trama.housing import services
from trama.housing.models import (
    Activity,
    ActivityKind,
    ActivityReach,
    Building,
    Issue,
    IssueCategory,
)
from trama.housing.tests.factories import building_on

MEDIATORS = ["mediator", "coordinator"]
BOTH_SIDES = ["mediator", "coordinator", "partner"]


def _building(world) -> Building:
    return once(
        world, "_housing_building", lambda: building_on(world.hub_own, world.users.coordinator)
    )


def _pk(world) -> dict:
    return {"pk": _building(world).pk}


def _activity(world) -> dict:
    def make() -> Activity:
        return services.activity_record(
            actor=world.users.mediator,
            building=_building(world),
            kind=ActivityKind.MEETING,
            reach=ActivityReach.BUILDING,
            title="Riunione di condominio",
            on=_building(world).joined_on,
        )

    return {"pk": once(world, "_housing_activity", make).pk}


def _issue(world, attribute: str, *, referred: bool) -> dict:
    def make() -> Issue:
        issue = services.issue_report(
            actor=world.users.mediator,
            building=_building(world),
            categories=[IssueCategory.MAINTENANCE],
            description="Perdita d'acqua in cantina",
        )
        if referred:
            issue = services.issue_refer(
                actor=world.users.mediator, issue=issue, organization=world.partner_body
            )
        return issue

    return {"pk": once(world, attribute, make).pk}


def _referred(world) -> dict:
    return _issue(world, "_housing_referred", referred=True)


def _reported(world) -> dict:
    return _issue(world, "_housing_reported", referred=False)


def _tenancy(world) -> dict:
    return {"pk": _building(world).units.first().tenancies.get().pk}


CASES = [
    Case("housing:building_list", only(MEDIATORS)),
    Case("housing:building_detail", only(MEDIATORS), kwargs=_pk),
    Case("housing:building_create", only(["coordinator"])),
    Case("housing:unit_create", only(MEDIATORS), kwargs=_pk),
    Case("housing:building_notice", only(MEDIATORS), kwargs=_pk),
    Case(
        "housing:building_report",
        only(MEDIATORS),
        kwargs=lambda w: {"pk": _building(w).pk, "year": _building(w).joined_on.year},
    ),
    Case("housing:tenancy_create", only(MEDIATORS), kwargs=_pk),
    Case("housing:review_list", only(MEDIATORS), kwargs=_pk),
    # An end date missing: refused, back to the building's page with the message.
    Case("housing:tenancy_end", only(MEDIATORS, allowed=302), kwargs=_tenancy, method="post"),
    Case("housing:activity_create", only(MEDIATORS), kwargs=_pk),
    Case("housing:activity_detail", only(MEDIATORS), kwargs=_activity),
    Case("housing:issue_create", only(MEDIATORS), kwargs=_pk),
    Case("housing:issue_list", only(BOTH_SIDES)),
    Case("housing:issue_detail", only(BOTH_SIDES), kwargs=_referred),
    # The empty forms come back with their errors (200), nothing changed.
    Case("housing:issue_refer", only(MEDIATORS), kwargs=_reported, method="post"),
    Case("housing:issue_close", only(MEDIATORS), kwargs=_reported, method="post"),
    Case("housing:issue_answer", only(["partner"]), kwargs=_referred, method="post"),
    Case("housing:issue_feedback", only(MEDIATORS), kwargs=_referred, method="post"),
    Case("housing:dashboard", only(MEDIATORS)),
]

API_MEDIATORS = only(MEDIATORS, anonymous=401)
CASES += [
    Case("api-1.0.0:building_list", API_MEDIATORS, api=True),
    Case("api-1.0.0:issue_list", only(BOTH_SIDES, anonymous=401), api=True),
    Case(
        "api-1.0.0:issue_detail",
        only(BOTH_SIDES, anonymous=401),
        kwargs=lambda w: {"issue_id": _referred(w)["pk"]},
        api=True,
    ),
    Case(
        "api-1.0.0:issue_create",
        only(MEDIATORS, allowed=201, anonymous=401),
        api=True,
        method="post",
        data=lambda w: {
            "building_id": _building(w).pk,
            "categories": ["maintenance"],
            "description": "Luce delle scale guasta",
        },
    ),
    # Referring to the ETS: refused (422) for the mediators, nothing changed.
    Case(
        "api-1.0.0:issue_refer",
        only(MEDIATORS, allowed=422, anonymous=401, others=403) | {"partner": 403},
        kwargs=lambda w: {"issue_id": _reported(w)["pk"]},
        api=True,
        method="post",
        data=lambda w: {"organization_id": w.org_own.pk},
    ),
    # An update with no text: refused (422) for the body; no one else answers.
    Case(
        "api-1.0.0:issue_answer",
        only(["partner"], allowed=422, anonymous=401) | {"mediator": 403, "coordinator": 403},
        kwargs=lambda w: {"issue_id": _referred(w)["pk"]},
        api=True,
        method="post",
        data=lambda w: {},
    ),
    Case(
        "api-1.0.0:activity_list",
        API_MEDIATORS,
        kwargs=lambda w: {"building_id": _building(w).pk},
        api=True,
    ),
    Case(
        "api-1.0.0:activity_create",
        only(MEDIATORS, allowed=201, anonymous=401),
        api=True,
        method="post",
        data=lambda w: {
            "building_id": _building(w).pk,
            "kind": "meeting",
            "reach": "building",
            "title": "Riunione",
            "on": _building(w).joined_on.isoformat(),
        },
    ),
]
