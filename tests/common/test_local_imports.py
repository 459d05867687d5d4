"""No lotse import hides inside a function, and the module-level imports form no cycle.

A function-local import usually hides a cycle: two modules that need each other. Cut it by
fixing the dependency direction (move the shared rule down, into the lower app or a small
module of its own, or let the lower layer keep a registry the higher app fills in
``AppConfig.ready()``), then import at module level. What truly has to stay local is listed
in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import pytest

from lotse_imports import Import, all_lotse_imports, lotse_imports, module_name, source_files

_READY = (
    "AppConfig.ready() registers the app's {what}; the module imports models, which load only "
    "once the app registry is ready (Django imports apps.py before any model)"
)
_SHELL = _READY.format(what="navigation entries, client-file tabs and dashboard panels")

# (importing module, imported module) → why the import stays inside a function.
ALLOWED: dict[tuple[str, str], str] = {
    ("lotse.accounts.apps", "lotse.accounts.shell"): _SHELL,
    ("lotse.accounts.apps", "lotse.accounts.signals"): _READY.format(what="login receivers"),
    ("lotse.appointments.apps", "lotse.appointments.shell"): _SHELL,
    ("lotse.audit.apps", "lotse.audit.shell"): _SHELL,
    ("lotse.audit.apps", "lotse.audit.signals"): _READY.format(what="audit receivers"),
    ("lotse.cases.apps", "lotse.cases.shell"): _SHELL,
    ("lotse.clientdocs.apps", "lotse.clientdocs.shell"): _SHELL,
    ("lotse.office.apps", "lotse.office.shell"): _SHELL,
    ("lotse.messaging.apps", "lotse.messaging.shell"): _SHELL,
    ("lotse.clients.apps", "lotse.clients.shell"): _SHELL,
    ("lotse.clients.apps", "lotse.clients.shell_contacts"): _SHELL,
    ("lotse.clients.apps", "lotse.clients.services.last_contact.connect"): _READY.format(
        what="receivers that keep each file's last contact date"
    ),
    ("lotse.courses.apps", "lotse.courses.shell"): _SHELL,
    ("lotse.imports.apps", "lotse.imports.shell"): _SHELL,
    ("lotse.jobs.apps", "lotse.jobs.shell"): _SHELL,
    ("lotse.letters.apps", "lotse.letters.shell"): _SHELL,
    ("lotse.jobs.apps", "lotse.jobs.signals.connect"): _READY.format(what="retry receiver"),
    ("lotse.network.apps", "lotse.network.shell"): _SHELL,
    ("lotse.privacy.apps", "lotse.privacy.categories"): _READY.format(what="retention categories"),
    ("lotse.privacy.apps", "lotse.privacy.shell"): _SHELL,
    ("lotse.public.apps", "lotse.public.shell"): _SHELL,
    ("lotse.stats.apps", "lotse.stats.shell"): _SHELL,
    ("lotse.stats.apps", "lotse.stats.signals.connect"): _READY.format(
        what="receivers that mark kept statistics out of date"
    ),
    ("lotse.volunteers.apps", "lotse.volunteers.shell"): _SHELL,
}


def imported(found: Import) -> tuple[str, ...]:
    """The modules or names an import brings in: ``from a import b, c`` → ``a.b``, ``a.c``."""
    return found.names[1:] or found.names


def _local_imports() -> list[Import]:
    return [found for found in all_lotse_imports() if found.function is not None]


def test_no_lotse_import_hides_in_a_function() -> None:
    offending = sorted(
        f"{found.module}:{found.line} in {found.function}(): {name}"
        for found in _local_imports()
        for name in imported(found)
        if (found.module, name) not in ALLOWED
    )
    assert not offending, "\n".join(
        ["Import these at module level; for a cycle, fix the dependency direction:", *offending]
    )


def test_every_allowed_import_still_exists_in_ready() -> None:
    found = {
        (imp.module, name): imp.function
        for imp in _local_imports()
        for name in imported(imp)
        if (imp.module, name) in ALLOWED
    }
    assert set(found) == set(ALLOWED), sorted(set(ALLOWED) - set(found))
    assert all(function.endswith(".ready") for function in found.values()), found


def _module_graph() -> dict[str, set[str]]:
    """Module → the lotse modules it imports when it is loaded (packages on the way included).

    Function bodies and ``if TYPE_CHECKING:`` blocks do not run at import; a module's own
    packages are already loading when it is imported, so they close no cycle.
    """
    modules = {module_name(path) for path in source_files()}
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for found in all_lotse_imports():
        if found.function is not None or found.type_checking:
            continue
        for name in found.names:
            parts = name.split(".")
            for end in range(2, len(parts) + 1):
                target = ".".join(parts[:end])
                own_package = found.module.startswith(target + ".")
                if target in modules and target != found.module and not own_package:
                    graph[found.module].add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[module] = "done"
        path.pop()
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_module_level_imports_form_no_cycle() -> None:
    cycle = _cycle(_module_graph())
    assert cycle is None, " → ".join(cycle or [])


# --- the reader itself ----------------------------------------------------------------------


def test_the_reader_tells_local_from_module_level_imports() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from .models import Case\n"
        "if TYPE_CHECKING:\n"
        "    from lotse.accounts.models import User\n"
        "class Panel:\n"
        "    from ..indicators import INDICATORS\n"
        "    def render(self):\n"
        "        def row():\n"
        "            import lotse.common.languages\n"
    )
    found = {imported(i)[0]: i for i in lotse_imports(source, "lotse.cases.selectors.probe")}
    assert set(found) == {
        "lotse.cases.selectors.models.Case",
        "lotse.accounts.models.User",
        "lotse.cases.indicators.INDICATORS",
        "lotse.common.languages",
    }
    assert found["lotse.accounts.models.User"].type_checking
    assert found["lotse.cases.indicators.INDICATORS"].function is None
    assert found["lotse.common.languages"].function == "Panel.render.row"


def test_a_package_resolves_relative_imports_from_itself() -> None:
    (found,) = lotse_imports("from ..models import Case", "lotse.cases.selectors", is_package=True)
    assert imported(found) == ("lotse.cases.models.Case",)


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ],
)
def test_the_cycle_finder(graph: dict[str, set[str]], cycle: list[str] | None) -> None:
    assert _cycle(graph) == cycle
