"""Writing partners: lightweight records, referrals of clients, consent withdrawal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version
from lotse.organisation.models import Team

from ..choices import EndReason
from ..models import TandemPartner, TandemPartnerLanguage
from ..states import PartnershipStatus
from .common import (
    apply_values,
    check_districts,
    check_profile,
    set_languages,
    today_or,
)

PARTNER_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "phone",
        "email",
        "gender",
        "district",
        "slots",
        "interests",
        "volunteer_gender",
        "wants_bilingual_contact",
        "wishes",
        "consent_on",
        "consent_withdrawn_on",
    }
)


def _check(
    team: Team, values: Mapping[str, Any], languages: Mapping[str, str], today: date
) -> None:
    check_profile(values, languages)
    if not (values.get("first_name") or "").strip():
        raise DomainError(_("Please enter the partner's first name."))
    consent_on = values.get("consent_on")
    if consent_on is None:
        raise DomainError(_("Without the partner's consent nothing may be stored for matching."))
    if consent_on > today:
        raise DomainError(_("Consent cannot be dated in the future."))
    if values.get("district") is not None:
        check_districts(team, [values["district"]])


@transaction.atomic
def partner_create(
    *,
    team: Team,
    values: Mapping[str, Any],
    languages: Mapping[str, str],
    created_by: User,
    today: date | None = None,
) -> TandemPartner:
    """A lightweight partner record for someone who is not a client here, with consent."""
    _check(team, values, languages, today_or(today))
    partner = TandemPartner(team=team, referred_by=created_by)
    apply_values(partner, values, PARTNER_FIELDS)
    partner.save()
    set_languages(partner, languages, TandemPartnerLanguage)
    return partner


@transaction.atomic
def partner_refer(
    *,
    client: Client,
    team: Team,
    values: Mapping[str, Any],
    languages: Mapping[str, str],
    referred_by: User,
    today: date | None = None,
) -> TandemPartner:
    """A counsellor passes what matching needs from a client's file, with the client's consent.

    The caller must have resolved ``client`` through ``client_for_request(write=True)``.
    Only the fields given here leave the file; the coordinator never follows the link.
    """
    if team.service.centre_id != client.team.service.centre_id:
        raise DomainError(_("Partnerships are arranged by a team of the client's own centre."))
    if TandemPartner.objects.filter(client=client, consent_withdrawn_on__isnull=True).exists():
        raise DomainError(_("This client has been referred to the partnership programme already."))
    _check(team, values, languages, today_or(today))
    partner = TandemPartner(team=team, client=client, referred_by=referred_by)
    apply_values(partner, values, PARTNER_FIELDS)
    partner.save()
    set_languages(partner, languages, TandemPartnerLanguage)
    log_action(
        action="client.referred_to_partnership",
        obj=partner,
        data={"team": team.pk, "fields": sorted(values)},
    )
    return partner


@transaction.atomic
def partner_update(
    *,
    partner: TandemPartner,
    expected_version: int,
    values: Mapping[str, Any],
    languages: Mapping[str, str],
    today: date | None = None,
) -> TandemPartner:
    """Save changes; a newly withdrawn consent ends the open partnership at once."""
    today = today_or(today)
    _check(partner.team, values, languages, today)
    partner.version = claim_version(
        TandemPartner,
        partner.pk,
        expected_version,
        message=_("Someone else changed this partner while you were editing."),
    )
    was_withdrawn = partner.consent_withdrawn_on is not None
    apply_values(partner, values, PARTNER_FIELDS)
    partner.save()
    set_languages(partner, languages, TandemPartnerLanguage)
    if partner.consent_withdrawn_on is not None and not was_withdrawn:
        _end_after_withdrawal(partner, partner.consent_withdrawn_on, today)
    return partner


def _end_after_withdrawal(partner: TandemPartner, on: date, today: date) -> None:
    for partnership in partner.partnerships.open().select_for_update():
        partnership.status = PartnershipStatus.ENDED
        partnership.ended_on = max(min(on, today), partnership.proposed_on)
        partnership.end_reason = EndReason.CONSENT_WITHDRAWN
        partnership.save()
        log_action(
            action="partnership.status_changed",
            obj=partnership,
            data={"to": PartnershipStatus.ENDED, "reason": EndReason.CONSENT_WITHDRAWN},
        )
    log_action(action="partner.consent_withdrawn", obj=partner, data={"on": on.isoformat()})
