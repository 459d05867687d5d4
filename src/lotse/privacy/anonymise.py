"""Anonymising a client file: every identifying value goes, the counts for past statistics stay.

Generic on purpose: every model that points at the client (directly or one step further) has
its encrypted fields blanked — encrypted fields are exactly where Lotse keeps names, free text
and special-category data. What statistics need (dates of contacts, topics, durations,
residence situation, nationality, gender, year of birth, region of origin) stays, so
anonymised files still count in past figures. Some of it is encrypted on the client
(``KEPT_FOR_STATISTICS``) and is therefore named here; the date of birth goes, and with it
(through ``Client.save``) its month and keyed hash.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from lotse.audit.services import log_action, redact_entries
from lotse.clients.models import Client, Consent
from lotse.clients.services.person_link import person_link_on_anonymise
from lotse.clients.services.transfer import transfers_withdraw_of
from lotse.common.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField

from .registry import erasure_hooks

# Encrypted client fields the statistics count; they stay after anonymisation.
KEPT_FOR_STATISTICS = frozenset({"gender", "residence", "nationalities", "country_of_origin"})


def _encrypted(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def _encrypted_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in _encrypted(model)]


def _related_models(
    model: type[models.Model], *, depth: int | None = None
) -> list[tuple[type[models.Model], str]]:
    """(model, lookup to the client) for every model with a foreign-key chain to the client.

    Followed to any depth, or ``depth`` steps (a goal hangs on a support plan, which hangs on
    a case, which hangs on the client), only downwards along reverse foreign keys, each model
    once by its shortest chain, so a row reached is always one of this client's.
    """
    found: list[tuple[type[models.Model], str]] = []
    seen: set[type[models.Model]] = {model}
    level: list[tuple[type[models.Model], str]] = [(model, "")]
    steps = 0
    while level and (depth is None or steps < depth):
        steps += 1
        following: list[tuple[type[models.Model], str]] = []
        for parent, path in level:
            for relation in parent._meta.related_objects:
                if not (relation.one_to_many or relation.one_to_one):
                    continue
                related = relation.related_model
                if related in seen:
                    continue
                seen.add(related)
                lookup = f"{relation.field.name}__{path}" if path else relation.field.name
                found.append((related, lookup))
                following.append((related, lookup))
        level = following
    return found


def _blank_value(field: models.Field[Any, Any]) -> Any:
    if isinstance(field, EncryptedJSONField):
        return {}
    if isinstance(field, EncryptedDateField):
        return None
    return ""


def blank_related(client: Client) -> dict[str, int]:
    """Blank the encrypted fields of every record that belongs to ``client``."""
    blanked: dict[str, int] = {}
    for related, lookup in _related_models(Client):
        fields = _encrypted_fields(related)
        if not fields:
            continue
        rows = related._base_manager.filter(**{lookup: client}).distinct()
        count = 0
        for obj in rows.iterator():
            for field in _encrypted(related):
                setattr(obj, field.name, _blank_value(field))
            # Through the model (not a queryset update) so that encryption of "" still applies.
            obj.save(update_fields=fields)
            count += 1
        if count:
            blanked[related._meta.label_lower] = count
    return blanked


@transaction.atomic
def anonymise_client(client: Client, *, reason: str) -> dict[str, Any]:
    locked = Client.objects.select_for_update().get(pk=client.pk)
    if locked.legal_hold:
        raise PermissionError("legal hold")
    blanked = blank_related(locked)
    # Stored files (documents, previews) are destroyed, not blanked; before the audit entries
    # are redacted, so that the entries of their deletion are redacted too.
    destroyed = {key: destroy(locked) for key, destroy in erasure_hooks()}
    # The other files of the person then count alone (DOMAIN §D16); open requests end.
    unlinked = person_link_on_anonymise(locked)
    # A pending transfer of a file that no longer identifies anyone ends (issue #17 §3).
    unlinked["transfers_withdrawn"] = transfers_withdraw_of(locked)
    locked.birth_year = locked.birth_date.year if locked.birth_date else locked.birth_year
    locked.birth_date = None
    for name in _encrypted_fields(Client):
        if name not in KEPT_FOR_STATISTICS and name != "birth_date":
            setattr(locked, name, "")
    locked.entry_date = locked.entry_date.replace(day=1, month=1) if locked.entry_date else None
    locked.permanent_status_date = None
    locked.name_index = ""
    locked.phonetic_index = ""
    locked.is_anonymous = True
    locked.anonymised_at = timezone.now()
    locked.save()
    locked.search_tokens.all().delete()
    # Other recipients are blanked with the encrypted fields above; the links to partners go too.
    consents = locked.consents.count()
    Consent.partner_links.through.objects.filter(consent__client=locked).delete()
    decisions = locked.eligibility_decisions.update(inputs={})
    redacted = redact_entries(client_id=locked.pk, reason=reason)
    summary = {
        "blanked": blanked,
        "destroyed": destroyed,
        "consents": consents,
        "decisions": decisions,
        "person_link": unlinked,
        "audit_entries_redacted": redacted,
    }
    log_action(action="client.anonymised", obj=locked, data={"reason": reason, **summary})
    return summary
