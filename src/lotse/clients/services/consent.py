"""Consent: record, withdraw, and the one check every data passing must make."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError

from ..models import Client, Consent
from ..selectors import consent_current


def _sharing_consent(client: Client) -> Consent | None:
    consent = consent_current(client)
    if consent is None or not consent.written or not consent.scope_share_with_partners:
        return None
    return consent


def sharing_allowed(client: Client, partner: models.Model | None = None) -> bool:
    """May data of ``client`` be passed on (to the network ``partner``, if given)?

    Only a written, not withdrawn consent that covers passing data counts; with a partner,
    the consent must name that very partner (by key: a partner with a similar name, or one
    only written among the other recipients, is not covered).
    """
    consent = _sharing_consent(client)
    if consent is None:
        return False
    if partner is None:
        return True
    return consent.partner_links.filter(pk=partner.pk).exists()


def sharing_partner_ids(client: Client) -> frozenset[int]:
    """The network partners to whom data of ``client`` may be passed now (one query)."""
    consent = _sharing_consent(client)
    if consent is None:
        return frozenset()
    return frozenset(consent.partner_links.values_list("pk", flat=True))


@transaction.atomic
def consent_record(
    *,
    client: Client,
    recorded_by: User,
    informed_on: date,
    information_language: str,
    written: bool,
    signed_on: date | None,
    scope_storage: bool,
    scope_share_with_partners: bool,
    partners: Iterable[models.Model] = (),
    other_recipients: str = "",
    scope_contact_phone: bool,
    scope_contact_email: bool,
) -> Consent:
    if written and signed_on is None:
        raise DomainError(_("Please enter the date on which the consent was signed."))
    if signed_on is not None and signed_on < informed_on:
        raise DomainError(_("Consent cannot be signed before the person was informed."))
    chosen = list(partners)
    centre_id = client.team.service.centre_id
    if any(getattr(partner, "centre_id", None) != centre_id for partner in chosen):
        raise DomainError(_("Only partners of the client's counselling centre can be named."))
    if scope_share_with_partners and not chosen and not other_recipients.strip():
        raise DomainError(_("Name the partners to whom data may be passed."))
    consent = Consent.objects.create(
        client=client,
        informed_on=informed_on,
        information_language=information_language,
        informed_by=recorded_by,
        written=written,
        signed_on=signed_on,
        scope_storage=scope_storage,
        scope_share_with_partners=scope_share_with_partners,
        other_recipients=other_recipients.strip(),
        scope_contact_phone=scope_contact_phone,
        scope_contact_email=scope_contact_email,
    )
    consent.partner_links.set([partner.pk for partner in chosen])
    # The generic entry does not see many-to-many links; ids name no client.
    log_action(
        action="consent.partners_named",
        obj=consent,
        data={"partners": sorted(p.pk for p in chosen)},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_on: date, recorded_by: User) -> Consent:
    """From now on nothing is passed on; what was passed before stays documented."""
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_on is not None:
        raise DomainError(_("This consent has already been withdrawn."))
    if withdrawn_on < locked.informed_on:
        raise DomainError(_("The withdrawal cannot be earlier than the consent."))
    locked.withdrawn_on = withdrawn_on
    locked.withdrawn_recorded_by = recorded_by
    locked.save(update_fields=["withdrawn_on", "withdrawn_recorded_by"])
    # The date is in the consent; the entry says that it was withdrawn, not when (issue #15).
    log_action(action="consent.withdrawn", obj=locked, data={})
    return locked
