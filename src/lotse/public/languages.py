"""The languages of the public pages (the staff UI has only German and English)."""

from __future__ import annotations

from lotse.common.languages import language_name

# Order of the language switch: German first, then as on the seed flyer, then the others.
PUBLIC_LANGUAGES = ("de", "en", "ar", "fa", "tr", "fr", "ru", "uk")
RTL = frozenset({"ar", "fa"})
# Each language's own name (endonym), shown in the switch whatever the page language.
ENDONYMS = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "tr": "Türkçe",
    "fr": "Français",
    "ru": "Русский",
    "uk": "Українська",
}


def is_public_language(code: str) -> bool:
    return code in PUBLIC_LANGUAGES


def direction(code: str) -> str:
    return "rtl" if code in RTL else "ltr"


# Names pycountry's catalogues lack (it falls back to English there).
MISSING_NAMES = {("ar", "uk"): "الأوكرانية"}


def display_name(code: str, page_language: str) -> str:
    """'Arabisch (العربية)' on a German page; just 'العربية' on an Arabic one."""
    name = MISSING_NAMES.get((page_language, code)) or language_name(code, page_language)
    own = ENDONYMS.get(code)
    if own and own.casefold() != name.casefold():
        return f"{name} ({own})"
    return name
