from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from lotse.audit.context import Actor
from lotse.audit.services import log_action

LOGIN_AT_SESSION_KEY = "lotse_login_at"


@receiver(user_logged_in)
def remember_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        request.session[LOGIN_AT_SESSION_KEY] = time.time()
    log_action(action="auth.logged_in", obj=user, actor=Actor(user.pk, user.email))


@receiver(user_logged_out)
def record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_action(action="auth.logged_out", obj=user, actor=Actor(user.pk, user.email))


@receiver(user_login_failed)
def record_failed_login(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The typed address may be a mistyped stranger's: keep only its domain.
    email = str(credentials.get("email") or credentials.get("username") or "")
    log_action(
        action="auth.login_failed",
        actor=Actor(None, "anonymous"),
        data={"email_domain": email.rpartition("@")[2][:100]},
    )
