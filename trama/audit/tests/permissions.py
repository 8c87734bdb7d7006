from tests.permissions import Case, only

CASES = [Case("audit:log", only(["dpo", "admin"]))]
