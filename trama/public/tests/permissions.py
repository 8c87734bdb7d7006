from tests.permissions import Case, expect

CASES = [
    Case("public:home", expect(200)),
    Case("public:project_list", expect(200)),
    Case("public:contacts", expect(200)),
]
