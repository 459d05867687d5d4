"""The integration agreement as a bilingual PDF: the client's language beside German (§D5.3).

Every fixed text has the gettext context "client document" and is rendered once per language
(``translation.override``), so the two columns always say the same. What counsellors typed
(goals in their own words, steps, partner names, extra arrangements) is printed as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from lotse.documents.letterhead import letterhead_context
from lotse.documents.rendering import format_document_date, render_pdf, text_direction

from .models import Goal, IntegrationAgreement
from .planning import GoalStatus, Module, Responsible

TEMPLATE = "cases/documents/agreement.html"
FSI, PDI = "\u2068", "\u2069"

T_TITLE = pgettext_lazy("client document", "Integration agreement")
T_TITLE_JMD = pgettext_lazy(
    "client document", "Integration agreement on the individual integration support plan"
)
T_NAME = pgettext_lazy("client document", "Name")
T_FILE = pgettext_lazy("client document", "File number")
T_BIRTH = pgettext_lazy("client document", "Date of birth")
T_COUNSELLOR = pgettext_lazy("client document", "Counsellor")
T_DATE = pgettext_lazy("client document", "Date")
T_BASIS = pgettext_lazy(
    "client document",
    "This agreement is based on the support plan (version %(number)s of %(date)s) that we "
    "drew up together. It says what we want to reach, who does what, and how we work together.",
)
T_GOALS = pgettext_lazy("client document", "Our goals")
T_BY = pgettext_lazy("client document", "To be reached by: %(date)s")
T_RESPONSIBLE = pgettext_lazy("client document", "Responsible: %(who)s")
T_STEPS = pgettext_lazy("client document", "Steps:")
T_CENTRE_DOES = pgettext_lazy("client document", "What the counselling centre does")
T_CENTRE_1 = pgettext_lazy("client document", "We counsel you confidentially and free of charge.")
T_CENTRE_2 = pgettext_lazy(
    "client document",
    "We support you in reaching your goals and put you in touch with other services.",
)
T_CENTRE_3 = pgettext_lazy(
    "client document", "We keep the appointments or cancel them in good time."
)
T_CENTRE_4 = pgettext_lazy("client document", "We only pass on your data with your consent.")
T_CLIENT_DOES = pgettext_lazy("client document", "What you do")
T_CLIENT_1 = pgettext_lazy("client document", "You work actively on your goals.")
T_CLIENT_2 = pgettext_lazy(
    "client document", "You come to the appointments or cancel them in good time."
)
T_CLIENT_3 = pgettext_lazy(
    "client document",
    "You tell us about important changes, for example a new address, residence or job.",
)
T_CLIENT_4 = pgettext_lazy(
    "client document", "You bring the letters and documents that are needed."
)
T_PARTNERS = pgettext_lazy("client document", "What our partners do")
T_TOGETHER = pgettext_lazy("client document", "How we work together")
T_TOGETHER_1 = pgettext_lazy(
    "client document",
    "We look at the plan together regularly and change it when something changes.",
)
T_TOGETHER_2 = pgettext_lazy(
    "client document", "If the plan changes a lot, we make a new agreement."
)
T_TOGETHER_3 = pgettext_lazy("client document", "You can end the case management at any time.")
T_APPOINTMENTS = pgettext_lazy("client document", "Agreed appointments")
T_REVIEW_ON = pgettext_lazy("client document", "Review of the plan: %(date)s")
T_NO_APPOINTMENTS = pgettext_lazy(
    "client document", "We will agree on the next appointment together."
)
T_TYPED = pgettext_lazy("client document", "Further arrangements (as written by the counsellor):")
T_SIGNATURES = pgettext_lazy("client document", "Signatures")
T_PLACE_DATE = pgettext_lazy("client document", "Place, date")
T_CLIENT_SIGNATURE = pgettext_lazy("client document", "Signature of the client")
T_COUNSELLOR_SIGNATURE = pgettext_lazy("client document", "Signature of the counsellor")
T_SIGNED_ON = pgettext_lazy("client document", "Signed on %(date)s")
T_COPY = pgettext_lazy("client document", "You get a copy of this agreement.")

MODULE_TEXT: dict[str, Promise] = {
    Module.LANGUAGE: pgettext_lazy("client document", "Language"),
    Module.EDUCATION_PROFESSION: pgettext_lazy("client document", "Education and profession"),
    Module.SOCIAL: pgettext_lazy("client document", "Social life: contacts, environment, leisure"),
}
RESPONSIBLE_TEXT: dict[str, Promise] = {
    Responsible.CLIENT: pgettext_lazy("client document", "you"),
    Responsible.COUNSELLOR: pgettext_lazy("client document", "the counselling centre"),
    Responsible.PARTNER: pgettext_lazy("client document", "our partner %(partner)s"),
}
# The §D5 goal catalogue in the words of the document (codes of migration 0002).
CATALOGUE_TEXT: dict[str, Promise] = {
    "residence_status": pgettext_lazy(
        "client document", "Secure and consolidate your residence status"
    ),
    "german_beyond_course": pgettext_lazy(
        "client document", "Learn German beyond the integration course"
    ),
    "labour_market_access": pgettext_lazy("client document", "Find offers that lead into work"),
    "integration_measures": pgettext_lazy("client document", "Take part in integration measures"),
    "health_care": pgettext_lazy(
        "client document", "Use health services and care for the elderly on your own"
    ),
    "school_vocational_degree": pgettext_lazy(
        "client document", "Reach a recognised school or vocational qualification"
    ),
    "children_kindergarten": pgettext_lazy("client document", "Your children go to a kindergarten"),
    "children_school": pgettext_lazy("client document", "Your children settle in at school"),
    "psychosocial_stability": pgettext_lazy(
        "client document", "Become more stable, in mind and in your daily life"
    ),
    "independent_livelihood": pgettext_lazy("client document", "Earn your living on your own"),
    "social_benefits": pgettext_lazy("client document", "Apply for social benefits on your own"),
    "life_management": pgettext_lazy("client document", "Manage your everyday life on your own"),
    "participation": pgettext_lazy("client document", "Take part in social life around you"),
    "onward_migration": pgettext_lazy("client document", "Decide about moving on, well informed"),
    "return_decision": pgettext_lazy("client document", "Decide about returning, well informed"),
}


@dataclass
class Cell:
    lang: str
    dir: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Row:
    kind: str  # heading, text, item, goal
    cells: list[Cell]


class Columns:
    """Renders each text in every column language."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.languages = list(languages)

    def text(self, message: Promise, **params: Any) -> list[Cell]:
        return [
            Cell(lang, text_direction(lang), [self._one(lang, message, params)])
            for lang in self.languages
        ]

    def lines(self, build: Any) -> list[Cell]:
        """``build(lang, t)`` returns the lines of one cell; ``t(message, **params)`` translates."""
        return [
            Cell(lang, text_direction(lang), build(lang, self._translator(lang)))
            for lang in self.languages
        ]

    def _translator(self, lang: str) -> Any:
        def t(message: Promise, **params: Any) -> str:
            return self._one(lang, message, params)

        return t

    def _one(self, lang: str, message: Promise, params: dict[str, Any]) -> str:
        with translation.override(lang):
            rtl = text_direction(lang) == "rtl"
            # In right-to-left text, inserted names and dates keep their own direction.
            resolved = {k: (FSI + str(v) + PDI) if rtl else str(v) for k, v in params.items()}
            return str(message) % resolved if resolved else str(message)


