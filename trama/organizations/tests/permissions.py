from tests.permissions import Case, once, only
from trama.core.models import ImportBatch
from trama.organizations.models import Organization

READERS = [
    "coordinator",
    "admin",
    "operator",
    "mediator",
    "supervisor",
    "partner",
    "dpo",
    "evaluator",
]
EDITORS = ["coordinator", "admin"]


def _own(world) -> dict:
    return {"pk": world.org_own.pk}


def _other(world) -> dict:
    return {"pk": world.org_other.pk}


def _current_version(world) -> int:
    # Read at each identity's turn: an earlier identity's successful save moved it.
    return Organization.objects.get(pk=world.org_own.pk).version


def _new_organization(world) -> dict:
    return {"name": "Associazione Nuova", "kind": "ets", "legal_form": "aps"}


def _edit_own(world) -> dict:
    return {
        "name": "Auser Prova",
        "kind": "ets",
        "legal_form": "aps",
        "version": _current_version(world),
    }


def _import_batch(world) -> dict:
    batch = once(
        world,
        "organizations_import_batch",
        lambda: ImportBatch.objects.create(
            kind="organizations", created_by=world.users.coordinator, source="elenco.csv", total=1
        ),
    )
    return {"pk": batch.pk}


CASES = [
    Case("organizations:list", only([*READERS, "ets_member"])),
    Case("organizations:detail", only([*READERS, "ets_member"]), kwargs=_own, note="own"),
    Case(
        "organizations:detail",
        only(READERS) | {"ets_member": 404},
        kwargs=_other,
        note="another ETS's record is not found for an ETS member",
    ),
    Case("organizations:create", only(EDITORS)),
    Case("organizations:create", only(EDITORS, allowed=302), method="post", data=_new_organization),
    Case("organizations:edit", only([*EDITORS, "ets_member"]), kwargs=_own, note="own"),
    Case("organizations:edit", only(EDITORS) | {"ets_member": 404}, kwargs=_other, note="other"),
    Case(
        "organizations:edit",
        only([*EDITORS, "ets_member"], allowed=302),
        kwargs=_own,
        method="post",
        data=_edit_own,
        note="own",
    ),
    Case(
        "organizations:edit",
        only(EDITORS, allowed=302) | {"ets_member": 404},
        kwargs=_other,
        method="post",
        data=lambda w: {
            "name": "Cooperativa Altra",
            "kind": "ets",
            "legal_form": "social_coop",
            "version": Organization.objects.get(pk=w.org_other.pk).version,
        },
        note="other",
    ),
    Case("organizations:import", only(EDITORS)),
    Case("organizations:import", only(EDITORS), method="post", note="no file: the form says so"),
    Case(
        "organizations:import_preview",
        only(EDITORS, allowed=302),
        kwargs=lambda w: {"token": "nessuna"},
        note="an unknown token sends back to the upload",
    ),
    Case("organizations:import_batch", only(EDITORS), kwargs=_import_batch),
    Case("organizations:import_template", only(EDITORS)),
    Case(
        "organizations:export", only([*READERS, "ets_member"]), note="ETS member: own records only"
    ),
    # API: token authentication; anonymous is 401.
    Case("api-1.0.0:organization_list", only([*READERS, "ets_member"], anonymous=401), api=True),
    Case(
        "api-1.0.0:organization_detail",
        only([*READERS, "ets_member"], anonymous=401),
        api=True,
        kwargs=lambda w: {"org_id": w.org_own.pk},
        note="own",
    ),
    Case(
        "api-1.0.0:organization_detail",
        only(READERS, anonymous=401) | {"ets_member": 404},
        api=True,
        kwargs=lambda w: {"org_id": w.org_other.pk},
        note="other",
    ),
    Case(
        "api-1.0.0:organization_create",
        only(EDITORS, allowed=201, anonymous=401),
        api=True,
        method="post",
        data=_new_organization,
    ),
    Case(
        "api-1.0.0:organization_update",
        only([*EDITORS, "ets_member"], anonymous=401),
        api=True,
        method="patch",
        kwargs=lambda w: {"org_id": w.org_own.pk},
        data=lambda w: {"phone": "011 123456", "version": _current_version(w)},
        note="own",
    ),
    Case(
        "api-1.0.0:organization_update",
        only(EDITORS, anonymous=401) | {"ets_member": 404},
        api=True,
        method="patch",
        kwargs=lambda w: {"org_id": w.org_other.pk},
        data=lambda w: {
            "phone": "011 654321",
            "version": Organization.objects.get(pk=w.org_other.pk).version,
        },
        note="other",
    ),
]
