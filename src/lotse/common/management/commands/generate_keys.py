"""Create the secrets of a new installation, as lines for an environment file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lotse.common.crypto import BLIND_INDEX_SETTING, KEYS_SETTING, generate_key


def key_lines() -> list[str]:
    """Fresh ``NAME=value`` lines: secret key, encryption key, index key and audit chain key."""
    kid = f"k{timezone.localdate():%Y%m%d}"
    return [
        # URL-safe alphabet: no '#', '$' or quotes that env-file parsers would interpret.
        f"LOTSE_SECRET_KEY={secrets.token_urlsafe(50)}",
        f"{KEYS_SETTING}={kid}:{generate_key()}",
        f"{BLIND_INDEX_SETTING}={generate_key()}",
        # The HMAC key of the audit chain (lotse.audit.keys; named here, common imports no app).
        f"LOTSE_AUDIT_KEYS={kid}:{generate_key()}",
    ]


HEADER = (
    "# Lotse secrets. Without LOTSE_ENCRYPTION_KEYS and LOTSE_BLIND_INDEX_KEY the encrypted\n"
    "# data cannot be read or searched, and without LOTSE_AUDIT_KEYS the audit trail cannot be\n"
    "# verified: back this file up separately from the database.\n"
)


class Command(BaseCommand):
    help = "Print new secrets for an environment file, or write them to --env-file."
    # Runs before the installation has keys, so it must not depend on a valid configuration.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--env-file",
            type=Path,
            help="Write the secrets to this file (mode 0600) unless it already exists.",
        )

    def handle(self, *args: Any, env_file: Path | None = None, **options: Any) -> None:
        content = HEADER + "\n".join(key_lines()) + "\n"
        if env_file is None:
            self.stdout.write(content, ending="")
            return
        try:
            # O_EXCL: never overwrite existing keys, which would make the data unreadable.
            # The mode is set at creation, so the secrets are never readable by others.
            fd = os.open(env_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            self.stdout.write(f"{env_file} already exists; left unchanged, no keys generated.")
            return
        except OSError as exc:
            raise CommandError(f"Cannot create {env_file}: {exc.strerror}") from exc
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(content)
        except BaseException:
            # A half-written file would block the next attempt and look like valid keys.
            env_file.unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote new secrets to {env_file}.")
