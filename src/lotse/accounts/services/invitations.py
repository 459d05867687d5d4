"""Invitation of a new staff account: a mail with the sign-in address and a link to choose
one's own password (the password-reset key of allauth, valid PASSWORD_RESET_TIMEOUT)."""

from __future__ import annotations

import logging
import smtplib

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.urls import reverse

from lotse.audit.services import log_action

from ..models import User

logger = logging.getLogger(__name__)


def send_invitation(request: HttpRequest, user: User) -> bool:
    """Mail ``user`` their invitation; False (and a warning in the log) when no mail server
    took it — the account exists all the same and the caller says so to the administrator."""
    adapter = get_adapter(request)
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    context = {
        "request": request,
        "user": user,
        "email": user.email,
        "current_site": get_current_site(request),
        "set_password_url": adapter.get_reset_password_from_key_url(key),
        "login_url": request.build_absolute_uri(reverse("account_login")),
    }
    message = adapter.render_mail("account/email/invitation", user.email, context)
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("Invitation mail could not be sent: %s", type(error).__name__)
        return False
    log_action(action="user.invited", obj=user)
    return True
