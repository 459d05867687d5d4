"""A group offer appears in each participant's file (issue #17 §6, DOMAIN §D17)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from lotse.volunteers.models import GroupOffer, GroupOfferDate, GroupOfferParticipant


def offer_with(org, client) -> GroupOffer:
    offer = GroupOffer.objects.create(
        team=org.team_b, title="Bewerbungstraining", created_by=org.users["stranger"]
    )
    GroupOfferDate.objects.create(offer=offer, date=date(2026, 10, 7), participants=9)
    GroupOfferDate.objects.create(offer=offer, date=date(2026, 10, 14), participants=7)
    GroupOfferParticipant.objects.create(offer=offer, client=client, added_by=org.users["stranger"])
    return offer


def test_the_participants_file_shows_the_offer_and_its_dates(org, as_persona) -> None:
    offer_with(org, org.client_b)
    page = as_persona("stranger").get(reverse("client_detail", args=[org.client_b.pk]))
    html = page.content.decode()
    assert 'data-testid="client-groups"' in html
    assert "Bewerbungstraining" in html and "07.10.2026" in html and "14.10.2026" in html


def test_a_file_without_group_offers_shows_no_section(org, as_persona) -> None:
    offer_with(org, org.client_b)
    page = as_persona("counsellor").get(reverse("client_detail", args=[org.client_a.pk]))
    assert 'data-testid="client-groups"' not in page.content.decode()
