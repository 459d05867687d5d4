"""The code's shape, checked: common depends on no feature app, and every app has one layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotse_imports import SRC, all_lotse_imports, lotse_imports

APPS = sorted(p for p in SRC.iterdir() if (p / "apps.py").exists())
# The layers an app may have; each is a package (``views/``), never a module or a suffix copy.
LAYERS = ("models", "services", "selectors", "views", "forms")


def test_common_imports_no_feature_app() -> None:
    offending = {
        f"{found.module}:{found.line}: {name}"
        for found in all_lotse_imports()
        if found.module.split(".")[1:2] == ["common"]
        for name in found.names
        if name.startswith("lotse.") and name.split(".")[1] != "common"
    }
    assert not offending, sorted(offending)


def test_the_checker_sees_relative_and_local_imports() -> None:
    (local,) = lotse_imports("def f():\n    from ..accounts import roles\n", "lotse.common.probe")
    assert "lotse.accounts.roles" in local.names
    (relative,) = lotse_imports("from . import crypto", "lotse.common.probe")
    assert "lotse.common.crypto" in relative.names


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