def _goal_text(goal: Goal, lang: str) -> str:
    if goal.title:
        return goal.title
    code = goal.catalogue_goal.code if goal.catalogue_goal else ""
    if code in CATALOGUE_TEXT:
        with translation.override(lang):
            return str(CATALOGUE_TEXT[code])
    if goal.catalogue_goal:
        return goal.catalogue_goal.label_de
    return ""


def _who(goal: Goal, t: Any) -> str:
    if goal.responsible == Responsible.PARTNER:
        return t(RESPONSIBLE_TEXT[Responsible.PARTNER], partner=goal.partner_name)
    return t(RESPONSIBLE_TEXT[goal.responsible])


def build_rows(
    agreement: IntegrationAgreement,
    *,
    languages: Sequence[str],
    goals: Iterable[Goal],
    review_dates: Sequence[date],
) -> list[Row]:
    cols = Columns(languages)
    plan = agreement.plan
    goals = [g for g in goals if g.status != GoalStatus.DROPPED]
    rows = [
        Row(
            "text",
            cols.lines(
                lambda lang, t: [
                    t(T_BASIS, number=plan.number, date=format_document_date(plan.created_on, lang))
                ]
            ),
        ),
        Row("heading", cols.text(T_GOALS)),
    ]
    for module in Module:
        in_module = [g for g in goals if g.module == module]
        if not in_module:
            continue
        rows.append(Row("subheading", cols.text(MODULE_TEXT[module])))
        for goal in in_module:

            def goal_lines(lang: str, t: Any, goal: Goal = goal) -> list[str]:
                lines = [
                    _goal_text(goal, lang),
                    t(T_BY, date=format_document_date(goal.target_date, lang)),
                    t(T_RESPONSIBLE, who=_who(goal, t)),
                ]
                steps = [s.description for s in goal.steps.all()]
                if steps:
                    lines.append(t(T_STEPS) + " " + "; ".join(steps))
                return lines

            rows.append(Row("goal", cols.lines(goal_lines)))
    rows.append(Row("heading", cols.text(T_CENTRE_DOES)))
    rows += [Row("item", cols.text(m)) for m in (T_CENTRE_1, T_CENTRE_2, T_CENTRE_3, T_CENTRE_4)]
    rows.append(Row("heading", cols.text(T_CLIENT_DOES)))
    rows += [Row("item", cols.text(m)) for m in (T_CLIENT_1, T_CLIENT_2, T_CLIENT_3, T_CLIENT_4)]
    partner_goals = [g for g in goals if g.responsible == Responsible.PARTNER]
    if partner_goals:
        rows.append(Row("heading", cols.text(T_PARTNERS)))
        for goal in partner_goals:
            rows.append(
                Row(
                    "item",
                    cols.lines(
                        lambda lang, t, goal=goal: [
                            f"{goal.partner_name}: {_goal_text(goal, lang)}"
                        ]
                    ),
                )
            )
    rows.append(Row("heading", cols.text(T_TOGETHER)))
    rows += [Row("item", cols.text(m)) for m in (T_TOGETHER_1, T_TOGETHER_2, T_TOGETHER_3)]
    if agreement.cooperation:
        rows.append(Row("typed", cols.lines(lambda lang, t: [t(T_TYPED), agreement.cooperation])))
    rows.append(Row("heading", cols.text(T_APPOINTMENTS)))
    for day in review_dates:
        rows.append(
            Row(
                "item",
                cols.lines(
                    lambda lang, t, day=day: [t(T_REVIEW_ON, date=format_document_date(day, lang))]
                ),
            )
        )
    if agreement.appointments:
        rows.append(Row("typed", cols.lines(lambda lang, t: [t(T_TYPED), agreement.appointments])))
    if not review_dates and not agreement.appointments:
        rows.append(Row("item", cols.text(T_NO_APPOINTMENTS)))
    return rows


