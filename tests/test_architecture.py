"""The layout's rules, checked on the source: no import circles, dependencies pointing one way.

candidates <- the outreach core <- the foundations (outreach.mail, then outreach.segments) <- each
feature app (newsletters, events, sequences, ...). A nested app may use the core, candidates and
the foundations below it; the core never imports a nested app, foundations never import a
feature, and feature apps never import each other. Function-level imports count too: a circle
hidden inside a function is still a circle.
"""
import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("candidates", "outreach", "nurture", "bench")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _source_files():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            rel = path.relative_to(ROOT).parts
            if "migrations" in rel or "tests" in rel:
                continue
            yield path


def _imports(path: Path, module: str, known: set[str]) -> set[str]:
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            names = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
        else:
            continue
        for name in names:
            # The longest known module the name starts with (a name may be a function in it).
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module_name(path): path for path in _source_files()}
    known = set(files)
    return {module: _imports(path, module, known) for module, path in files.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            # A package importing its own submodules (or the reverse through __init__) is not a circle.
            if dep.startswith(node + ".") or node.startswith(dep + "."):
                continue
            if state.get(dep) == "open":
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return cycles


def _nested_outreach_apps() -> list[str]:
    return [config.name for config in apps.get_app_configs() if config.name.startswith("outreach.")]


def _owner(module: str, nested: list[str]) -> str:
    for app in nested:
        if module == app or module.startswith(app + "."):
            return app
    return module.split(".")[0]


def test_no_module_imports_itself_in_a_circle():
    assert _cycles(_graph()) == []


def test_the_circle_checker_sees_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


# Nested apps others build on, lowest first: each may import those before it, never after.
# Openings are what the re-approach signals (outreach.signals) compare candidates against.
FOUNDATIONS = ["outreach.mail", "outreach.segments", "outreach.openings"]


def _may_import(owner: str, target: str) -> bool:
    """Whether nested app `owner` may import nested app `target`."""
    if owner == "outreach.demo":  # seeds every app
        return True
    if target not in FOUNDATIONS:
        return False  # a feature app is nobody's dependency
    if owner in FOUNDATIONS:
        return FOUNDATIONS.index(target) < FOUNDATIONS.index(owner)
    return True


def test_dependencies_point_one_way():
    nested = _nested_outreach_apps()
    assert "outreach.demo" in nested
    wrong = []
    for module, deps in _graph().items():
        owner = _owner(module, nested)
        for dep in deps:
            target = _owner(dep, nested)
            if owner == "candidates" and target.startswith("outreach"):
                wrong.append(f"{module} -> {dep}: candidates must not know outreach")
            elif owner == "outreach" and target in nested:
                wrong.append(f"{module} -> {dep}: the outreach core must not import a nested app")
            elif owner in nested and target in nested and target != owner and not _may_import(owner, target):
                wrong.append(f"{module} -> {dep}: a nested app uses the core and the foundations below it, "
                             "never a feature app beside it")
            elif (owner in ("candidates", "outreach") or owner in nested) and target == "bench":
                wrong.append(f"{module} -> {dep}: product code must not import the benchmark")
    assert wrong == []


def test_the_layering_rule_allows_foundations_only_downwards():
    assert _may_import("outreach.newsletters", "outreach.mail")
    assert _may_import("outreach.events", "outreach.segments")
    assert _may_import("outreach.segments", "outreach.mail")
    assert not _may_import("outreach.mail", "outreach.segments")
    assert not _may_import("outreach.events", "outreach.newsletters")
    assert _may_import("outreach.demo", "outreach.events")
