"""The wording of confirmations and reminders in the eight client-document languages.

Short, plain and polite, and deliberately poor in content (§D17): the date, the time, where,
and a number to cancel or rebook. Never the service ("Migrationsberatung") unless the centre
switched it on (``Centre.messages_name_service``, "Dienstnamen in Nachrichten nennen") and
never a topic, a case or the note of the appointment — an SMS is read on the lock screen,
often of a shared phone.

In Arabic and Persian the Latin and digit parts (date, time, phone, place) are wrapped in
FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068/U+2069): an SMS has no markup, and
without the isolates "25.11.2026" or "+49 30 …" can be shown scrambled inside right-to-left
text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

FSI = "\u2068"
PDI = "\u2069"
RTL_LANGUAGES = frozenset({"ar", "fa"})
# Words that name a service or a target group. A centre called "Migrationsberatung
# Musterstadt" is named by its provider instead, unless the service may be named.
SERVICE_WORDS = (
    "migration",
    "flücht",
    "fluecht",
    "asyl",
    "aufenthalt",
    "integration",
    "jmd",
    "mbe",
)


@dataclass(frozen=True)
class Wording:
    subject_confirmation: str
    subject_reminder: str
    confirmation: str  # "{date}", "{time}" filled in
    reminder: str
    place: str
    cancel: str


WORDING: dict[str, Wording] = {
    "de": Wording(
        "Ihr Termin",
        "Erinnerung an Ihren Termin",
        "Guten Tag, Ihr Termin ist bestätigt: {date}, {time} Uhr.",
        "Guten Tag, wir erinnern an Ihren Termin: {date}, {time} Uhr.",
        "Ort:",
        "Absagen oder verschieben:",
    ),
    "en": Wording(
        "Your appointment",
        "Reminder of your appointment",
        "Hello, your appointment is confirmed: {date}, {time}.",
        "Hello, this is a reminder of your appointment: {date}, {time}.",
        "Place:",
        "To cancel or rebook, call:",
    ),
    "ar": Wording(
        "موعدك",
        "تذكير بموعدك",
        "مرحباً، تم تأكيد موعدك: {date}، الساعة {time}.",
        "مرحباً، نذكّرك بموعدك: {date}، الساعة {time}.",
        "المكان:",
        "للإلغاء أو تغيير الموعد اتصل على:",
    ),
    "fa": Wording(
        "وقت ملاقات شما",
        "یادآوری وقت ملاقات",
        "سلام، وقت ملاقات شما تأیید شد: {date}، ساعت {time}.",
        "سلام، وقت ملاقات شما را یادآوری می‌کنیم: {date}، ساعت {time}.",
        "مکان:",
        "برای لغو یا تغییر وقت تماس بگیرید:",
    ),
    "tr": Wording(
        "Randevunuz",
        "Randevu hatırlatması",
        "Merhaba, randevunuz onaylandı: {date}, saat {time}.",
        "Merhaba, randevunuzu hatırlatırız: {date}, saat {time}.",
        "Yer:",
        "İptal veya yeni randevu için arayın:",
    ),
    "fr": Wording(
        "Votre rendez-vous",
        "Rappel de votre rendez-vous",
        "Bonjour, votre rendez-vous est confirmé : {date} à {time}.",
        "Bonjour, nous vous rappelons votre rendez-vous : {date} à {time}.",
        "Lieu :",
        "Pour annuler ou changer de date, appelez le :",
    ),
    "ru": Wording(
        "Ваша запись",
        "Напоминание о записи",
        "Здравствуйте! Ваша запись подтверждена: {date}, {time}.",
        "Здравствуйте! Напоминаем о вашей записи: {date}, {time}.",
        "Адрес:",
        "Отменить или перенести:",
    ),
    "uk": Wording(
        "Ваш запис",
        "Нагадування про запис",
        "Добрий день! Ваш запис підтверджено: {date}, {time}.",
        "Добрий день! Нагадуємо про ваш запис: {date}, {time}.",
        "Адреса:",
        "Скасувати або перенести:",
    ),
}
LANGUAGES = tuple(WORDING)


def _isolated(value: str, language: str) -> str:
    return f"{FSI}{value}{PDI}" if language in RTL_LANGUAGES and value else value


def names_service(name: str) -> bool:
    lowered = name.casefold()
    return any(word in lowered for word in SERVICE_WORDS)


def sender_name(centre: object) -> str:
    """The centre's name, or its provider's when the centre's name says what it is for."""
    name: str = getattr(centre, "name", "")
    if getattr(centre, "messages_name_service", False) or not names_service(name):
        return name
    provider = getattr(centre, "provider", None)
    for candidate in (getattr(provider, "short_name", ""), getattr(provider, "name", "")):
        if candidate and not names_service(candidate):
            return str(candidate)
    return ""


def compose(*, kind: str, language: str, centre: object, starts_at: datetime) -> tuple[str, str]:
    """(subject, text) of a confirmation or reminder; German for an unknown language."""
    wording = WORDING.get(language) or WORDING["de"]
    language = language if language in WORDING else "de"
    local = timezone.localtime(starts_at)
    date_text = _isolated(local.strftime("%d.%m.%Y"), language)
    time_text = _isolated(local.strftime("%H:%M"), language)
    reminder = kind == "reminder"
    first = (wording.reminder if reminder else wording.confirmation).format(
        date=date_text, time=time_text
    )
    street = getattr(centre, "street", "")
    town = " ".join(
        part for part in (getattr(centre, "postal_code", ""), getattr(centre, "city", "")) if part
    )
    place = ", ".join(part for part in (sender_name(centre), street, town) if part)
    lines = [first]
    if place:
        lines.append(f"{wording.place} {_isolated(place, language)}")
    phone = getattr(centre, "phone", "")
    if phone:
        lines.append(f"{wording.cancel} {_isolated(phone, language)}")
    subject = wording.subject_reminder if reminder else wording.subject_confirmation
    return subject, "\n".join(lines)
