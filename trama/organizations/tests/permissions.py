from tests.permissions import Case, only

READERS = ["coordinator", "admin", "operator", "mediator", "supervisor", "partner", "dpo", "evaluator"]

CASES = [
    Case("organizations:list", only([*READERS, "ets_member"])),
    Case(
        "organizations:detail",
        only(READERS, others=403) | {"ets_member": 404},
        kwargs=lambda w: {"pk": w.org_other.pk},
        note="another ETS's record is not found for an ETS member",
    ),
]
