"""The published tables in the layout of the funders' forms: BAMF's MBE controlling and the
JMD's i-mpuls (issue #18 §4, docs/funder-exports.md).

Neither programme publishes its file format, so Lotse cannot write their upload files. What is
known is what the forms ask for (DOMAIN §D12: cases and family members counselled along,
age group, gender, nationality and region, residence status, years since entry, concerns, the
livelihood at the start and the end of counselling; for the JMD young people, case management,
group offers). A layout sorts Lotse's *published* tables — suppressed exactly as in every other
report — into one sheet per part of the form, under the headings the funder uses, and names
on its cover what a centre must still type by hand. It never holds a client, a counsellor's
name or a figure that the annual report does not publish.

A form is for one programme: it is written only for a unit whose teams all work in that
service (a team, or a centre or provider with only that service). Figures of one service cut
out of a mixed unit would be a new, unprotected unit: the centre minus its MBE part would give
the JMD part back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from io import BytesIO

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from lotse.organisation.models import ServiceKind, Team

from ..presentation import TableView
from ..scope import Unit
from .data import ReportData
from .xlsx import BOLD, TITLE, _put, _sheet_title, cover_lines, write_table


@dataclass(frozen=True)
class FormItem:
    heading: Promise  # the question as the funder's form names it
    table: str  # the published table that answers it


@dataclass(frozen=True)
class FormPart:
    title: Promise
    items: tuple[FormItem, ...]


@dataclass(frozen=True)
class FunderLayout:
    key: str
    title: Promise
    service: str
    parts: tuple[FormPart, ...]
    by_hand: tuple[Promise, ...]


item = FormItem
L = gettext_lazy

MBE = FunderLayout(
    key="mbe",
    title=L("MBE controlling (BAMF)"),
    service=ServiceKind.MBE,
    parts=(
        FormPart(L("A Counselling cases"), (
            item(L("Number of counselling cases (clients)"), "clients_by_service"),
            item(L("of which new and continuing"), "clients_new_continuing"),
            item(L("Family members counselled along"), "family_members_by_service"),
            item(L("Family members counselled along by age"), "family_members_by_age"),
            item(L("Counselling contacts"), "contacts_by_service"),
            item(L("Cases in case management"), "cases_by_phase_service"),
        )),
        FormPart(L("B Socio-demographic features"), (
            item(L("Age group and gender"), "clients_by_age_gender"),
            item(L("Nationality"), "clients_by_nationality"),
            item(L("Region of origin"), "clients_by_region"),
            item(L("Residence status"), "clients_by_residence"),
            item(L("Length of stay in Germany"), "clients_by_years_since_entry"),
        )),
        FormPart(L("C Concerns"), (
            item(L("Concerns of the counselling (multiple answers)"), "contacts_by_topic"),
            item(L("Counselling hours by concern (multiple answers)"), "hours_by_topic"),
            item(L("Form of counselling"), "contacts_by_form"),
            item(L("Language of counselling"), "contacts_by_language"),
        )),
        FormPart(L("D Effect indicators"), (
            item(L("Livelihood at the start and the end of counselling"),
                 "livelihood_intake_closure"),
            item(L("Residence status at the start of counselling"),
                 "cases_closed_by_residence_intake"),
            item(L("Residence title at the start of counselling"),
                 "cases_closed_by_permit_intake"),
            item(L("Residence title at the end of counselling"),
                 "cases_closed_by_permit_closure"),
            item(L("Problem areas at the start of counselling"),
                 "cases_closed_by_problem_area_intake"),
            item(L("Goals reached (closed cases)"), "case_indicators"),
            item(L("Reason for ending the counselling"), "cases_closed_by_reason"),
        )),
    ),
    by_hand=(
        L("The funding reference (Förderkennzeichen) and the provider's number at BAMF."),
        L("Posts: the sum of the counsellors' shares is on the cover; the form asks for each "
          "post with its funding share."),
        L("Network work and events: see the annual report's network section."),
        L("Cells marked • are suppressed (fewer than k clients): enter them as the form asks "
          "for missing values, never as 0."),
    ),
)  # fmt: skip

JMD = FunderLayout(
    key="jmd",
    title=L("JMD i-mpuls statistics"),
    service=ServiceKind.JMD,
    parts=(
        FormPart(
            L("A Young people counselled"),
            (
                item(L("Young people counselled"), "clients_by_service"),
                item(L("of which new and continuing"), "clients_new_continuing"),
                item(L("Age group and gender"), "clients_by_age_gender"),
                item(L("Nationality"), "clients_by_nationality"),
                item(L("Residence status"), "clients_by_residence"),
                item(L("Length of stay in Germany"), "clients_by_years_since_entry"),
            ),
        ),
        FormPart(
            L("B Case management"),
            (
                item(L("Case management by phase"), "cases_by_phase_service"),
                item(L("Goals of the support plans"), "goals_by_status"),
                item(L("Reason for ending the case management"), "cases_closed_by_reason"),
                item(L("Goals reached (closed cases)"), "case_indicators"),
            ),
        ),
        FormPart(
            L("C Counselling and group offers"),
            (
                item(L("Counselling contacts"), "contacts_by_service"),
                item(L("Topics (multiple answers)"), "contacts_by_topic"),
                item(L("Form of counselling"), "contacts_by_form"),
                item(L("Group offers: dates"), "group_contacts_by_service"),
                item(L("Group offers: participants"), "group_attendances_by_service"),
                item(L("Group offers: young people taking part"), "group_clients_by_service"),
            ),
        ),
        FormPart(
            L("D Network"), (item(L("Network and intercultural opening"), "network_indicators"),)
        ),
    ),
    by_hand=(
        L("The JMD's number in i-mpuls and the funding reference."),
        L("Schools and youth-welfare cooperation that Lotse does not record as a partner."),
        L(
            "Cells marked • are suppressed (fewer than k clients): enter them as the form asks "
            "for missing values, never as 0."
        ),
    ),
)

LAYOUTS: dict[str, FunderLayout] = {layout.key: layout for layout in (MBE, JMD)}


class WrongService(Exception):
    """The unit holds teams of another service than the form's."""


