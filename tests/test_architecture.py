"""Lower apps never import higher ones (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

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


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, in full: `import a.b`, `from a import b` (b may be a
    module, so both `a` and `a.b` are counted) and relative imports resolved against the
    file's own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path, root)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def _imported_apps(path: Path, root: Path = ROOT) -> set[str]:
    return {
        name.split(".")[1]
        for name in _imported_modules(path, root)
        if name.startswith("trama.") and len(name.split(".")) >= 2
    }


# apps.get_model looks a model up by name, which the import check cannot see: allowed only
# where a model must be named by label (accounts' scopes, as AUTH_USER_MODEL) and in migrations.
GET_MODEL_ALLOWED = {"trama/accounts/services.py"}


def _get_model_calls(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Attribute) and node.attr in {"get_model", "get_models"}
        for node in ast.walk(tree)
    )


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
            relative = path.relative_to(root).as_posix()
            for imported in _imported_apps(path, root):
                if imported == app or imported not in LEVELS:
                    continue
                if LEVELS[imported] >= LEVELS[app]:
                    problems.append(f"{relative} imports trama.{imported}")
            if relative not in GET_MODEL_ALLOWED and _get_model_calls(path):
                problems.append(f"{relative} looks a model up with apps.get_model")
    return problems


ALGORITHM_PACKAGES = (
    "budget",
    "eligibility",
    "screening",
    "ranking",
    "textdiff",
    "matching",
    "voting",
)


def _algorithm_violations(root: Path = ROOT) -> list[str]:
    """Algorithms are plain modules: plain data in, plain data out, no Django, no app."""
    problems = []
    for package in ALGORITHM_PACKAGES:
        for path in (root / "trama" / package).rglob("*.py"):
            for name in sorted(_imported_modules(path, root)):
                parts = name.split(".")
                if parts[0] == "django" or (
                    parts[0] == "trama" and parts[1:2] not in ([package], [])
                ):
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


@pytest.mark.parametrize(
    "source",
    [
        "from trama import public\n",
        "from trama.public import views\n",
        "import trama.public.views as views\n",
        "from ..public import views\n",
        "from ..public.views import home\n",
    ],
)
def test_the_check_catches_every_form_of_upward_import(tmp_path, source):
    app = tmp_path / "trama" / "organizations"
    app.mkdir(parents=True)
    (app / "apps.py").write_text("", encoding="utf-8")
    (app / "selectors.py").write_text(source, encoding="utf-8")
    assert _violations(tmp_path) == ["trama/organizations/selectors.py imports trama.public"]


def test_a_relative_import_inside_the_app_is_not_an_upward_one(tmp_path):
    app = tmp_path / "trama" / "organizations"
    (app / "services").mkdir(parents=True)
    (app / "apps.py").write_text("", encoding="utf-8")
    (app / "services" / "a.py").write_text("from . import b\nfrom ..models import X\n")
    assert _violations(tmp_path) == []


def test_the_check_catches_a_model_looked_up_by_name(tmp_path):
    app = tmp_path / "trama" / "organizations"
    app.mkdir(parents=True)
    (app / "apps.py").write_text("", encoding="utf-8")
    (app / "views.py").write_text(
        "from django.apps import apps\nPerson = apps.get_model('people', 'Person')\n"
    )
    assert _violations(tmp_path) == [
        "trama/organizations/views.py looks a model up with apps.get_model"
    ]


def test_an_algorithm_importing_an_app_relatively_is_caught(tmp_path):
    package = tmp_path / "trama" / "ranking"
    package.mkdir(parents=True)
    (package / "rank.py").write_text("from ..calls import models\nfrom .scores import x\n")
    found = [p for p in _algorithm_violations(tmp_path) if "ranking" in p]
    assert found == [
        "trama/ranking/rank.py imports trama.calls",
        "trama/ranking/rank.py imports trama.calls.models",
    ]


def _algorithm_test_violations(root: Path = ROOT) -> list[str]:
    """The algorithms' own tests live together in tests/algorithms and, like the algorithms,
    need neither Django nor an app: they run without a database."""
    problems = []
    for path in (root / "tests" / "algorithms").rglob("*.py"):
        for name in sorted(_imported_modules(path, root)):
            parts = name.split(".")
            if parts[0] == "django" or (
                parts[0] == "trama" and parts[1:2] and parts[1] not in ALGORITHM_PACKAGES
            ):
                problems.append(f"{path.relative_to(root)} imports {name}")
    return problems


def test_algorithm_tests_import_neither_django_nor_apps():
    assert _algorithm_test_violations() == []
    tested = {
        path.stem.removeprefix("test_")
        for path in (ROOT / "tests" / "algorithms").glob("test_*.py")
    }
    assert tested >= set(ALGORITHM_PACKAGES)


def _domain_errors_without_code(root: Path) -> list[str]:
    """`DomainError(...)` calls without `code=`, outside tests and migrations."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "DomainError"
                and not any(keyword.arg == "code" for keyword in node.keywords)
            ):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


def test_every_domain_error_names_its_rule():
    # Decision 0026: clients tell the rules apart by code, never by the translated message.
    assert _domain_errors_without_code(ROOT / "trama") == []


def test_the_code_check_catches_a_domain_error_without_code(tmp_path):
    app = tmp_path / "trama" / "app"
    app.mkdir(parents=True)
    (app / "services.py").write_text(
        "from trama.core.errors import DomainError\n"
        "def f():\n"
        "    raise DomainError('No.', field='x')\n"
        "def g():\n"
        "    raise DomainError('No.', code='rule')\n"
    )
    assert _domain_errors_without_code(tmp_path / "trama") == ["trama/app/services.py:3"]
