"""Cell values of contact and case lists: duration, form of contact, topics, phase, reasons.

Like ``values``: each parser returns the value or raises ``ValueError`` whose message is the
report's reason, never repeating the cell's content. Choices are recognised by their label
in German and English (as Lotse shows them) and by the words German lists use instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _

from lotse.cases.phases import CLOSURE_REASON_LABELS, PHASE_LABELS, ClosureReason, Phase
from lotse.clients.models import ContactForm, Livelihood, Topic, TopicCatalogue

from .mapping import fold
from .reading import Cell
from .values import text

_MINUTES = re.compile(r"^(\d{1,4})\s*(?:min\.?|minuten|m)?$")
_HOURS_MINUTES = re.compile(r"^(\d{1,2})\s*:\s*(\d{2})(?:\s*h|\s*std\.?)?$")
_HOURS = re.compile(r"^(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:h|std\.?|stunden?)$")


def parse_duration(cell: Cell) -> int:
    """Minutes: 45, "45 Min.", "1:30", "1,5 Std." (an empty cell is an error: it is needed)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if float(cell).is_integer():
            return int(cell)
        raise ValueError(_("is not a number of minutes"))
    value = text(cell).lower()
    if not value:
        raise ValueError(_("is missing"))
    if match := _MINUTES.match(value):
        return int(match.group(1))
    if match := _HOURS_MINUTES.match(value):
        return int(match.group(1)) * 60 + int(match.group(2))
    if match := _HOURS.match(value):
        return round(float(match.group(1).replace(",", ".")) * 60)
    raise ValueError(_("is not a number of minutes"))


def _choice_lookup(
    labels: Iterable[tuple[str, object]], words: Mapping[str, str]
) -> dict[str, str]:
    """Folded label (German and English) or word → code."""
    lookup: dict[str, str] = {}
    pairs = list(labels)
    for language in ("en", "de"):
        with translation.override(language):
            for code, label in pairs:
                lookup[fold(str(label))] = code
    for code, _label in pairs:
        lookup[fold(code)] = code
    lookup.update({fold(word): code for word, code in words.items()})
    return lookup


def _choice(cell: Cell, lookup: dict[str, str], unknown: str) -> str:
    value = fold(text(cell))
    if not value:
        raise ValueError(_("is missing"))
    code = lookup.get(value)
    if code is None:
        raise ValueError(unknown)
    return code


_FORM_WORDS = {
    "persönlich": ContactForm.IN_PERSON,
    "vor Ort": ContactForm.IN_PERSON,
    "Präsenz": ContactForm.IN_PERSON,
    "Büro": ContactForm.IN_PERSON,
    "Sprechstunde": ContactForm.IN_PERSON,
    "telefonisch": ContactForm.PHONE,
    "Tel": ContactForm.PHONE,
    "Telefonat": ContactForm.PHONE,
    "Mail": ContactForm.EMAIL,
    "E-Mail": ContactForm.EMAIL,
    "schriftlich": ContactForm.EMAIL,
    "Videoberatung": ContactForm.VIDEO,
    "online": ContactForm.VIDEO,
    "Hausbesuch": ContactForm.HOME_VISIT,
    "Begleitung": ContactForm.ACCOMPANIMENT,
    "Behördenbegleitung": ContactForm.ACCOMPANIMENT,
}


@cache
def _forms() -> dict[str, str]:
    return _choice_lookup(ContactForm.choices, _FORM_WORDS)


def parse_form(cell: Cell) -> str:
    return _choice(
        cell,
        _forms(),
        _("is not a form of contact (persönlich, Telefon, E-Mail, Video, Hausbesuch, Begleitung)"),
    )


@cache
def _phases() -> dict[str, str]:
    return _choice_lookup(
        [(phase.value, label) for phase, label in PHASE_LABELS.items()],
        {"Analyse": Phase.ASSESSMENT, "Förderplan": Phase.SUPPORT_PLAN},
    )


_OPEN_WORDS = ("offen", "aktiv", "laufend", "in bearbeitung", "open")
_CLOSED_WORDS = ("abgeschlossen", "beendet", "geschlossen", "abschluss", "closed")


def parse_phase(cell: Cell) -> Phase | None:
    """The phase named (None for an empty cell or a word for "open"); ``Phase.CLOSED`` for a
    word for closed."""
    value = fold(text(cell))
    if not value or value in {fold(w) for w in _OPEN_WORDS}:
        return None
    if value in {fold(w) for w in _CLOSED_WORDS}:
        return Phase.CLOSED
    code = _phases().get(value)
    if code is None:
        raise ValueError(_("is not a phase of case management"))
    return Phase(code)


