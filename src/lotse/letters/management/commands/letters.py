"""``lotse letters install-defaults``: give every centre the shipped letter templates."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lotse.letters.services import install_defaults_everywhere


class Command(BaseCommand):
    help = "Letter templates: install-defaults gives every centre the shipped templates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["install-defaults"])

    def handle(self, *args: Any, **options: Any) -> None:
        added = install_defaults_everywhere()
        self.stdout.write(f"{added} letter template(s) installed.")
