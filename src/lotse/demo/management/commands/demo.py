from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, build_demo


class Command(BaseCommand):
    help = "Create (or complete) the synthetic demo organisation. Re-running it is harmless."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=300, help="synthetic clients to add")
        parser.add_argument(
            "--contacts",
            type=int,
            default=None,
            help="counselling contacts (default: 6 per client)",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="do not print logins")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = build_demo(clients=options["clients"], contacts=options["contacts"])
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo data ready ({result['clients_created']} new synthetic clients).")
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.role:<25} {spec.email}")
        self.stdout.write(
            f"\nSecond factor: add the TOTP secret {DEMO_TOTP_SECRET} to an authenticator app,"
            "\nor print the current code with: LOTSE_DEBUG=1 .venv/bin/lotse demo_code"
        )
