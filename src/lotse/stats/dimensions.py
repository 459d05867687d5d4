"""Dimensions of the statistics: their codes (what bundles carry) and labels (what people read).

Bundles carry codes only; labels are looked up when a table is shown, in the reader's language.
Codes a reader does not know (a newer catalogue, another installation's centre) are shown as
they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType

from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.cases.indicators import INDICATORS
from lotse.cases.phases import CLOSURE_REASON_LABELS, PHASE_LABELS
from lotse.cases.planning import GOAL_STATUS_LABELS
from lotse.clients.models import (
    AccessChannel,
    ContactForm,
    Gender,
    IntakeOutcome,
    Livelihood,
    PermitKind,
    Residence,
)
from lotse.common.languages import language_name
from lotse.common.regions import REGION_LABELS
from lotse.organisation.models import ServiceKind

from .suppression import TOTAL

UNKNOWN = "unknown"

AGE_GROUPS: Mapping[str, Promise] = MappingProxyType(
    {
        "under_12": _("under 12"),
        "12_17": _("12–17"),
        "18_26": _("18–26"),
        "27_39": _("27–39"),
        "40_49": _("40–49"),
        "50_64": _("50–64"),
        "65_plus": _("65 and older"),
        UNKNOWN: _("unknown"),
    }
)
# Lower bound in completed years of each group (the last real group has no upper bound).
AGE_BOUNDS: tuple[tuple[str, int], ...] = (
    ("65_plus", 65),
    ("50_64", 50),
    ("40_49", 40),
    ("27_39", 27),
    ("18_26", 18),
    ("12_17", 12),
    ("under_12", 0),
)

YEARS_SINCE_ENTRY: Mapping[str, Promise] = MappingProxyType(
    {
        "under_1": _("less than 1 year"),
        "1_2": _("1 to under 3 years"),
        "3_4": _("3 to under 5 years"),
        "5_plus": _("5 years or more"),
        UNKNOWN: _("unknown"),
    }
)
ENTRY_BOUNDS: tuple[tuple[str, int], ...] = (("5_plus", 5), ("3_4", 3), ("1_2", 1), ("under_1", 0))

CLIENT_STATUS: Mapping[str, Promise] = MappingProxyType(
    {"new": _("new clients"), "continuing": _("continuing clients")}
)

# A person counselled by two services of a centre: once a person, once counted again (§D16).
PERSON_FILES: Mapping[str, Promise] = MappingProxyType(
    {"person": _("persons"), "further_service": _("counted again in a further service")}
)

WAITING_TIME: Mapping[str, Promise] = MappingProxyType(
    {
        "up_to_7": _("up to 7 days"),
        "8_30": _("8 to 30 days"),
        "31_90": _("31 to 90 days"),
        "over_90": _("more than 90 days"),
    }
)


def waiting_bucket(days: int) -> str:
    if days <= 7:
        return "up_to_7"
    if days <= 30:
        return "8_30"
    if days <= 90:
        return "31_90"
    return "over_90"


NETWORK_FIGURES: Mapping[str, Promise] = MappingProxyType(
    {
        "mandatory_categories": _("Mandatory partner categories (all centres)"),
        "mandatory_categories_covered": _("of which covered by a current cooperation agreement"),
        "responsibilities_agreed": _("Partners with responsibilities agreed"),
        "resources_pooled": _("Partners with resources pooled"),
        "working_groups": _("Working groups"),
        "referrals_out": _("Outgoing referrals"),
        "referrals_with_outcome": _("Outgoing referrals with a known outcome"),
        "referrals_arrived": _("of which arrived (accepted or completed)"),
        "partners_opening_in_mission": _("Partners with opening in their mission statement"),
        "partner_staff_trained": _("Partner staff trained"),
        "information_and_training_events": _("Information and training events"),
        "joint_actions": _("Joint actions"),
        "agreements_on_opening": _("Cooperation agreements on intercultural opening"),
    }
)

VOLUNTEER_FIGURES: Mapping[str, Promise] = MappingProxyType(
    {
        "volunteers_active": _("Volunteers active"),
        "young_volunteers_active": _("of whom young volunteers"),
        "partnerships_active": _("Partnerships active"),
        "partnerships_started": _("Partnerships started"),
        "partnerships_ended": _("Partnerships ended"),
        "meetings": _("Meetings of partnerships"),
        "trainings_completed": _("Volunteers who completed the training"),
        "retention_cohort": _("Volunteers on board at the start"),
        "retention_retained": _("of whom still on board at the end"),
        "evenings": _("Group evenings"),
    }
)


def _choices(choices: type[Choices]) -> Callable[[], Mapping[str, object]]:
    return lambda: dict(choices.choices)


def _mapping(values: Mapping[str, object]) -> Callable[[], Mapping[str, object]]:
    return lambda: values


def _phases() -> Mapping[str, object]:
    return {str(k): v for k, v in PHASE_LABELS.items()}


def _goal_statuses() -> Mapping[str, object]:
    return {str(k): v for k, v in GOAL_STATUS_LABELS.items()}


def _closure_reasons() -> Mapping[str, object]:
    return {str(k): v for k, v in CLOSURE_REASON_LABELS.items()}


def _permit_kinds() -> Mapping[str, object]:
    # A case whose client had no permit recorded on the day counts as unknown.
    return {**dict(PermitKind.choices), UNKNOWN: _("unknown")}


def _case_indicators() -> Mapping[str, object]:
    return {i.code: i.label for i in INDICATORS}


# Known vocabularies in their display order; dimensions without one are ordered by code.
VOCABULARIES: Mapping[str, Callable[[], Mapping[str, object]]] = MappingProxyType(
    {
        "service": _choices(ServiceKind),
        "gender": _choices(Gender),
        "residence": _choices(Residence),
        "contact_form": _choices(ContactForm),
        "access_channel": _choices(AccessChannel),
        "intake_outcome": _choices(IntakeOutcome),
        "livelihood_intake": _choices(Livelihood),
        "livelihood_closure": _choices(Livelihood),
        "residence_intake": _choices(Residence),
        "permit_intake": _permit_kinds,
        "permit_closure": _permit_kinds,
        "age_group": _mapping(AGE_GROUPS),
        "years_since_entry": _mapping(YEARS_SINCE_ENTRY),
        "region": _mapping(REGION_LABELS),
        "waiting_time": _mapping(WAITING_TIME),
        "client_status": _mapping(CLIENT_STATUS),
        "person_files": _mapping(PERSON_FILES),
        "closure_reason": _closure_reasons,
        "network_figure": _mapping(NETWORK_FIGURES),
        "volunteer_figure": _mapping(VOLUNTEER_FIGURES),
        "phase": _phases,
        "goal_status": _goal_statuses,
        "case_indicator": _case_indicators,
    }
)

DIMENSION_TITLES: Mapping[str, Promise] = MappingProxyType(
    {
        "service": _("Service"),
        "month": _("Month"),
        "centre": _("Counselling centre"),
        "team": _("Team"),
        "counsellor": _("Counsellor"),
        "age_group": _("Age group"),
        "gender": _("Gender"),
        "nationality": _("Nationality"),
        "region": _("Region of origin"),
        "residence": _("Residence situation"),
        "years_since_entry": _("Years since entry"),
        "topic": _("Topic"),
        "language": _("Language"),
        "contact_form": _("Form"),
        "access_channel": _("Access channel"),
        "intake_outcome": _("Outcome"),
        "phase": _("Phase"),
        "goal_status": _("Status"),
        "case_indicator": _("Indicator"),
        "livelihood_intake": _("Livelihood at intake"),
        "livelihood_closure": _("Livelihood at closure"),
        "residence_intake": _("Residence situation at intake"),
        "permit_intake": _("Residence title at the opening"),
        "permit_closure": _("Residence title at closure"),
        "problem_area": _("Problem area at intake"),
        "waiting_time": _("Waiting time"),
        "client_status": _("New or continuing"),
        "person_files": _("Counted as"),
        "closure_reason": _("Reason for closing"),
        "network_figure": _("Indicator"),
        "volunteer_figure": _("Figure"),
    }
)


def order_codes(dimension: str, codes: set[str]) -> list[str]:
    """``codes`` in the vocabulary's order, unknown ones after it, sorted."""
    load = VOCABULARIES.get(dimension)
    known = list(load()) if load else []
    ordered = [c for c in known if c in codes]
    return ordered + sorted(codes - set(ordered))


