from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lotse.audit.context import Actor
from lotse.audit.services import log_action

LOGIN_AT_SESSION_KEY = "lotse_login_at"


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def keep_email_address(
    sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    """Give a user's address its allauth row when the user is saved with it.

    Otherwise allauth adds the row on the first GET of the e-mail page ("sync"): a write on a
    read, and an *unverified* row, after which allauth refuses to activate the second factor.
    Sign-up is closed: the address is the one an administrator (or a command) gave the account,
    so it counts as verified. Saves of other fields (``last_login`` at sign-in) are left alone.
    """
    if not instance.email or not (created or update_fields is None or "email" in update_fields):
        return
    from allauth.account.models import EmailAddress

    rows = EmailAddress.objects.filter(user_id=instance.pk)
    if rows.filter(email=instance.email).exists():
        return
    # A changed address replaces the primary one (one primary row per user).
    if not rows.filter(primary=True).update(email=instance.email, verified=True):
        EmailAddress.objects.create(
            user_id=instance.pk, email=instance.email, primary=True, verified=True
        )


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


@receiver([post_save, post_delete], sender="accounts.Membership")
def forget_membership_facts(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A saved or deleted membership counts at once for the user object it was saved with:
    ``User._membership_facts`` (roles and client teams, the rule of ``visible_to``) is read
    once per user object and would otherwise answer with the memberships before."""
    if sender._meta.get_field("user").is_cached(instance):
        instance.user.__dict__.pop("_lotse_memberships", None)
        instance.user.__dict__.pop("_lotse_team_services", None)
