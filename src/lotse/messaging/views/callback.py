"""The SMS provider's status callback: "this message did (not) arrive" (issue #18 §2).

POST ``messages/sms-status/`` with JSON ``{"id": …, "status": …, "reason": …}`` and the
shared secret ``LOTSE_SMS_CALLBACK_SECRET`` in the header ``X-Lotse-Callback-Secret``. No
session, no CSRF token (the provider has neither): the secret is the only key, compared in
constant time. Without a configured secret the URL answers 404 as if it did not exist.
"""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lotse.audit.context import Actor, acting_as

from ..services import ReportError, sms_status_report

SECRET_HEADER = "X-Lotse-Callback-Secret"  # noqa: S105  # nosec B105 - a header name
# A status report is a few dozen bytes; anything much larger is not one.
MAX_BODY = 4096


def secret_matches(given: str, secret: str) -> bool:
    """Constant time: how long the comparison takes says nothing about the secret."""
    return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


@csrf_exempt
@require_POST
def sms_status(request: HttpRequest) -> HttpResponse:
    secret = settings.LOTSE_SMS_CALLBACK_SECRET
    if not secret:
        raise Http404
    if not secret_matches(request.headers.get(SECRET_HEADER, ""), secret):
        return JsonResponse({"error": "forbidden"}, status=403)
    declared = request.headers.get("Content-Length") or "0"
    if not declared.isdigit() or int(declared) > MAX_BODY or len(request.body) > MAX_BODY:
        return JsonResponse({"error": "too_large"}, status=413)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "not_json"}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "not_an_object"}, status=400)
    try:
        with acting_as(Actor(None, "system:sms-callback")):
            outcome = sms_status_report(payload)
    except ReportError as error:
        return JsonResponse({"error": error.code}, status=400)
    status = 404 if outcome.outcome == "unknown" else 200
    return JsonResponse({"outcome": outcome.outcome}, status=status)
