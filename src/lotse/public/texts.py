"""What the public pages and the flyer say about services, in plain words (msgctxt "public").

Short sentences for readers of German as a second language (and the translations); the
facts come from DOMAIN §D1/§D2 and the seed flyer (001) and Caritas page (002).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from lotse.organisation.models import NO_CLIENT_SERVICES, ServiceKind

from .questions import Outcome, PlainResidence

SERVICE_NAMES: dict[str, Promise] = {
    ServiceKind.MBE: pgettext_lazy("public", "Migration counselling for adults (MBE)"),
    ServiceKind.JMD: pgettext_lazy("public", "Youth migration service (JMD)"),
    ServiceKind.REFUGEE: pgettext_lazy("public", "Counselling for refugees"),
    ServiceKind.NO_STATUS: pgettext_lazy(
        "public", "Counselling for people without legal residence status"
    ),
    ServiceKind.INTEGRATION_AGENCY: pgettext_lazy("public", "Integration agency"),
    ServiceKind.INTEGRATION_PARTNERSHIP: pgettext_lazy(
        "public", "Integration partnerships with volunteers"
    ),
}

TARGET_GROUPS: dict[str, Promise] = {
    ServiceKind.MBE: pgettext_lazy(
        "public",
        "For adults from 27 years who came to Germany in the last three years and may stay "
        "permanently, and for late resettlers and their families. People who have lived here "
        "longer get help in an acute crisis.",
    ),
    ServiceKind.JMD: pgettext_lazy(
        "public", "For young people from 12 to 27 years who came to Germany."
    ),
    ServiceKind.REFUGEE: pgettext_lazy(
        "public", "For refugees and people in the asylum procedure."
    ),
    ServiceKind.NO_STATUS: pgettext_lazy(
        "public",
        "For people without legal residence status. You do not have to tell us your name.",
    ),
    ServiceKind.INTEGRATION_AGENCY: pgettext_lazy(
        "public", "For schools, associations, migrant organisations and the municipality."
    ),
    ServiceKind.INTEGRATION_PARTNERSHIP: pgettext_lazy(
        "public",
        "For newcomers who would like a volunteer at their side, and for people who want to "
        "help as volunteers.",
    ),
}

# The seed flyer's list of offers (001), shortened.
OFFERS: tuple[Promise, ...] = (
    pgettext_lazy("public", "Help with questions about residence and the law"),
    pgettext_lazy("public", "Support with the integration course"),
    pgettext_lazy("public", "Recognition of school and professional qualifications"),
    pgettext_lazy("public", "Questions about work, training and money"),
    pgettext_lazy("public", "Help with letters and with the authorities"),
    pgettext_lazy("public", "Help in difficult personal situations"),
    pgettext_lazy("public", "Finding childcare"),
    pgettext_lazy("public", "Contact to other services and institutions"),
)

PROMISES: tuple[Promise, ...] = (
    pgettext_lazy("public", "Free of charge"),
    pgettext_lazy("public", "Confidential: we are bound to professional secrecy"),
    pgettext_lazy("public", "Open to everyone, whatever their religion, origin or gender"),
)

RESIDENCE_CHOICES: tuple[tuple[str, Promise], ...] = (
    (
        PlainResidence.SETTLED,
        pgettext_lazy(
            "public",
            "I may stay for a long time (settlement permit, or a residence permit for work, "
            "family or as a recognised refugee)",
        ),
    ),
    (PlainResidence.EU, pgettext_lazy("public", "I am a citizen of a country of the EU")),
    (PlainResidence.RESETTLER, pgettext_lazy("public", "I am a late resettler (Spätaussiedler)")),
    (
        PlainResidence.RESETTLER_FAMILY,
        pgettext_lazy("public", "I am the husband, wife or child of a late resettler"),
    ),
    (
        PlainResidence.ASYLUM,
        pgettext_lazy("public", "I have applied for asylum and am waiting for the decision"),
    ),
    (
        PlainResidence.TEMPORARY,
        pgettext_lazy("public", "I have a toleration (Duldung) or another short permit"),
    ),
    (PlainResidence.NO_PAPERS, pgettext_lazy("public", "I have no papers for Germany")),
    (PlainResidence.DONT_KNOW, pgettext_lazy("public", "I do not know")),
)

OUTCOME_TEXTS: dict[Outcome, Promise] = {
    Outcome.MBE: pgettext_lazy(
        "public", "The migration counselling for adults (MBE) is the right service for you."
    ),
    Outcome.MBE_OPENING_CLAUSE: pgettext_lazy(
        "public",
        "Because you are in a difficult situation, the migration counselling for adults (MBE) "
        "can help you if it has free places. The counselling for refugees can also help you.",
    ),
    Outcome.JMD: pgettext_lazy(
        "public", "The youth migration service (JMD) is the right service for you."
    ),
    Outcome.BOTH_AT_27: pgettext_lazy(
        "public",
        "At your age, both the migration counselling for adults (MBE) and the youth migration "
        "service (JMD) can help you. You decide together with the counsellor.",
    ),
    Outcome.REFUGEE: pgettext_lazy(
        "public", "The counselling for refugees is the right service for you."
    ),
    Outcome.NO_STATUS: pgettext_lazy(
        "public",
        "The counselling for people without legal residence status is the right service for "
        "you. It is anonymous: you do not have to tell your name.",
    ),
    Outcome.YOUTH_WELFARE: pgettext_lazy(
        "public",
        "For children under 12 the youth welfare office (Jugendamt) of your town is the right "
        "place. A counselling centre can tell you how to get there.",
    ),
    Outcome.REGULAR_SERVICES: pgettext_lazy(
        "public",
        "The general social counselling services of your town are the right place for you. "
        "If you are in an acute crisis, a migration counselling centre can still help you.",
    ),
    Outcome.UNCLEAR: pgettext_lazy(
        "public",
        "We cannot say this yet from your answers. Please contact a counselling centre: we will "
        "find the right service together with you.",
    ),
}

DEPENDS_TEXT = pgettext_lazy(
    "public",
    "The answer depends on the exact date (your birthday or the day you arrived). The "
    "counselling centre will check this with you.",
)
PRIORITY_TEXT = pgettext_lazy(
    "public",
    "You have to attend an integration course. If places are scarce, you are counselled first.",
)

REQUEST_SERVICE_KINDS = tuple(k for k in ServiceKind if k not in NO_CLIENT_SERVICES)


def service_name(kind: str) -> str:
    return str(SERVICE_NAMES.get(kind, kind))
