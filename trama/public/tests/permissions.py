from tests.permissions import Case, expect
from trama.projects.tests.factories import ProjectFactory

CASES = [
    Case("public:home", expect(200)),
    Case("public:project_list", expect(200)),
    Case(
        "public:project_detail",
        expect(200),
        kwargs=lambda w: {"slug": ProjectFactory(slug="progetto-pubblico").slug},
    ),
    Case(
        "public:project_detail",
        expect(404),
        kwargs=lambda w: {"slug": ProjectFactory(slug="progetto-riservato", is_public=False).slug},
        note="unpublished",
    ),
    Case("public:contacts", expect(200)),
    Case("public:self_check", expect(200)),
    Case("public:self_check", expect(200), method="post", data=lambda w: {"age": "70"}),
]
