"""The tree is the architecture: imports go down the layers of tests/architecture.toml, never up or round."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = tomllib.loads((ROOT / "tests" / "architecture.toml").read_text(encoding="utf-8"))
PACKAGES = {"vocheck": ROOT / "vocheck", "vocheck_builtin": ROOT / "plugins" / "vocheck_builtin"}


@dataclass(frozen=True)
class Import:
    target: str
    line: int
    at_start: bool  # runs when the module is imported (not inside a function, not for type checking only)


def _modules() -> dict[str, Path]:
    found = {}
    for package, directory in PACKAGES.items():
        for path in sorted(directory.rglob("*.py")):
            parts = [package, *path.relative_to(directory).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _target(module: str, base: str | None, level: int, name: str | None) -> str:
    if level:
        package = module if _is_package(module) else module.rpartition(".")[0]
        for _ in range(level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    assert base is not None
    if name is not None and f"{base}.{name}" in MODULES:
        return f"{base}.{name}"  # from package import module
    return base


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str, source: str | None = None) -> Iterator[Import]:
    """Every import of vocheck's own modules that ``module`` makes, and whether it runs on import."""
    tree = ast.parse(source if source is not None else MODULES[module].read_text(encoding="utf-8"))

    def visit(nodes: list[ast.stmt], at_start: bool) -> Iterator[Import]:
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in PACKAGES:
                        yield Import(alias.name, node.lineno, at_start)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    target = _target(module, node.module, node.level, alias.name)
                    if target.split(".")[0] in PACKAGES:
                        yield Import(target, node.lineno, at_start)
            elif isinstance(node, ast.If) and _type_checking(node):
                yield from visit(node.body, False)
                yield from visit(node.orelse, at_start)
            else:
                inner = at_start and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                for field in ("body", "orelse", "finalbody", "handlers"):
                    children = getattr(node, field, None)
                    if isinstance(children, list):
                        yield from visit([child for child in children if isinstance(child, ast.AST)], inner)  # type: ignore[misc]

    yield from visit(tree.body, True)


def layer_of(module: str) -> int | None:
    """The index of the layer that holds ``module``: the entry naming it or its nearest package."""
    best: tuple[int, int] | None = None
    for index, layer in enumerate(LAYOUT["layers"]):
        for entry in layer["modules"]:
            if module == entry or module.startswith(entry + "."):
                if best is None or len(entry) > best[0]:
                    best = (len(entry), index)
    return None if best is None else best[1]


def _layer_name(index: int | None) -> str:
    return "no layer" if index is None else LAYOUT["layers"][index]["name"]


def upward_imports(module: str, source: str | None = None) -> list[str]:
    own = layer_of(module)
    found = []
    for item in imports_of(module, source):
        target = layer_of(item.target)
        if own is None or target is None or target > own:
            found.append(
                f"{module}:{item.line} ({_layer_name(own)}) imports {item.target} ({_layer_name(target)})"
            )
    return found


VOCHECK_MODULES = sorted(module for module in MODULES if module.split(".")[0] == "vocheck")
PLUGIN_MODULES = sorted(module for module in MODULES if module.split(".")[0] in LAYOUT["plugins"])


@pytest.mark.parametrize("module", VOCHECK_MODULES)
def test_imports_only_go_down(module: str) -> None:
    assert upward_imports(module) == []


def test_an_upward_import_is_caught() -> None:
    assert upward_imports("vocheck.model", "from vocheck.engine.run import run\n") == [
        "vocheck.model:1 (values) imports vocheck.engine.run (engine)"
    ]
    assert upward_imports("vocheck.model", "def f():\n    from vocheck.cli import main\n") != []
    assert upward_imports("vocheck.engine.run", "from vocheck.model import Report\n") == []


def test_every_module_has_a_layer_and_the_root_holds_only_the_api_and_contracts() -> None:
    unplaced = [module for module in VOCHECK_MODULES if layer_of(module) is None]
    assert unplaced == []
    root = sorted(module for module in VOCHECK_MODULES if module.count(".") == 1 and not _is_package(module))
    assert root == [
        "vocheck.__main__", "vocheck.checks", "vocheck.config", "vocheck.context", "vocheck.errors",
        "vocheck.fingerprints", "vocheck.hookspecs", "vocheck.host", "vocheck.model", "vocheck.settings",
        "vocheck.testing",
    ]


def _cycle() -> list[str] | None:
    graph = {
        module: sorted({item.target for item in imports_of(module) if item.at_start and item.target in MODULES})
        for module in MODULES
    }
    done: set[str] = set()
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(module: str) -> list[str] | None:
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target in on_stack and target != module and not module.startswith(target + "."):
                return stack[stack.index(target):] + [target]
            if target not in done and target not in on_stack:
                cycle = visit(target)
                if cycle:
                    return cycle
        stack.pop()
        on_stack.discard(module)
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


def test_no_import_cycle() -> None:
    assert _cycle() is None


@pytest.mark.parametrize("module", PLUGIN_MODULES)
def test_builtin_checks_import_only_public_modules(module: str) -> None:
    public = set(LAYOUT["public"])
    private = [
        f"{module}:{item.line} imports {item.target}"
        for item in imports_of(module)
        if item.target.split(".")[0] == "vocheck" and item.target not in public
    ]
    assert private == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    if module in LAYOUT["long_modules"]:
        return
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= LAYOUT["max_lines"], f"{module} has {lines} lines; split it by what it holds"
