"""Writing client data. Import from here: ``from lotse.clients.services import client_create``."""

from .clients import client_create, client_update
from .consent import consent_current, consent_record, consent_withdraw, sharing_allowed

__all__ = [
    "client_create",
    "client_update",
    "consent_current",
    "consent_record",
    "consent_withdraw",
    "sharing_allowed",
]
