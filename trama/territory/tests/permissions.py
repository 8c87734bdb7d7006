from tests.permissions import Case, expect, only

EDITORS = ["coordinator", "admin"]
READERS = ["coordinator", "admin", "operator", "mediator", "supervisor", "partner", "dpo"]

CASES = [
    Case("territory:hub_list", only(READERS)),
    Case("territory:hub_detail", only(READERS), kwargs=lambda w: {"pk": w.hub_own.pk}),
    Case("territory:hub_create", only(EDITORS)),
    Case("territory:hub_edit", only(EDITORS), kwargs=lambda w: {"pk": w.hub_own.pk}),
    Case("api-1.0.0:municipality_list", expect(200), api=True),
    Case("api-1.0.0:hub_list", expect(200), api=True),
    Case("api-1.0.0:hub_detail", expect(200), api=True, kwargs=lambda w: {"hub_id": w.hub_own.pk}),
]
