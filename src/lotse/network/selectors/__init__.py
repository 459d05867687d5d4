"""Reading network data, always scoped to the centres of the user (see ``access``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lotse.clients.models import Client, visible_client_q
from lotse.common.query import query_id
from lotse.organisation.models import Centre

from .. import indicators
from ..access import network_centres
from ..choices import ReferralDirection, ReferralOutcome
from ..models import TOPIC_FIELDS, Activity, CooperationAgreement, Partner, Referral


def partner_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Partner:
    """Partner of one of the user's centres: 404 for others, 403 when the user may only read."""
    partner = (
        Partner.objects.visible_to(request.user).select_related("centre").filter(pk=pk).first()
    )
    if partner is None:
        raise Http404
    if write and not Partner.objects.writable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return partner


def agreement_for_request(
    request: HttpRequest, pk: int, *, write: bool = False
) -> CooperationAgreement:
    agreement = (
        CooperationAgreement.objects.filter(partner__in=Partner.objects.visible_to(request.user))
        .select_related("partner__centre")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    if (
        write
        and not Partner.objects.writable_by(request.user).filter(pk=agreement.partner_id).exists()
    ):
        raise PermissionDenied
    return agreement


def activity_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Activity:
    activity = Activity.objects.visible_to(request.user).filter(pk=pk).first()
    if activity is None:
        raise Http404
    if (
        write
        and not network_centres(request.user, write=True).filter(pk=activity.centre_id).exists()
    ):
        raise PermissionDenied
    return activity


def referral_of_client(client: Client, pk: int) -> Referral:
    """A referral of an already resolved client (``client_for_request``), else 404."""
    referral = Referral.objects.filter(client=client, pk=pk).select_related("partner").first()
    if referral is None:
        raise Http404
    return referral


def partners_for_client(client: Client) -> QuerySet[Partner]:
    return Partner.objects.filter(centre_id=client.team.service.centre_id, active=True)


def overdue_referrals(user: Any, today: date) -> QuerySet[Referral]:
    """Outgoing referrals of the user's clients whose feedback date has passed without outcome."""
    return (
        Referral.objects.filter(
            visible_client_q(user),
            direction=ReferralDirection.OUTGOING,
            outcome=ReferralOutcome.PENDING,
            expected_feedback_on__lt=today,
        )
        .select_related("client", "partner")
        .order_by("expected_feedback_on", "pk")
    )


# --- facts for the §D12 indicators (counts only, nothing that names a client) --------------


def partner_facts(centre: Centre) -> list[indicators.PartnerFact]:
    rows = Partner.objects.filter(centre=centre).values(
        "pk", "category", "active", "opening_in_mission_statement"
    )
    return [
        indicators.PartnerFact(
            key=row["pk"],
            category=row["category"],
            active=row["active"],
            opening_in_mission_statement=row["opening_in_mission_statement"],
        )
        for row in rows
    ]


def agreement_facts(centre: Centre) -> list[indicators.AgreementFact]:
    fields = list(TOPIC_FIELDS.values())
    rows = CooperationAgreement.objects.filter(partner__centre=centre).values(
        "partner_id", "valid_from", "valid_until", *fields
    )
    return [
        indicators.AgreementFact(
            partner=row["partner_id"],
            valid_from=row["valid_from"],
            valid_until=row["valid_until"],
            topics=frozenset(topic for topic, field in TOPIC_FIELDS.items() if row[field]),
        )
        for row in rows
    ]


def referral_facts(centre: Centre) -> list[indicators.ReferralFact]:
    rows = Referral.objects.filter(partner__centre=centre).values(
        "direction", "outcome", "referred_on"
    )
    return [indicators.ReferralFact(**row) for row in rows]


def activity_facts(centre: Centre) -> list[indicators.ActivityFact]:
    rows = Activity.objects.filter(centre=centre).values(
        "kind", "held_on", "participants", "partner_staff"
    )
    return [indicators.ActivityFact(**row) for row in rows]


def centre_coverage(centre: Centre, on: date) -> indicators.Coverage:
    return indicators.coverage(partner_facts(centre), agreement_facts(centre), on=on)


def centre_indicators(
    centre: Centre, period: indicators.Period
) -> tuple[indicators.NetworkIndicators, indicators.OpeningIndicators]:
    partners, agreements = partner_facts(centre), agreement_facts(centre)
    activities = activity_facts(centre)
    network = indicators.network_indicators(
        partners=partners, agreements=agreements, activities=activities, period=period
    )
    opening = indicators.opening_indicators(
        partners=partners,
        agreements=agreements,
        referrals=referral_facts(centre),
        activities=activities,
        period=period,
    )
    return network, opening


def chosen_centre(request: HttpRequest, *, write: bool = False) -> Centre | None:
    """The centre picked with ``?centre=`` among the user's, else the first of them."""
    centres = network_centres(request.user, write=write).order_by("name")
    wanted = query_id(request, "centre")
    if wanted is not None:
        found = centres.filter(pk=wanted).first()
        if found is not None:
            return found
    return centres.first()
