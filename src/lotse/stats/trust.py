"""The keys whose bundles this installation accepts: registered ones and its own."""

from __future__ import annotations

import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit.services import log_action

from .bundle import BundleError
from .models import TrustedKey
from .signing import ALGORITHM, KEY_FORMAT, key_id, own_public_key, public_from_text


def trusted_keys() -> dict[str, Ed25519PublicKey]:
    """Key id → public key of every registered key not withdrawn, and this installation's own
    key (it signs the bundles it merges and exports; nobody else holds it)."""
    keys = {
        row.key_id: public_from_text(row.public_key)
        for row in TrustedKey.objects.filter(withdrawn_at__isnull=True)
    }
    own = own_public_key()
    if own is not None:
        keys[key_id(own)] = own
    return keys


def read_key_document(text: str) -> dict[str, Any]:
    """A public key file written by ``lotse stats keygen``, checked."""
    try:
        document = json.loads(text)
    except ValueError:
        raise BundleError(_("The key file is not JSON written by lotse stats keygen.")) from None
    if not isinstance(document, dict) or document.get("format") != KEY_FORMAT:
        raise BundleError(_("The key file is not JSON written by lotse stats keygen."))
    if document.get("algorithm") != ALGORITHM:
        raise BundleError(_("Lotse accepts Ed25519 keys only."))
    public = public_from_text(str(document.get("public_key", "")))
    if document.get("key_id") != key_id(public):
        raise BundleError(_("The key id in the file does not belong to its public key."))
    return document


@transaction.atomic
def trust_key(*, document: dict[str, Any], label: str = "", by: Any = None) -> TrustedKey:
    """Register (or re-activate) the public key of ``document``."""
    kid = document["key_id"]
    stored, created = TrustedKey.objects.get_or_create(
        key_id=kid,
        defaults={
            "public_key": document["public_key"],
            "label": (label or document.get("label") or "")[:200],
            "added_by": by,
        },
    )
    if not created and stored.withdrawn_at is not None:
        stored.withdrawn_at = None
        stored.save(update_fields=["withdrawn_at"])
    log_action(action="stats.key_trusted", obj=stored, data={"key_id": kid})
    return stored


@transaction.atomic
def withdraw_key(*, kid: str) -> TrustedKey:
    stored = TrustedKey.objects.filter(key_id=kid).first()
    if stored is None:
        raise BundleError(_("No trusted key %(key)s.") % {"key": kid})
    stored.withdrawn_at = timezone.now()
    stored.save(update_fields=["withdrawn_at"])
    log_action(action="stats.key_withdrawn", obj=stored, data={"key_id": kid})
    return stored