def agreement_context(agreement: IntegrationAgreement, *, language: str) -> dict[str, Any]:
    case = agreement.case
    client = case.client
    centre = client.team.service.centre
    languages = [language] if language == "de" else [language, "de"]
    cols = Columns(languages)
    goals = list(agreement.plan.goals.select_related("catalogue_goal").prefetch_related("steps"))
    review_dates = list(
        case.reviews.filter(held_on__isnull=True, scheduled_on__gte=agreement.drawn_up_on)
        .order_by("scheduled_on")
        .values_list("scheduled_on", flat=True)
    )
    signed = agreement.signed_on
    return {
        "languages": languages,
        "title": cols.text(T_TITLE_JMD if case.is_jmd else T_TITLE),
        "centre": letterhead_context(centre),
        "facts": [
            (cols.text(T_NAME), client.display_name),
            (cols.text(T_FILE), client.file_number),
            *(
                [(cols.text(T_BIRTH), _dates(client.birth_date, languages))]
                if client.birth_date
                else []
            ),
            (cols.text(T_COUNSELLOR), case.counsellor.full_name),
            (cols.text(T_DATE), _dates(agreement.drawn_up_on, languages)),
        ],
        "client_name": client.display_name,
        "counsellor_name": case.counsellor.full_name,
        "rows": build_rows(agreement, languages=languages, goals=goals, review_dates=review_dates),
        "signatures": cols.text(T_SIGNATURES),
        "place_date": cols.text(T_PLACE_DATE),
        "client_signature": cols.text(T_CLIENT_SIGNATURE),
        "counsellor_signature": cols.text(T_COUNSELLOR_SIGNATURE),
        "signed_on": (
            cols.lines(lambda lang, t: [t(T_SIGNED_ON, date=format_document_date(signed, lang))])
            if signed
            else None
        ),
        "copy_note": cols.text(T_COPY),
        "printed_on": timezone.localdate(),
    }


def _dates(day: date | None, languages: Sequence[str]) -> str:
    """One numeric date for both columns when the formats agree, else both."""
    if day is None:
        return ""
    shown = list(dict.fromkeys(format_document_date(day, lang) for lang in languages))
    return " / ".join(shown)


def agreement_pdf(agreement: IntegrationAgreement, *, language: str) -> bytes:
    return render_pdf(
        template=TEMPLATE,
        context=agreement_context(agreement, language=language),
        language=language,
    )
