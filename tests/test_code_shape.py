"""The shape of the package's functions: none over MAX_LINES lines or MAX_PARAMETERS parameters
(self and cls aside), so each does one thing a reader can hold. Typer commands are exempt: a
command's parameters are its options, declared where --help reads them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "translate"
MAX_LINES = 60
MAX_PARAMETERS = 6


def is_typer_declaration(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A function registered with @app.command(...) or @app.callback(...)."""
    return any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
               and d.func.attr in ("command", "callback") for d in node.decorator_list)


def parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    arguments = node.args
    names = [a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]]
    names += [a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return len([name for name in names if name not in ("self", "cls")])


def oversized(source: str, where: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if is_typer_declaration(node):
            continue
        lines = node.end_lineno - node.lineno + 1
        if lines > MAX_LINES:
            found.append(f"{where}:{node.lineno} {node.name}: {lines} lines")
        if (count := parameters(node)) > MAX_PARAMETERS:
            found.append(f"{where}:{node.lineno} {node.name}: {count} parameters")
    return found


def test_no_function_is_too_long_or_takes_too_many_parameters():
    found = [problem for path in sorted(PACKAGE.rglob("*.py"))
             for problem in oversized(path.read_text(encoding="utf-8"),
                                      str(path.relative_to(PACKAGE.parent)))]
    assert found == []


def test_the_check_sees_a_long_function_and_a_wide_one():
    long_body = "\n".join(f"    x{n} = {n}" for n in range(MAX_LINES))
    source = (f"def long():\n{long_body}\n\n"
              "def wide(self, a, b, c, d, e, f, g):\n    pass\n\n"
              "@app.command()\ndef cli(a, b, c, d, e, f, g):\n    pass\n")
    assert oversized(source, "m.py") == [f"m.py:1 long: {MAX_LINES + 1} lines",
                                         f"m.py:{MAX_LINES + 3} wide: 7 parameters"]
