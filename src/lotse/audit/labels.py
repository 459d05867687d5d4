"""What an audit entry says in words: "Akte geöffnet", "Kontakt geändert" instead of code names.

The trail keeps the code names (``client.viewed``, ``counsellingcontact.updated``): they are
hashed into the chain and searched by prefix. Only the pages that show the trail translate them.
Model events without a name of their own read "<record> created/changed/deleted", named by the
model's verbose name.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "client.viewed": _("File opened"),
    "client.created": _("File created"),
    "client.updated": _("File changed"),
    "client.deleted": _("File deleted"),
    "client.exported": _("Data exported (subject access)"),
    "client.closed": _("File closed"),
    "client.reopened": _("File reopened"),
    "client.anonymised": _("File anonymised"),
    "client.merged": _("Duplicate file merged into this one"),
    "client.merged_away": _("File merged into another"),
    "client.person_link": _("Linked as the same person with a file of another service"),
    "client.person_unlink": _("Link with a file of another service undone"),
    "client.transfer_requested": _("Transfer to another team requested"),
    "client.transfer_declined": _("Transfer to another team declined"),
    "client.transfer_withdrawn": _("Transfer to another team withdrawn"),
    "client.transferred_out": _("File passed to another team"),
    "client.transferred_in": _("File taken over from another team"),
    "task.moved_with_file": _("Task passed on with its file to another team"),
    "client.legal_hold_set": _("Retention hold set"),
    "client.legal_hold_cleared": _("Retention hold lifted"),
    "client.referred_to_partnership": _("Referred to a volunteer partnership"),
    "counsellingcontact.created": _("Contact recorded"),
    "counsellingcontact.updated": _("Contact changed"),
    "counsellingcontact.deleted": _("Contact deleted"),
    "counsellingcontact.topics_changed": _("Topics of a contact changed"),
    "counsellingcontact.follow_up_done": _("Follow-up done"),
    "consent.withdrawn": _("Consent withdrawn"),
    "consent.partners_named": _("Partners named in the consent"),
    "case.opened": _("Case opened"),
    "case.closed": _("Case closed"),
    "case.reopened": _("Case reopened"),
    "case.phase_changed": _("Case phase changed"),
    "case.plan_revised": _("Support plan revised"),
    "case.goal_status_changed": _("Status of a goal changed"),
    "case.agreement_drawn_up": _("Agreement drawn up"),
    "case.agreement_printed": _("Agreement printed"),
    "case.agreement_signed": _("Agreement signed"),
    "case.review_scheduled": _("Review scheduled"),
    "case.review_held": _("Review held"),
    "case.evaluated": _("Case evaluated"),
    "case.sustainability_checked": _("Sustainability checked"),
    "document.printed": _("Document printed"),
    "agreement.document_replaced": _("Signed agreement replaced"),
    "referral.letter_printed": _("Referral letter printed"),
    "referral.data_passed": _("Data passed to a partner"),
    "referral.outcome_recorded": _("Outcome of a referral recorded"),
    "appointment.booked": _("Appointment booked"),
    "appointment.no_show": _("Appointment missed"),
    "appointment.viewed": _("Appointment opened"),
    "appointment_request.viewed": _("Appointment request opened"),
    "appointment_request.released": _("Appointment request released"),
    "office_hours.replaced": _("Office hours changed"),
    "course.risk_flagged": _("Course participant marked at risk"),
    "course.risk_cleared": _("Risk of dropping out cleared"),
    "volunteer.viewed": _("Volunteer profile opened"),
    "volunteer.status_changed": _("Volunteer status changed"),
    "volunteer.training_completed": _("Training completed"),
    "volunteer.training_reopened": _("Training reopened"),
    "volunteer.certificate_printed": _("Certificate printed"),
    "volunteer.anonymised": _("Volunteer anonymised"),
    "partnership.proposed": _("Partnership proposed"),
    "partnership.status_changed": _("Partnership status changed"),
    "partner.consent_withdrawn": _("Partner's consent withdrawn"),
    "activity.partners_changed": _("Partners of an activity changed"),
    "auth.logged_in": _("Signed in"),
    "auth.logged_out": _("Signed out"),
    "auth.login_failed": _("Sign-in failed"),
    "login_failed_address": _("Sign-in failed (address)"),
    "audit.searched": _("Audit trail searched"),
    "audit.verified": _("Audit trail checked"),
    "role.granted": _("Role granted"),
    "role.revoked": _("Role withdrawn"),
    "role_grant.proposed": _("Role proposed"),
    "role_grant.confirmed": _("Role confirmed"),
    "role_grant.revoked": _("Role proposal withdrawn"),
    "role_grant.expired": _("Role expired"),
    "retention.ran": _("Retention run"),
    "retention.request_deleted": _("Request deleted after its retention period"),
    "erasure.prepared": _("Erasure prepared"),
    "stats.exported": _("Statistics exported"),
    "stats.imported": _("Statistics imported"),
    "stats.merged": _("Statistics merged"),
    "stats.key_trusted": _("Statistics key trusted"),
    "stats.key_withdrawn": _("Statistics key withdrawn"),
    "funding.lines_replaced": _("Funding lines changed"),
    "demo.generated": _("Demo data generated"),
    "people.listed": _("People shown in a list"),
}

_VERBS = {
    "created": _("%(object)s created"),
    "updated": _("%(object)s changed"),
    "deleted": _("%(object)s deleted"),
}


@cache
def _models_by_name() -> dict[str, str]:
    """model_name → "app_label.model_name" for every installed model."""
    return {model._meta.model_name or "": model._meta.label_lower for model in apps.get_models()}


def record_name(object_type: str) -> str:
    """The verbose name of a model given as "app_label.model_name" or "model_name"; "" if none."""
    label = object_type if "." in object_type else _models_by_name().get(object_type, "")
    try:
        model = apps.get_model(label) if label else None
    except (LookupError, ValueError):
        model = None
    return capfirst(str(model._meta.verbose_name)) if model is not None else ""


def action_label(action: str) -> str:
    """The action in words of the current language; never the bare code name."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    model_name, _dot, verb = action.rpartition(".")
    if verb in _VERBS and (name := record_name(model_name)):
        return str(_VERBS[verb]) % {"object": name}
    return gettext("Other action")


# Keys of an entry's details, in words; lists of ids are shown by their number.
DETAIL_LABELS = {
    "client_ids": _("Clients"),
    "volunteer_ids": _("Volunteers"),
    "partner_ids": _("Tandem partners"),
    "appointment_request_ids": _("Appointment requests"),
    "page": _("Page"),
    "view": _("Page"),
    "for_edit": _("for editing"),
    "partial": _("part of a page"),
}


def detail_text(data: dict[str, object]) -> str:
    """Details that are not field lists: "Klient:innen: 14; Seite: dashboard"."""
    parts = []
    for key, value in sorted(data.items()):
        label = str(DETAIL_LABELS[key]) if key in DETAIL_LABELS else key
        if isinstance(value, bool):
            if value:
                parts.append(label)
            continue
        if isinstance(value, list):
            parts.append(f"{label}: {len(value)}")
            continue
        parts.append(f"{label}: {value}")
    return "; ".join(parts)
