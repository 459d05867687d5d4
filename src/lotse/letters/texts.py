"""The texts of the shipped letter templates (plain language, "Sie", short sentences).

``scripts/make_letter_templates.py`` writes them into ``data/<language>/<kind>.docx``; the
committed files are what Lotse installs. Each paragraph is ``(style, text)``; the text may hold
placeholders from ``placeholders.PLACEHOLDERS`` in docxtpl (Jinja) syntax. The sender block,
recipient and date line are the same for every kind and come from ``HEAD`` and ``FOOT``.

The letter to an authority goes to a partner institution, not to the client: German only.
"""

from __future__ import annotations

# ruff: noqa: E501 - one sentence per line reads better than wrapped string pieces

# Styles: "sender" (centre, bold), "small" (contact line), "address" (recipient block),
# "date" (place and date, at the end of the line), "subject" (bold), "body", "blank".
Paragraph = tuple[str, str]

CLIENT_HEAD: list[Paragraph] = [
    ("sender", "{{ centre_name }}"),
    (
        "small",
        "{{ centre_address }}{% if centre_address and centre_phone %} · {% endif %}{{ centre_phone }}",
    ),
    ("blank", ""),
    ("address", "{{ client_name }}\n{{ client_address }}"),
    ("blank", ""),
    ("date", "{% if centre_city %}{{ centre_city }}, {% endif %}{{ date }}"),
]

PARTNER_HEAD: list[Paragraph] = [
    ("sender", "{{ centre_name }}"),
    (
        "small",
        "{{ centre_address }}{% if centre_address and centre_phone %} · {% endif %}{{ centre_phone }}",
    ),
    ("blank", ""),
    ("address", "{{ partner_name }}\n{{ partner_address }}"),
    ("blank", ""),
    ("date", "{% if centre_city %}{{ centre_city }}, {% endif %}{{ date }}"),
]

SIGNATURE: dict[str, list[Paragraph]] = {
    "de": [("body", "Mit freundlichen Grüßen"), ("body", "{{ counsellor }}\n{{ centre_name }}")],
    "ar": [("body", "مع أطيب التحيات"), ("body", "{{ counsellor }}\n{{ centre_name }}")],
    "tr": [("body", "Saygılarımızla"), ("body", "{{ counsellor }}\n{{ centre_name }}")],
    "uk": [("body", "З повагою"), ("body", "{{ counsellor }}\n{{ centre_name }}")],
}