def _service_kinds(unit: Unit) -> set[str]:
    return set(Team.objects.filter(pk__in=unit.team_ids).values_list("service__kind", flat=True))


def layouts_for(unit: Unit | None) -> list[FunderLayout]:
    """The forms whose service is the only one of ``unit``."""
    if unit is None:
        return []
    kinds = _service_kinds(unit)
    return [layout for layout in LAYOUTS.values() if kinds == {layout.service}]


def check_unit(layout: FunderLayout, unit: Unit) -> None:
    """Refuse a unit with a team of another service (see the module's docstring)."""
    if _service_kinds(unit) != {layout.service}:
        raise WrongService(
            _(
                "The form “%(form)s” is for %(service)s only, and “%(unit)s” also has other "
                "services. Choose a team of this service, or a counselling centre that only "
                "offers it."
            )
            % {
                "form": layout.title,
                "service": ServiceKind(layout.service).label,
                "unit": unit.label,
            }
        )


def _views(data: ReportData) -> dict[str, TableView]:
    return {view.key: view for _key, _title, views in data.sections for view in views}


def _cover(ws: Worksheet, layout: FunderLayout, data: ReportData, taken: set[str]) -> None:
    ws.title = _sheet_title(_("Cover"), taken)
    _put(ws, 1, 1, str(layout.title)).font = TITLE
    lines = [
        *cover_lines(data, posts=True),
        (
            _("About this file"),
            _(
                "The funder's own file format is not public. This workbook orders Lotse's "
                "published figures by the parts of the form; type them into the funder's "
                "system."
            ),
        ),
    ]
    for row, (label, value) in enumerate(lines, start=3):
        _put(ws, row, 1, label).font = BOLD
        _put(ws, row, 2, value).alignment = Alignment(wrap_text=True)
    row = len(lines) + 4
    _put(ws, row, 1, _("Still to be entered by hand")).font = BOLD
    for note in layout.by_hand:
        row += 1
        _put(ws, row, 1, f"– {note}")


def funder_xlsx(data: ReportData, layout: FunderLayout) -> bytes:
    """One sheet per part of ``layout``'s form; a table the unit does not have is named as
    such, so a missing part is never mistaken for zero."""
    views = _views(data)
    book = Workbook()
    taken: set[str] = set()
    _cover(book.active, layout, data, taken)
    for part in layout.parts:
        ws = book.create_sheet(_sheet_title(str(part.title), taken))
        _put(ws, 1, 1, str(part.title)).font = TITLE
        row = 3
        for entry in part.items:
            view = views.get(entry.table)
            if view is None:
                _put(ws, row, 1, str(entry.heading)).font = BOLD
                _put(ws, row + 1, 1, _("No figures for this unit and period."))
                row += 3
                continue
            row = write_table(ws, row, replace(view, title=str(entry.heading)))
        ws.column_dimensions["A"].width = 52
    for ws in book.worksheets:
        ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 40)
    first = book.worksheets[0]
    first.column_dimensions["B"].width = 70
    first["A1"].font = Font(bold=True, size=14)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
