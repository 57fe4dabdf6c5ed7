"""The package's layers, read from its import graph: every module belongs to one layer, imports
only from its own layer and the layers below, and no chain of imports comes back to where it
started. Function-level imports and imports for type checking count too: they are how the code
depends, whenever they run."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "translate"

# top to bottom; a module imports from its own layer and those after it
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("cli", ("translate.cli", "translate.cli_format", "translate.__main__", "translate.serve")),
    ("run", ("translate.run",)),
    ("edits", ("translate.edits",)),
    ("summarizers", ("translate.summarizers",)),
    ("model", ("translate.model",)),
    ("output", ("translate.output",)),
    ("sources", ("translate.sources",)),
    ("text", ("translate.text",)),
    ("core", ("translate.articles", "translate.cache_home", "translate.document",
              "translate.input_formats",
              "translate.errors", "translate.settings", "translate.sqlite",
              "translate.words", "translate")),
]


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:  # `from pkg import module` depends on the module
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {each for each in found if each in known and each != name}


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    known = modules(package)
    return {name: imported(name, path, set(known)) for name, path in known.items()}


def layer_of(name: str) -> int:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(name == prefix or (name.startswith(prefix + ".") and prefix != "translate")
               for prefix in prefixes):
            return index
    raise AssertionError(f"{name} belongs to no layer: add it to one in {__file__}")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import loops: strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            if group:
                found.append(sorted([node, *group]))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def upward_imports(package: Path = PACKAGE) -> list[str]:
    return [f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} "
            f"({LAYERS[layer_of(target)][0]})"
            for name, targets in graph(package).items() for target in sorted(targets)
            if layer_of(target) < layer_of(name)]


def test_every_module_is_in_a_layer_and_imports_only_downwards():
    assert upward_imports() == []


def test_no_import_loops():
    assert cycles(graph()) == []


def test_the_package_never_imports_tests_or_benchmarks():
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                    alias.name for alias in node.names]
                assert not any(n.split(".")[0] in ("tests", "benchmarks") for n in names), name


@pytest.mark.parametrize("edges, loop", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set()}, []),
])
def test_the_loop_finder_finds_loops(edges, loop):
    assert cycles(edges) == loop


def test_a_planted_upward_import_and_loop_are_caught(tmp_path):
    """The checks on a copy of the package with two planted faults: the text layer importing
    the run layer, and two core modules importing each other."""
    copy = tmp_path / "translate"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "text" / "planted.py").write_text("from translate.run import stages\n")
    (copy / "errors.py").write_text("from translate import document\n")
    (copy / "document.py").write_text("from translate.errors import UsageError\n")
    assert upward_imports(copy) == [
        "translate.text.planted (text) imports translate.run.stages (run)"]
    assert cycles(graph(copy)) == [["translate.document", "translate.errors"]]
    with pytest.raises(AssertionError, match="belongs to no layer"):
        layer_of("translate.newcomer")
