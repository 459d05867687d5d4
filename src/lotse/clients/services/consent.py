"""Consent: record, withdraw, and the one check every data passing must make."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError

from ..models import Client, Consent
from ..selectors import consent_current


def sharing_allowed(client: Client, partner_name: str | None = None) -> bool:
    """May data of ``client`` be passed on (to ``partner_name``, if given)?

    Only a written, not withdrawn consent that covers passing data counts; with a partner
    name, that partner must be named in the consent (case-insensitive).
    """
    consent = consent_current(client)
    if consent is None or not consent.written or not consent.scope_share_with_partners:
        return False
    if partner_name is None:
        return True
    wanted = partner_name.strip().casefold()
    return any(name.casefold() == wanted for name in consent.partner_list)


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
    partners: str,
    scope_contact_phone: bool,
    scope_contact_email: bool,
) -> Consent:
    if written and signed_on is None:
        raise DomainError(_("Please enter the date on which the consent was signed."))
    if signed_on is not None and signed_on < informed_on:
        raise DomainError(_("Consent cannot be signed before the person was informed."))
    if scope_share_with_partners and not partners.strip():
        raise DomainError(_("Name the partners to whom data may be passed."))
    return Consent.objects.create(
        client=client,
        informed_on=informed_on,
        information_language=information_language,
        informed_by=recorded_by,
        written=written,
        signed_on=signed_on,
        scope_storage=scope_storage,
        scope_share_with_partners=scope_share_with_partners,
        partners=partners.strip(),
        scope_contact_phone=scope_contact_phone,
        scope_contact_email=scope_contact_email,
    )


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
    log_action(action="consent.withdrawn", obj=locked, data={"withdrawn_on": str(withdrawn_on)})
    return locked
