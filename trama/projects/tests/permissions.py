from tests.permissions import Case, expect, only
from trama.organizations.tests.factories import OrganizationFactory
from trama.projects.models import Project
from trama.projects.tests.factories import (
    FundingSourceFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
)

READERS = ["coordinator", "admin", "operator", "mediator", "supervisor", "partner", "dpo"]
EDITORS = ["coordinator", "admin"]


def _project(world) -> Project:
    return ProjectFactory(slug="progetto-prova", name="Progetto prova")


def _hidden(world) -> Project:
    return ProjectFactory(slug="progetto-riservato", name="Progetto riservato", is_public=False)


def _pk(world) -> dict:
    return {"pk": _project(world).pk}


def _edit(world) -> dict:
    # Read at each identity's turn: an earlier identity's successful save moved the version.
    project = Project.objects.get(slug="progetto-prova")
    return {
        "name": project.name,
        "slug": project.slug,
        "status": project.status,
        "summary": project.summary,
        "description": project.description,
        "position": 0,
        "is_public": "on",
        "version": project.version,
    }


def _new_partner(world) -> dict:
    return {"organization": OrganizationFactory().pk, "role": "partner"}


def _remove_partner(world) -> dict:
    return {"remove": ProjectPartnerFactory(project=_project(world)).pk}


def _remove_funding(world) -> dict:
    return {"remove": FundingSourceFactory(project=_project(world)).pk}


def _remove_service(world) -> dict:
    return {"remove": ServiceFactory(project=_project(world)).pk}


EDIT_POST = only(EDITORS, allowed=302)


def _rows_page(url_name: str, *, add, remove) -> list[Case]:
    """A page of a project's partners, funding or services: opened, a row added, one removed."""
    return [
        Case(url_name, only(EDITORS), kwargs=_pk),
        Case(url_name, EDIT_POST, kwargs=_pk, method="post", data=add, note="add"),
        Case(url_name, EDIT_POST, kwargs=_pk, method="post", data=remove, note="remove"),
    ]


CASES = [
    Case("projects:list", only(READERS)),
    Case("projects:detail", only(READERS), kwargs=_pk),
    Case(
        "projects:detail", only(READERS), kwargs=lambda w: {"pk": _hidden(w).pk}, note="unpublished"
    ),
    Case("projects:create", only(EDITORS)),
    Case(
        "projects:create",
        EDIT_POST,
        method="post",
        data=lambda w: {
            "name": "Nuovo",
            "slug": f"nuovo-{Project.objects.count()}",
            "status": "planned",
            "summary": "Sintesi",
            "description": "Descrizione",
            "position": 0,
        },
    ),
    Case("projects:edit", only(EDITORS), kwargs=_pk),
    Case("projects:edit", EDIT_POST, kwargs=_pk, method="post", data=_edit),
    *_rows_page("projects:partners", add=_new_partner, remove=_remove_partner),
    *_rows_page(
        "projects:funding",
        add=lambda w: {"name": "Bando prova", "amount": "1000"},
        remove=_remove_funding,
    ),
    *_rows_page(
        "projects:services",
        add=lambda w: {"name": "Ascolto", "position": 1},
        remove=_remove_service,
    ),
    Case("projects:eligibility", only(EDITORS), kwargs=_pk),
    Case(
        "projects:eligibility",
        EDIT_POST,
        kwargs=_pk,
        method="post",
        data=lambda w: {"combinator": "all", "min_age": "65", "atc_tenant": "on"},
    ),
    # API: public projects for everyone (a token is optional), unpublished ones for staff readers.
    Case("api-1.0.0:project_list", expect(200), api=True),
    Case(
        "api-1.0.0:project_detail",
        expect(200),
        api=True,
        kwargs=lambda w: {"slug": _project(w).slug},
    ),
    Case(
        "api-1.0.0:project_detail",
        only(READERS, others=404, anonymous=404),
        api=True,
        kwargs=lambda w: {"slug": _hidden(w).slug},
        note="unpublished: not found outside the staff",
    ),
]
