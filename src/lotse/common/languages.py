"""Language names in the UI language (ISO 639, pycountry) for the languages met in counselling."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language

# Languages of the main countries of origin plus the EU languages counsellors meet most.
COMMON_LANGUAGES = [
    "de",
    "ar",
    "fa",
    "tr",
    "ku",
    "ps",
    "ti",
    "so",
    "am",
    "ur",
    "ru",
    "uk",
    "pl",
    "ro",
    "bg",
    "sq",
    "sr",
    "hr",
    "bs",
    "el",
    "it",
    "es",
    "pt",
    "fr",
    "en",
    "vi",
    "zh",
    "ta",
    "hi",
    "ka",
    "hy",
    "az",
    "prs",
]


@cache
def _translator(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def language_name(code: str, ui_language: str | None = None) -> str:
    record = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    if record is None:
        return code
    ui = (ui_language or get_language() or "de").split("-")[0]
    # ISO 639 names may list alternatives ("Panjabi; Punjabi"): show the first.
    return _translator(ui).gettext(record.name).split(";")[0].strip()


def language_choices() -> list[tuple[str, str]]:
    return sorted(((code, language_name(code)) for code in COMMON_LANGUAGES), key=lambda c: c[1])
