"""Lower apps never import higher ones (docs/architecture.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVELS = {
    "core": 0,
    "audit": 1,
    "accounts": 2,
    "territory": 3,
    "organizations": 4,
    "projects": 5,
    "people": 6,
    "casework": 7,
    "calls": 8,
    "volunteering": 8,
    "food": 8,
    "housing": 8,
    "participation": 8,
    "reporting": 9,
    "public": 9,
    "demo": 10,
}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) >= 2 and parts[0] == "trama":
                found.add(parts[1])
    return found


def _violations(root: Path = ROOT) -> list[str]:
    problems = []
    for app_dir in sorted((root / "trama").iterdir()):
        if not (app_dir / "apps.py").exists():
            continue
        app = app_dir.name
        assert app in LEVELS, f"app {app} has no level in docs/architecture.md and this test"
        for path in app_dir.rglob("*.py"):
            if "tests" in path.relative_to(app_dir).parts or "migrations" in path.parts:
                continue
            for imported in _imported_apps(path):
                if imported == app or imported not in LEVELS:
                    continue
                if LEVELS[imported] >= LEVELS[app]:
                    problems.append(f"{path.relative_to(root)} imports trama.{imported}")
    return problems


ALGORITHM_PACKAGES = ("eligibility", "screening", "ranking", "textdiff")


def _algorithm_violations(root: Path = ROOT) -> list[str]:
    """Algorithms are plain modules: plain data in, plain data out, no Django, no app."""
    problems = []
    for package in ALGORITHM_PACKAGES:
        for path in (root / "trama" / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top == "django" or (top == "trama" and name.split(".")[1:2] != [package]):
                        problems.append(f"{path.relative_to(root)} imports {name}")
    return problems


def test_algorithms_import_neither_django_nor_apps():
    assert _algorithm_violations() == []


def test_apps_import_only_lower_apps():
    assert _violations() == []


def test_the_check_catches_an_upward_import(tmp_path):
    app = tmp_path / "trama" / "organizations"
    (app / "tests").mkdir(parents=True)
    (app / "apps.py").write_text("", encoding="utf-8")
    (app / "views.py").write_text("from trama.territory.models import Hub\n", encoding="utf-8")
    (app / "tests" / "test_x.py").write_text("import trama.public.views\n", encoding="utf-8")
    assert _violations(tmp_path) == []
    (app / "selectors.py").write_text("from trama.public.views import home\n", encoding="utf-8")
    assert _violations(tmp_path) == ["trama/organizations/selectors.py imports trama.public"]
