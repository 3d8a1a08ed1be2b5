"""The direction of dependencies (ARCHITECTURE.md), read from the source with ``ast``.

- ``strategies`` (the planning cascade) never names ``proposals``: not by an import (at
  module or function level), not by a model label or module path in a string
  (``"proposals.Blueprint"``, ``apps.get_model("proposals", …)``, a settings list), not by a
  URL name (``"proposals:…"``). News goes up only by ``strategies.signals.cascade_changed``.
- Neither app imports the site shell (``blueprint_site``), which sits above both.
- The Blueprint's core (:data:`CORE`) never imports its features (:data:`FEATURES`) nor what
  sits above the core in ``proposals`` (:data:`ABOVE_CORE`); the features plug into it through
  :mod:`proposals.contributions`. The only upward reference allowed is the registration of
  the sub-packages' models at the end of ``proposals/models.py``.
- No import circle, inside a layer either (function-level imports count): the only one
  allowed is that model registration.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The Blueprint's core: what a Blueprint is and holds, who may read and change it, its
#: content services, what is loaded, checked, compared and frozen.
CORE = (
    "proposals.models",
    "proposals.visibility",
    "proposals.fields",
    "proposals.limits",
    "proposals.rows",
    "proposals.access",
    "proposals.contributions",
    "proposals.services",
    "proposals.selectors",
    "proposals.history",
    "proposals.diffing",
    "proposals.completeness",
    "proposals.snapshot",
    "proposals.edition",
)
#: The features built on the core (each plugs in from ``proposals.apps``).
FEATURES = (
    "proposals.participation",
    "proposals.review",
    "proposals.pdf",
    "proposals.attachments",
    "proposals.letters",
)
#: Modules of ``proposals`` above the core: the workflow (which calls the features it
#: needs), the pages, the admin, Excel, backup, seed data.
ABOVE_CORE = (
    "proposals.workflow",
    "proposals.views",
    "proposals.urls",
    "proposals.admin",
    "proposals.apps",
    "proposals.page_cache",
    "proposals.forms",
    "proposals.excel_agency",
    "proposals.backup",
    "proposals.demo",
    "proposals.templatetags",
    "proposals.management",
)
#: The model registration of the sub-packages (``proposals/models.py``, last lines).
MODEL_REGISTRATION = {f"{feature}.models" for feature in FEATURES}
#: The code the import-circle check reads (migrations are Django's, generated).
APPS = ("strategies", "proposals", "blueprint_site")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, at any depth of the code (functions included), as
    ``(line, dotted name)``; ``from a import b`` gives both ``a`` and ``a.b``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def _within(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _python_files(*folders):
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


# A string that names the app: a module path or model label ("proposals.Blueprint"),
# the app label alone ("proposals", as in apps.get_model("proposals", …) or a settings
# list) or a URL name ("proposals:blueprint").
NAMES_PROPOSALS = re.compile(r"^proposals(\.[A-Za-z_][\w.]*|:[\w:-]+)?$")


def strategies_violations() -> list[str]:
    found = []
    for path in _python_files("strategies"):
        where = path.relative_to(ROOT)
        for line, name in imports_of(path):
            if _within(name, ("proposals", "blueprint_site")):
                found.append(f"{where}:{line} imports {name}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if NAMES_PROPOSALS.match(node.value.strip()):
                    found.append(f"{where}:{node.lineno} names {node.value!r}")
    return found


def core_violations() -> list[str]:
    found = []
    for path in _python_files("proposals"):
        module = _module_name(path)
        if not _within(module, CORE):
            continue
        imports = imports_of(path)
        registering = {line for line, name in imports if name in MODEL_REGISTRATION}
        for line, name in imports:
            if module == "proposals.models" and line in registering:
                continue
            if _within(name, FEATURES + ABOVE_CORE + ("blueprint_site",)):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def test_strategies_never_names_proposals():
    assert strategies_violations() == []


def test_the_blueprint_core_never_imports_its_features():
    assert core_violations() == []


def test_proposals_never_imports_the_site_shell():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _python_files("proposals")
        for line, name in imports_of(path)
        if _within(name, ("blueprint_site",))
    ]
    assert found == []


def test_every_core_module_exists():
    """The lists above name real modules (a renamed module must not slip out of the check)."""
    for name in CORE + FEATURES + ABOVE_CORE:
        path = ROOT / Path(*name.split("."))
        assert path.with_suffix(".py").exists() or (path / "__init__.py").exists(), name


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from proposals.models import Blueprint\n", "proposals.models.Blueprint"),
        ("def f():\n    from proposals import models\n", "proposals.models"),
        ("def f():\n    import proposals.review.digest\n", "proposals.review.digest"),
        ("from .review import answers\n", "proposals.review.answers"),
    ],
)
def test_imports_are_read_at_every_depth(tmp_path, monkeypatch, source, expected):
    """The reader sees function-level and relative imports (the check cannot pass blind)."""
    package = tmp_path / "proposals"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module = package / "selectors.py"
    module.write_text(source)
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert expected in [name for _, name in imports_of(module)]


@pytest.mark.parametrize(
    "text", ["proposals", "proposals.Blueprint", "proposals.review.digest", "proposals:blueprint"]
)
def test_a_string_naming_proposals_is_seen(text):
    assert NAMES_PROPOSALS.match(text)


def test_prose_about_proposals_is_not_a_name():
    assert not NAMES_PROPOSALS.match("strategies never names proposals")


KIND_BRANCH = re.compile(r"\bkind(?:_key|\.key)\s*(?:==|!=|in\b|not in\b)")


def test_no_branch_on_a_row_kind_outside_rows():
    """What differs between kinds of rows is said by the kind (proposals.rows.RowKind)."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _python_files("proposals", "strategies", "blueprint_site")
        if path != ROOT / "proposals" / "rows.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if KIND_BRANCH.search(line) and not line.lstrip().startswith("for ")
    ]
    assert found == []


