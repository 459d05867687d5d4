from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from lotse.demo.data import DEMO_TOTP_SECRET, ensure_demo_allowed


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo users (development machines only)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            ensure_demo_allowed()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        counter = int(time.time()) // 30
        remaining = 30 - int(time.time()) % 30
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(f"{code}  (valid for {remaining} more seconds)")
