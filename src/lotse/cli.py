"""The ``lotse`` command: Django's management commands with Lotse's settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines into the environment without overriding what is already set."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


def main() -> None:
    load_env_file(Path(os.environ.get("LOTSE_ENV_FILE", ".env")))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    if sys.argv[1:2] == ["generate_keys"]:
        # Making the keys must work on the very machine that does not have them yet.
        os.environ["LOTSE_SKIP_SECRET_CHECK"] = "1"  # noqa: S105  # nosec B105 - a flag, not a secret
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