def test_no_template_branches_on_a_row_kind():
    """Nor do the templates: ``{% if kind.key == 'header' %}`` asks ``kind.is_header``."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("templates", "proposals", "strategies", "blueprint_site")
        for path in sorted((ROOT / folder).rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if KIND_BRANCH.search(line)
    ]
    assert found == []


# --------------------------------------------------------------------------
# Import circles
# --------------------------------------------------------------------------


def import_graph(*folders) -> dict[str, set[str]]:
    """Which module of ``folders`` imports which (at any depth, functions included).

    An import points at the module it names: ``from proposals.review import search`` at
    ``proposals.review.search``, ``from proposals.review import plug`` at the package
    ``proposals.review`` (a package's ``__init__`` run on the way is not counted). The
    registration of a sub-package's models (``proposals.models`` importing
    ``proposals.<feature>.models``) is left out: it is the one circle allowed."""
    modules = {
        _module_name(path): path
        for path in _python_files(*folders)
        if "migrations" not in path.relative_to(ROOT).parts
    }

    def named(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for module, path in modules.items():
        package = module.split(".")
        if path.name != "__init__.py":
            package = package[:-1]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(named(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        [*package[: len(package) - node.level + 1], *filter(None, [node.module])]
                    )
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else named(base))
        if module == "proposals.models":
            targets = {t for t in targets if not (t and _is_registered_models(t))}
        graph[module] = {t for t in targets if t and t != module}
    return graph


def _is_registered_models(module: str) -> bool:
    parts = module.split(".")
    return len(parts) == 3 and parts[0] == "proposals" and parts[2] == "models"


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph``: each a sorted list of the modules that reach one
    another (Tarjan's strongly connected components of more than one module)."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            circle = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                circle.append(member)
                if member == module:
                    break
            if len(circle) > 1:
                circles.append(sorted(circle))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(circles)


def test_no_import_circle_but_model_registration():
    """Every import points one way, inside a layer too (ARCHITECTURE.md)."""
    assert import_circles(import_graph(*APPS)) == []


def _plant(tmp_path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_planted_circle_is_found(tmp_path, monkeypatch):
    """A circle closed by a function-level import, two modules apart, fails the check;
    the model registration of proposals/models.py does not."""
    _plant(
        tmp_path,
        {
            "strategies/__init__.py": "",
            "strategies/models.py": "from strategies.access import scope_for\n",
            "strategies/access.py": "import strategies.cascade\n",
            "strategies/cascade.py": "def f():\n    from . import models\n",
            "proposals/__init__.py": "",
            "proposals/models.py": "from proposals.review import models as review_models\n",
            "proposals/review/__init__.py": "",
            "proposals/review/models.py": "from proposals.models import Blueprint\n",
        },
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert import_circles(import_graph("strategies", "proposals")) == [
        ["strategies.access", "strategies.cascade", "strategies.models"]
    ]