BODIES: dict[str, dict[str, list[Paragraph]]] = {
    "attendance_confirmation": {
        "de": [
            ("subject", "Bestätigung der Beratung"),
            ("body", "Guten Tag,"),
            (
                "body",
                "hiermit bestätigen wir: {{ client_name }} kommt zur Beratung in unsere Beratungsstelle.",
            ),
            ("body", "Geboren am: {{ birth_date }}\nAktenzeichen: {{ file_number }}"),
            ("body", "Die Beratung ist kostenlos und vertraulich."),
            ("body", "Bei Fragen rufen Sie uns bitte an: {{ centre_phone }}."),
        ],
        "ar": [
            ("subject", "تأكيد حضور الاستشارة"),
            ("body", "مرحبًا،"),
            ("body", "نؤكد بهذا أن {{ client_name }} يحضر الاستشارة في مركزنا."),
            ("body", "تاريخ الميلاد: {{ birth_date }}\nرقم الملف: {{ file_number }}"),
            ("body", "الاستشارة مجانية وسرية."),
            ("body", "إذا كانت لديكم أسئلة، اتصلوا بنا: {{ centre_phone }}."),
        ],
        "tr": [
            ("subject", "Danışmanlık katılım belgesi"),
            ("body", "Merhaba,"),
            (
                "body",
                "{{ client_name }} danışma merkezimizde danışmanlık almaktadır. Bunu onaylıyoruz.",
            ),
            ("body", "Doğum tarihi: {{ birth_date }}\nDosya numarası: {{ file_number }}"),
            ("body", "Danışmanlık ücretsiz ve gizlidir."),
            ("body", "Sorularınız için bizi arayın: {{ centre_phone }}."),
        ],
        "uk": [
            ("subject", "Підтвердження консультації"),
            ("body", "Добрий день,"),
            (
                "body",
                "цим ми підтверджуємо: {{ client_name }} відвідує консультації в нашому центрі.",
            ),
            ("body", "Дата народження: {{ birth_date }}\nНомер справи: {{ file_number }}"),
            ("body", "Консультація безкоштовна і конфіденційна."),
            ("body", "Якщо у Вас є питання, зателефонуйте нам: {{ centre_phone }}."),
        ],
    },
    "appointment_invitation": {
        "de": [
            ("subject", "Einladung zu einem Termin"),
            ("body", "Guten Tag {{ client_name }},"),
            ("body", "wir laden Sie zu einem Beratungstermin ein."),
            ("body", "Termin: {{ next_appointment }}\nOrt: {{ centre_address }}"),
            ("body", "Bitte bringen Sie diesen Brief und Ihre Unterlagen mit."),
            ("body", "Sie können nicht kommen? Dann rufen Sie uns bitte an: {{ centre_phone }}."),
        ],
        "ar": [
            ("subject", "دعوة إلى موعد"),
            ("body", "مرحبًا {{ client_name }}،"),
            ("body", "ندعوكم إلى موعد استشارة."),
            ("body", "الموعد: {{ next_appointment }}\nالمكان: {{ centre_address }}"),
            ("body", "يرجى إحضار هذه الرسالة وأوراقكم معكم."),
            ("body", "إذا لم تستطيعوا الحضور، يرجى الاتصال بنا: {{ centre_phone }}."),
        ],
        "tr": [
            ("subject", "Randevu daveti"),
            ("body", "Merhaba {{ client_name }},"),
            ("body", "Sizi bir danışmanlık randevusuna davet ediyoruz."),
            ("body", "Randevu: {{ next_appointment }}\nYer: {{ centre_address }}"),
            ("body", "Lütfen bu mektubu ve belgelerinizi yanınızda getirin."),
            ("body", "Gelemiyor musunuz? Lütfen bizi arayın: {{ centre_phone }}."),
        ],
        "uk": [
            ("subject", "Запрошення на консультацію"),
            ("body", "Добрий день, {{ client_name }}!"),
            ("body", "Запрошуємо Вас на консультацію."),
            ("body", "Дата і час: {{ next_appointment }}\nМісце: {{ centre_address }}"),
            ("body", "Будь ласка, візьміть із собою цей лист і Ваші документи."),
            ("body", "Не можете прийти? Будь ласка, зателефонуйте нам: {{ centre_phone }}."),
        ],
    },
    "missing_documents": {
        "de": [
            ("subject", "Bitte bringen Sie Unterlagen mit"),
            ("body", "Guten Tag {{ client_name }},"),
            ("body", "für Ihre Beratung fehlen uns noch Unterlagen."),
            (
                "body",
                "Bitte bringen Sie diese Unterlagen mit:\n1. ______________________________\n2. ______________________________\n3. ______________________________",
            ),
            ("body", "Ihr nächster Termin: {{ next_appointment }}"),
            ("body", "Bei Fragen rufen Sie uns bitte an: {{ centre_phone }}."),
        ],
        "ar": [
            ("subject", "يرجى إحضار أوراق ناقصة"),
            ("body", "مرحبًا {{ client_name }}،"),
            ("body", "تنقصنا بعض الأوراق من أجل الاستشارة."),
            (
                "body",
                "يرجى إحضار هذه الأوراق:\n1. ______________________________\n2. ______________________________\n3. ______________________________",
            ),
            ("body", "موعدكم القادم: {{ next_appointment }}"),
            ("body", "إذا كانت لديكم أسئلة، اتصلوا بنا: {{ centre_phone }}."),
        ],
        "tr": [
            ("subject", "Lütfen eksik belgeleri getirin"),
            ("body", "Merhaba {{ client_name }},"),
            ("body", "Danışmanlık için bazı belgeleriniz eksik."),
            (
                "body",
                "Lütfen bu belgeleri getirin:\n1. ______________________________\n2. ______________________________\n3. ______________________________",
            ),
            ("body", "Bir sonraki randevunuz: {{ next_appointment }}"),
            ("body", "Sorularınız için bizi arayın: {{ centre_phone }}."),
        ],
        "uk": [
            ("subject", "Будь ласка, принесіть документи"),
            ("body", "Добрий день, {{ client_name }}!"),
            ("body", "Для консультації нам ще бракує документів."),
            (
                "body",
                "Будь ласка, принесіть ці документи:\n1. ______________________________\n2. ______________________________\n3. ______________________________",
            ),
            ("body", "Ваша наступна зустріч: {{ next_appointment }}"),
            ("body", "Якщо у Вас є питання, зателефонуйте нам: {{ centre_phone }}."),
        ],
    },
    "authority_letter": {
        "de": [
            ("subject", "{{ client_name }}, geboren am {{ birth_date }}"),
            ("body", "Sehr geehrte Damen und Herren,"),
            (
                "body",
                "wir beraten {{ client_name }} in unserer Beratungsstelle (Aktenzeichen {{ file_number }}).",
            ),
            (
                "body",
                "Die schriftliche Einwilligung für die Weitergabe von Daten an Sie liegt uns vor.",
            ),
            ("body", "Ziele der Beratung:\n{{ case_goals }}"),
            (
                "body",
                "Bei Fragen wenden Sie sich bitte an {{ counsellor }}, Telefon {{ centre_phone }}.",
            ),
        ],
    },
}

# What each shipped template is called in the template list (German: the centre's own words).
NAMES = {
    "attendance_confirmation": "Bestätigung der Beratung",
    "appointment_invitation": "Einladung zu einem Termin",
    "missing_documents": "Fehlende Unterlagen",
    "authority_letter": "Brief an eine Behörde",
}

RTL = {"ar"}


def paragraphs(kind: str, language: str) -> list[Paragraph]:
    head = PARTNER_HEAD if kind == "authority_letter" else CLIENT_HEAD
    return [*head, ("blank", ""), *BODIES[kind][language], ("blank", ""), *SIGNATURE[language]]
