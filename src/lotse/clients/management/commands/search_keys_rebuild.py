"""Derive every client file's keyed name columns and search tokens again from its names.

Run after a change to how they are derived (migration 0014 does it once) or after the blind
index key was replaced. Nothing plain is written: names are decrypted in memory only.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lotse.clients.services import search_keys_rebuild


class Command(BaseCommand):
    help = "Rebuild the keyed search tokens and name indexes of every client file."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Client files rewritten: {search_keys_rebuild()}")