def vocabulary(dimension: str) -> list[str]:
    """Codes always shown (with zero when nobody is in them), for dimensions that have them."""
    if dimension in {
        "age_group",
        "gender",
        "service",
        "waiting_time",
        "client_status",
        "person_files",
    }:
        return list(VOCABULARIES[dimension]())
    if dimension in {
        "phase",
        "goal_status",
        "livelihood_intake",
        "livelihood_closure",
        "closure_reason",
    }:
        return list(VOCABULARIES[dimension]())
    if dimension in {"network_figure", "volunteer_figure", "case_indicator"}:
        return list(VOCABULARIES[dimension]())
    return []


class Labeller:
    """Labels for codes; local names (centres, teams, counsellors, topics) come from lookups."""

    def __init__(self, lookups: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.lookups = lookups or {}
        self._cache: dict[str, Mapping[str, object]] = {}

    def __call__(self, dimension: str, code: str) -> str:
        if code == TOTAL:
            return str(_("Total"))
        if dimension in self.lookups and code in self.lookups[dimension]:
            return self.lookups[dimension][code]
        if dimension == "month":
            return f"{code[5:7]}/{code[:4]}" if len(code) == 7 else code
        if dimension == "nationality":
            return country_label(code)
        if dimension == "language":
            return language_name(code)
        if dimension not in self._cache:
            load = VOCABULARIES.get(dimension)
            self._cache[dimension] = load() if load else {}
        label = self._cache[dimension].get(code)
        return str(label) if label is not None else code


def country_label(code: str) -> str:
    if code == UNKNOWN:
        return str(_("unknown"))
    from django_countries import countries

    return str(countries.name(code) or code)


def age_group(birth: date | None, birth_year: int | None, on: date) -> str:
    """Completed years on ``on`` from the birth date, else from the year alone."""
    if birth is not None:
        years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    elif birth_year is not None:
        years = on.year - birth_year
    else:
        return UNKNOWN
    return next((code for code, low in AGE_BOUNDS if years >= low), UNKNOWN)
