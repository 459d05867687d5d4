"""Writing client data. Import from here: ``from lotse.clients.services import client_create``."""

from .clients import (
    ClientData,
    client_create,
    client_create_linked,
    client_language_set,
    client_merge,
    client_update,
    search_keys_rebuild,
)
from .consent import consent_record, consent_withdraw, sharing_allowed, sharing_partner_ids
from .contacts import contact_create, contact_update, follow_up_mark_done  # noqa: F401

__all__ = [
    "ClientData",
    "client_create",
    "client_create_linked",
    "client_language_set",
    "client_merge",
    "client_update",
    "consent_record",
    "consent_withdraw",
    "search_keys_rebuild",
    "sharing_allowed",
    "sharing_partner_ids",
]
