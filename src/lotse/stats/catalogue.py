"""Every table of the statistics: what it counts, along which dimensions, how it adds up.

Kinds of table:
- ``additive``: the cells add up to the total (1-D) or to the margins (2-D): a client in one
  team, a contact in one month. Complementary suppression protects these equations.
- ``multiple``: multiple answers — a contact with three topics is in three cells, so the
  cells add up to more than the base (``_total``: the number of contacts, clients, cases),
  which is counted once (DOMAIN §D12).
- ``figures``: independent counts side by side (indicators), no total.

Measures other than counts (hours, days) never get their own suppression: they take the
pattern of the count table named in ``mask_from`` (hours of a service whose contacts are
suppressed are suppressed as well). Hours come from the contacts and are never multiplied by
their topics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ADDITIVE = "additive"
MULTIPLE = "multiple"
FIGURES = "figures"

SECTIONS: Mapping[str, Promise] = MappingProxyType(
    {
        "overview": _("Clients and contacts"),
        "people": _("Who comes"),
        "contacts": _("Topics and access"),
        "cases": _("Case management"),
        "waiting": _("Waiting list and family members"),
        "groups": _("Group offers"),
        "network": _("Network and volunteers"),
        "team": _("Teams and counsellors"),
    }
)

UNITS: Mapping[str, Promise] = MappingProxyType(
    {
        "clients": _("clients"),
        "contacts": _("contacts"),
        "hours": _("hours"),
        "days": _("days"),
        "intakes": _("first contacts"),
        "cases": _("cases"),
        "goals": _("goals"),
        "family_members": _("family members"),
        "persons": _("persons"),
        # "number" alone is an agreement's or plan's number elsewhere (Nummer), here a count.
        "figures": pgettext_lazy("statistics unit", "number"),
    }
)


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: Promise
    unit: str
    dims: tuple[str, ...]
    kind: str = ADDITIVE
    section: str = "overview"
    measure: str = "count"
    mask_from: str | None = None
    # False: names of teams or counsellors — shown inside the organisation, never exported.
    export: bool = True
    # Only team leads see it (counsellors' caseloads are staff data, see docs).
    team_lead_only: bool = False
    note: Promise | None = None
    # Tables counting the same population share one total cell in the suppression, so that a
    # total hidden in one table cannot be read off another (linked tables).
    population: str | None = None

    @property
    def two_way(self) -> bool:
        return len(self.dims) == 2


MULTIPLE_NOTE = _("Multiple answers: the cells add up to more than the total.")

TABLES: tuple[TableSpec, ...] = (
    TableSpec("clients_by_service", _("Clients by service"), "clients", ("service",),
              note=_("A client counts once in the period, however many contacts or group "
                     "dates. A person counselled by two services counts in each of them; "
                     "the table of persons counts them once.")),
    TableSpec("contacts_by_service", _("Counselling contacts by service"), "contacts",
              ("service",)),
    TableSpec("hours_by_service", _("Counselling hours by service"), "hours", ("service",),
              measure="hours", mask_from="contacts_by_service",
              note=_("Hours of the contacts, never multiplied by their topics.")),
    TableSpec("clients_new_continuing", _("New and continuing clients"), "clients",
              ("client_status",),
              note=_("New: the client's first contact with the centre lies in the period.")),
    TableSpec("clients_by_month", _("Clients by month"), "clients", ("month",), kind=MULTIPLE,
              note=_("A client counts once in every month with a contact; the total counts "
                     "each client once.")),
    TableSpec("contacts_by_month", _("Counselling contacts by month"), "contacts", ("month",)),
    TableSpec("clients_by_centre", _("Clients by counselling centre"), "clients", ("centre",)),
    TableSpec("persons_by_centre", _("Persons by counselling centre"), "clients",
              ("centre", "person_files"),
              note=_("A person counselled by several services of the centre (their files "
                     "linked as one person) counts once as a person; each further service "
                     "counts them again. Each row adds up to the centre's clients.")),
    TableSpec("contacts_by_centre", _("Counselling contacts by counselling centre"), "contacts",
              ("centre",)),
    TableSpec("clients_by_age_gender", _("Clients by age group and gender"), "clients",
              ("age_group", "gender"), section="people",
              note=_("Age on the last day of the period.")),
    TableSpec("clients_by_nationality", _("Clients by nationality"), "clients",
              ("nationality",), kind=MULTIPLE, section="people",
              note=_("Multiple answers: a client with two nationalities counts in both.")),
    TableSpec("clients_by_region", _("Clients by region of origin"), "clients", ("region",),
              section="people"),
    TableSpec("clients_by_residence", _("Clients by residence situation"), "clients",
              ("residence",), section="people"),
    TableSpec("clients_by_years_since_entry", _("Clients by years since entry"), "clients",
              ("years_since_entry",), section="people"),
    TableSpec("contacts_by_topic", _("Counselling contacts by topic"), "contacts", ("topic",),
              kind=MULTIPLE, section="contacts", note=MULTIPLE_NOTE),
    TableSpec("hours_by_topic", _("Counselling hours by topic"), "hours", ("topic",),
              kind=MULTIPLE, section="contacts", measure="hours", mask_from="contacts_by_topic",
              note=_("Multiple answers: a contact's hours count once in the total and in the "
                     "row of each of its topics, so the rows add up to more than the total.")),
    TableSpec("contacts_by_language", _("Counselling contacts by language used"), "contacts",
              ("language",), section="contacts"),
    TableSpec("contacts_by_form", _("Counselling contacts by form"), "contacts",
              ("contact_form",), section="contacts"),
    TableSpec("intakes_by_access_channel", _("First contacts by access channel"), "intakes",
              ("access_channel",), section="contacts"),
    TableSpec("intakes_by_outcome", _("First contacts by outcome"), "intakes",
              ("intake_outcome",), section="contacts"),
    TableSpec("cases_by_phase_service", _("Case-management cases by phase and service"),
              "cases", ("phase", "service"), section="cases",
              note=_("Phase on the last day of the period; cases closed before the period are "
                     "left out.")),
    TableSpec("goals_by_status", _("Goals of the current support plans by status"), "goals",
              ("goal_status",), section="cases"),
    TableSpec("case_indicators", _("Case-work indicators reached (closed cases)"), "cases",
              ("case_indicator",), kind=MULTIPLE, section="cases", population="cases_closed",
              note=_("Cases closed in the period; a case counts for every indicator it "
                     "reached. Total: cases closed.")),
    TableSpec("cases_closed_by_reason", _("Closed cases by reason for closing"), "cases",
              ("closure_reason",), section="cases", population="cases_closed",
              note=_("Cases closed in the period, with the reason of their last closure.")),
    TableSpec("livelihood_intake_closure",
              _("Livelihood at intake (rows) and at closure (columns), closed cases"), "cases",
              ("livelihood_intake", "livelihood_closure"), section="cases",
              population="cases_closed",
              note=_("Effect indicator: compare the shares of basic income support (SGB II) "
                     "in the total column and the total row.")),
    TableSpec("cases_closed_by_residence_intake",
              _("Closed cases by residence situation at intake"), "cases", ("residence_intake",),
              section="cases", population="cases_closed",
              note=_("Cases closed in the period, with the residence situation recorded at the "
                     "latest first contact on or before the case's opening.")),
    TableSpec("cases_closed_by_permit_intake",
              _("Closed cases by residence title at the opening"), "cases", ("permit_intake",),
              section="cases", population="cases_closed",
              note=_("Cases closed in the period, with the client's residence title valid from "
                     "the case's opening day or earlier (the latest recorded).")),
    TableSpec("cases_closed_by_permit_closure",
              _("Closed cases by residence title at closure"), "cases", ("permit_closure",),
              section="cases", population="cases_closed",
              note=_("Cases closed in the period, with the client's residence title valid from "
                     "the closing day or earlier (the latest recorded).")),
    TableSpec("cases_closed_by_problem_area_intake",
              _("Closed cases by problem areas at intake"), "cases", ("problem_area",),
              kind=MULTIPLE, section="cases", population="cases_closed",
              note=_("Multiple answers: a case counts in the row of each problem area of its "
                     "first contact before the opening, so the rows add up to more than the "
                     "total. Total: cases closed.")),
    TableSpec("family_members_by_service", _("Family members counselled along"),
              "family_members", ("service",), section="waiting",
              population="family_members",
              note=_("Household members counselled along with a client of the period; they "
                     "count as family members, not as cases.")),
    TableSpec("family_members_by_age", _("Family members counselled along by age group"),
              "family_members", ("age_group",), section="waiting", population="family_members",
              note=_("Their own age (from the year of birth) on the last day of the period; "
                     "they count as family members, not as cases.")),
    TableSpec("waiting_list_by_service", _("Waiting list on the last day of the period"),
              "persons", ("service",), section="waiting"),
    TableSpec("waiting_time", _("Waiting time of those who left the waiting list"),
              "persons", ("waiting_time",), section="waiting"),
    TableSpec("waiting_days", _("Days waited, by waiting time"), "days", ("waiting_time",),
              measure="days", mask_from="waiting_time", section="waiting"),
    TableSpec("group_contacts_by_service", _("Group contacts by service"), "contacts",
              ("service",), section="groups", population="group_contacts",
              note=_("Each date of a group offer counts once, however many took part. Group "
                     "contacts are not among the counselling contacts.")),
    TableSpec("group_attendances_by_service", _("Participants at group contacts by service"),
              "persons", ("service",), section="groups", population="group_attendances",
              note=_("The people at each date, clients and others (by number); someone at "
                     "three dates counts three times.")),
    TableSpec("group_clients_by_service", _("Clients in group offers by service"), "clients",
              ("service",), section="groups", population="group_clients",
              note=_("Clients of the centre in a group offer that met in the period, each "
                     "once. They are among the clients of the client tables as well.")),
    TableSpec("network_indicators", _("Network and intercultural-opening indicators"),
              "figures", ("network_figure",), kind=FIGURES, section="network"),
    TableSpec("volunteer_figures", _("Integration partnerships (volunteers)"), "figures",
              ("volunteer_figure",), kind=FIGURES, section="network"),
    TableSpec("clients_by_team", _("Clients by team"), "clients", ("team",), section="team",
              export=False),
    TableSpec("contacts_by_team", _("Counselling contacts by team"), "contacts", ("team",),
              section="team", export=False),
    TableSpec("clients_by_counsellor", _("Clients by counsellor"), "clients", ("counsellor",),
              kind=MULTIPLE, section="team", export=False, team_lead_only=True,
              note=_("A client seen by two counsellors counts for both.")),
    TableSpec("contacts_by_counsellor", _("Counselling contacts by counsellor"), "contacts",
              ("counsellor",), section="team", export=False, team_lead_only=True),
)  # fmt: skip

SHARED_POPULATIONS = frozenset({"clients", "contacts", "intakes"})


def population_of(spec: TableSpec) -> str | None:
    if spec.population:
        return spec.population
    return spec.unit if spec.unit in SHARED_POPULATIONS and spec.measure == "count" else None


TABLE_BY_KEY: Mapping[str, TableSpec] = MappingProxyType({t.key: t for t in TABLES})
EXPORTED: tuple[str, ...] = tuple(t.key for t in TABLES if t.export)
