"""Reading lotse's imports from its source (ast), for the tests of the code's shape.

Every ``import`` and ``from … import`` of a lotse module, relative ones resolved, with where it
stands: at module level, in a ``TYPE_CHECKING`` block, or inside a function.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import lotse

SRC = Path(lotse.__file__).parent


@dataclass(frozen=True)
class Import:
    module: str  # the importing module: "lotse.cases.shell", "lotse.cases.models" (a package)
    names: tuple[str, ...]  # the imported module, and module.name for each name imported from it
    line: int
    function: str | None  # the enclosing function ("Config.ready"), None outside functions
    type_checking: bool  # inside ``if TYPE_CHECKING:``, never run

    @property
    def target(self) -> str:
        return self.names[0]


def source_files() -> list[Path]:
    """Every module of src/lotse except migrations."""
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.relative_to(SRC).parts)


def module_name(path: Path) -> str:
    """``lotse/cases/shell.py`` → ``lotse.cases.shell``; a package's ``__init__.py`` → its name."""
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def lotse_imports(source: str, module: str, *, is_package: bool = False) -> list[Import]:
    """Every lotse module ``source`` imports: module-level, type-checking-only and local ones."""
    # A relative import starts from the module's package: a package's __init__ is its own.
    anchor = module.split(".") if is_package else module.split(".")[:-1]
    found: list[Import] = []

    def record(node: ast.Import | ast.ImportFrom, function: str | None, checking: bool) -> None:
        if isinstance(node, ast.Import):
            groups = [(alias.name,) for alias in node.names]
        else:
            if node.level:
                base = anchor[: len(anchor) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            groups = [(target, *(f"{target}.{alias.name}" for alias in node.names))]
        for names in groups:
            if names[0] == "lotse" or names[0].startswith("lotse."):
                found.append(Import(module, names, node.lineno, function, checking))

    def visit(nodes: Iterable[ast.AST], function: str | None, checking: bool, scope: str) -> None:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                record(node, function, checking)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{scope}{node.name}"
                visit(ast.iter_child_nodes(node), name, checking, f"{name}.")
            elif isinstance(node, ast.ClassDef):
                visit(ast.iter_child_nodes(node), function, checking, f"{scope}{node.name}.")
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                visit(node.body, function, True, scope)
                visit(node.orelse, function, checking, scope)
            else:
                visit(ast.iter_child_nodes(node), function, checking, scope)

    visit(ast.parse(source).body, None, False, "")
    return found


def all_lotse_imports() -> Iterator[Import]:
    for path in source_files():
        yield from lotse_imports(
            path.read_text(), module_name(path), is_package=path.name == "__init__.py"
        )
