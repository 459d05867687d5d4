"""The code's shape, checked: common depends on no feature app, and every app has one layout."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lotse

SRC = Path(lotse.__file__).parent
APPS = sorted(p for p in SRC.iterdir() if (p / "apps.py").exists())
# The layers an app may have; each is a package (``views/``), never a module or a suffix copy.
LAYERS = ("models", "services", "selectors", "views", "forms")


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
    # Relative imports in a package's __init__ start from the package itself.
    return name + ".__init__" if path.name == "__init__.py" else name


def _lotse_imports(source: str, package: str) -> list[str]:
    """Every lotse module ``source`` imports, type-checking-only and function-local ones too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: -node.level]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            names = [name] + [f"{name}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [n for n in names if n.startswith("lotse.")]
    return found


def test_common_imports_no_feature_app() -> None:
    offending = {
        f"{path.relative_to(SRC)}: {name}"
        for path in (SRC / "common").rglob("*.py")
        if "migrations" not in path.parts
        for name in _lotse_imports(path.read_text(), _module_name(path))
        if name.split(".")[1] != "common"
    }
    assert not offending, sorted(offending)


def test_the_checker_sees_relative_and_local_imports() -> None:
    source = "def f():\n    from ..accounts import roles\n"
    assert "lotse.accounts.roles" in _lotse_imports(source, "lotse.common.probe")
    assert "lotse.common.crypto" in _lotse_imports("from . import crypto", "lotse.common.probe")


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_app_has_the_same_layout(app: Path) -> None:
    for layer in LAYERS:
        assert not (app / f"{layer}.py").exists(), f"{app.name}/{layer}.py: make it {layer}/"
        copies = sorted(p.name for p in app.glob(f"{layer}_*.py"))
        assert not copies, f"{app.name}: {copies} belong in {layer}/"
        if (app / layer).is_dir():
            assert (app / layer / "__init__.py").exists(), f"{app.name}/{layer}/ is no package"
    # common's views are the error pages, wired as handler404 etc. in the project's urls.py.
    if (app / "views").is_dir() and app.name != "common":
        assert (app / "urls.py").exists(), f"{app.name} has views but no urls.py of its own"
