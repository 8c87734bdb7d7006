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
    Case("housing:building_notice", only(MEDIATORS), kwargs=_pk),
    Case("housing:tenancy_create", only(MEDIATORS), kwargs=_pk),
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