_REASON_WORDS = {
    "Ziel erreicht": ClosureReason.GOALS_REACHED,
    "verzogen": ClosureReason.MOVED_AWAY,
    "umgezogen": ClosureReason.MOVED_AWAY,
    "Wegzug": ClosureReason.MOVED_AWAY,
    "Regeldienst": ClosureReason.REGULAR_SERVICES,
    "Regeldienste": ClosureReason.REGULAR_SERVICES,
    "Vermittlung in Regeldienste": ClosureReason.REGULAR_SERVICES,
    "kein Kontakt": ClosureReason.NO_CONTACT,
    "Kontaktabbruch": ClosureReason.NO_CONTACT,
    "auf Wunsch": ClosureReason.CLIENT_ENDED,
    "vom Klienten beendet": ClosureReason.CLIENT_ENDED,
    "Fristablauf": ClosureReason.TIME_LIMIT,
    "3 Jahre": ClosureReason.TIME_LIMIT,
    "drei Jahre": ClosureReason.TIME_LIMIT,
}


@cache
def _reasons() -> dict[str, str]:
    return _choice_lookup(
        [(reason.value, label) for reason, label in CLOSURE_REASON_LABELS.items()], _REASON_WORDS
    )


def parse_closure_reason(cell: Cell) -> ClosureReason:
    return ClosureReason(_choice(cell, _reasons(), _("is not a reason for closing")))


_LIVELIHOOD_WORDS = {
    "Arbeit": Livelihood.EMPLOYMENT,
    "Beschäftigung": Livelihood.EMPLOYMENT,
    "erwerbstätig": Livelihood.EMPLOYMENT,
    "Ausbildung": Livelihood.TRAINING,
    "Studium": Livelihood.TRAINING,
    "SGB II": Livelihood.SGB_II,
    "Bürgergeld": Livelihood.SGB_II,
    "ALG II": Livelihood.SGB_II,
    "Jobcenter": Livelihood.SGB_II,
    "AsylbLG": Livelihood.OTHER_BENEFITS,
    "SGB XII": Livelihood.OTHER_BENEFITS,
    "eigene Mittel": Livelihood.OWN_MEANS,
    "Familie": Livelihood.OWN_MEANS,
}


def parse_livelihood(cell: Cell) -> str:
    if not text(cell):
        return str(Livelihood.UNKNOWN)
    return _choice(cell, _livelihoods(), _("is not a livelihood"))


@cache
def _livelihoods() -> dict[str, str]:
    return _choice_lookup(Livelihood.choices, _LIVELIHOOD_WORDS)


class TopicLookup:
    """The topics of every catalogue, loaded once, found by label, code or a clear start."""

    def __init__(self) -> None:
        self.catalogues = list(TopicCatalogue.objects.order_by("effective_from"))
        self.topics: dict[int, dict[str, Topic]] = {c.pk: {} for c in self.catalogues}
        for topic in Topic.objects.all():
            for key in (topic.code, topic.label_de, topic.label_en):
                self.topics[topic.catalogue_id][fold(key)] = topic

    def in_force(self, on: date) -> TopicCatalogue | None:
        valid = [c for c in self.catalogues if c.effective_from <= on]
        return valid[-1] if valid else None

    def _find(self, catalogue: TopicCatalogue, part: str) -> Topic | None:
        known = self.topics[catalogue.pk]
        key = fold(part)
        if key in known:
            return known[key]
        starts = {t.pk: t for k, t in known.items() if len(key) >= 5 and k.startswith(key)}
        return next(iter(starts.values())) if len(starts) == 1 else None

    def parse(self, cell: Cell, on: date) -> tuple[list[Topic], bool]:
        """The topics named ("Wohnungssuche; Gesundheit"); the flag says one was unknown."""
        catalogue = self.in_force(on)
        if catalogue is None:
            return [], bool(text(cell))
        found: list[Topic] = []
        unknown = False
        for part in re.split(r"[;/|\n]", text(cell)):
            if not part.strip():
                continue
            topic = self._find(catalogue, part)
            pieces = (
                [topic]
                if topic
                else [self._find(catalogue, p) for p in part.split(",") if p.strip()]
            )
            for piece in pieces:
                if piece is None:
                    unknown = True
                elif piece not in found:
                    found.append(piece)
        return found, unknown
