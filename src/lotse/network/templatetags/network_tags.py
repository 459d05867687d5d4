"""Small filters for the network templates."""

from __future__ import annotations

from datetime import date

from django import template

from ..models import CooperationAgreement

register = template.Library()


@register.filter
def agreement_current(agreement: CooperationAgreement, on: date) -> bool:
    return agreement.is_current(on)


@register.filter
def agreement_review_due(agreement: CooperationAgreement, on: date) -> bool:
    return agreement.review_due(on)


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"
