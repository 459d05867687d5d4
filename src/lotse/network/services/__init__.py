"""Writing network data: partners, contact persons, agreements, referrals, activities."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.clients.models import Client, Consent
from lotse.clients.selectors import consent_current
from lotse.clients.services import sharing_allowed
from lotse.common.errors import DomainError
from lotse.common.services.versioning import save_versioned
from lotse.organisation.models import Centre

from .. import uploads
from ..choices import DataItem, ReferralDirection, ReferralOutcome
from ..models import Activity, ContactPerson, CooperationAgreement, Partner, Referral

PARTNER_FIELDS = (
    "name",
    "tier",
    "category",
    "street",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
    "languages",
    "opening_hours",
    "notes",
    "opening_in_mission_statement",
    "active",
)
CONTACT_FIELDS = ("name", "function", "phone", "email", "languages")
AGREEMENT_FIELDS = (
    "title",
    "valid_from",
    "valid_until",
    "review_on",
    "subject",
    "topic_information_events",
    "topic_counselling_in_course",
    "topic_dropout_alerts",
    "topic_responsibilities",
    "topic_resource_pooling",
    "topic_intercultural_opening",
)
ACTIVITY_FIELDS = (
    "kind",
    "core_area",
    "topic",
    "held_on",
    "participants",
    "partner_staff",
    "project",
    "outcome",
)

# What a save that lost the race says, here and for courses (``message=`` of save_versioned).
CHANGED_MEANWHILE = gettext_lazy("Someone else changed this record while you were editing it.")


class DocumentRefused(DomainError):
    """The uploaded agreement document was refused (type, size or name)."""

    field = "document"


def pick(data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` that ``data`` (a form's cleaned data) holds."""
    return {name: data[name] for name in fields if name in data}


def _check_period(start: date, end: date | None, message: str) -> None:
    if end is not None and end < start:
        raise DomainError(message)


# --- partners -----------------------------------------------------------------------------


def _check_partner_name(*, centre: Centre, name: str, exclude: int | None = None) -> None:
    clash = Partner.objects.filter(centre=centre, name__iexact=name.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise DomainError(_("This centre already has a partner with this name."))


@transaction.atomic
def partner_create(*, centre: Centre, data: Mapping[str, Any]) -> Partner:
    values = pick(data, PARTNER_FIELDS)
    values["name"] = values["name"].strip()
    _check_partner_name(centre=centre, name=values["name"])
    return Partner.objects.create(centre=centre, **values)


@transaction.atomic
def partner_update(*, partner: Partner, expected_version: int, data: Mapping[str, Any]) -> Partner:
    values = pick(data, PARTNER_FIELDS)
    if "name" in values:
        values["name"] = values["name"].strip()
        _check_partner_name(centre=partner.centre, name=values["name"], exclude=partner.pk)
    return save_versioned(
        partner, expected_version=expected_version, changes=values, message=CHANGED_MEANWHILE
    )


@transaction.atomic
def contact_person_add(*, partner: Partner, data: Mapping[str, Any]) -> ContactPerson:
    return ContactPerson.objects.create(partner=partner, **pick(data, CONTACT_FIELDS))


@transaction.atomic
def contact_person_remove(*, contact: ContactPerson) -> None:
    contact.delete()


# --- cooperation agreements ----------------------------------------------------------------


def _store_document(document: UploadedFile[bytes]) -> uploads.StoredDocument:
    try:
        display_name, data = uploads.validate_pdf_upload(document)
    except DomainError as error:
        raise DocumentRefused(error.message) from error
    return uploads.store_pdf(display_name, data)


@contextmanager
def _removed_on_failure(stored: uploads.StoredDocument | None) -> Iterator[None]:
    """A stored file whose record could not be saved must not stay behind."""
    try:
        yield
    except BaseException:
        if stored is not None:
            uploads.remove_stored(stored.stored_name)
        raise


def _document_values(stored: uploads.StoredDocument) -> dict[str, Any]:
    return {
        "document_file": stored.stored_name,
        "document_name": stored.display_name,
        "document_size": stored.size,
        "document_sha256": stored.sha256,
        "document_uploaded_at": timezone.now(),
    }


def _check_agreement(values: Mapping[str, Any]) -> None:
    _check_period(
        values["valid_from"],
        values.get("valid_until"),
        _("The agreement cannot end before it starts."),
    )
    review_on = values.get("review_on")
    if review_on is not None and review_on < values["valid_from"]:
        raise DomainError(_("The review date cannot be before the start of the agreement."))


@transaction.atomic
def agreement_create(
    *, partner: Partner, data: Mapping[str, Any], document: UploadedFile[bytes] | None
) -> CooperationAgreement:
    values = pick(data, AGREEMENT_FIELDS)
    _check_agreement(values)
    stored = _store_document(document) if document is not None else None
    with _removed_on_failure(stored), transaction.atomic():
        if stored is not None:
            values.update(_document_values(stored))
        return CooperationAgreement.objects.create(partner=partner, **values)


@transaction.atomic
def agreement_update(
    *,
    agreement: CooperationAgreement,
    expected_version: int,
    data: Mapping[str, Any],
    document: UploadedFile[bytes] | None,
) -> CooperationAgreement:
    values = pick(data, AGREEMENT_FIELDS)
    _check_agreement(values)
    stored = _store_document(document) if document is not None else None
    with _removed_on_failure(stored), transaction.atomic():
        if stored is not None:
            values.update(_document_values(stored))
        replaced = (
            CooperationAgreement.objects.select_for_update()
            .values_list("document_file", flat=True)
            .get(pk=agreement.pk)
            if stored is not None
            else ""
        )
        saved = save_versioned(
            agreement, expected_version=expected_version, changes=values, message=CHANGED_MEANWHILE
        )
    if replaced:
        log_action(action="agreement.document_replaced", obj=saved, data={})
        transaction.on_commit(lambda: uploads.remove_stored(replaced))
    return saved


# --- referrals ------------------------------------------------------------------------------


def no_consent_message(partner: Partner) -> str:
    return _(
        "No written consent of this client allows passing data to “%(partner)s”. Record the "
        "client's consent naming this partner first, or choose “record without passing "
        "personal data”."
    ) % {"partner": partner.name}


def _same_centre(client: Client, partner: Partner) -> None:
    if partner.centre_id != client.team.service.centre_id:
        raise DomainError(_("This partner belongs to another counselling centre."))


@transaction.atomic
def referral_create(
    *,
    client: Client,
    partner: Partner,
    created_by: User,
    direction: str,
    purpose: str,
    referred_on: date,
    expected_feedback_on: date | None = None,
    data_items: Iterable[str] = (),
    without_personal_data: bool = False,
) -> Referral:
    """Record a referral. Data leave only within the client's current written consent
    (``sharing_allowed``); without it the referral is recorded without personal data or refused.
    """
    _same_centre(client, partner)
    items = sorted(set(data_items))
    unknown = set(items) - set(DataItem.values)
    if unknown:
        raise DomainError(_("Unknown kind of data: %(items)s") % {"items": ", ".join(unknown)})
    if not purpose.strip():
        raise DomainError(_("Please describe the purpose of the referral."))
    _check_period(
        referred_on,
        expected_feedback_on,
        _("Feedback cannot be expected before the referral."),
    )
    consent: Consent | None = None
    if direction == ReferralDirection.INCOMING:
        if items or without_personal_data:
            raise DomainError(_("An incoming referral passes no data from us to the partner."))
    elif direction == ReferralDirection.OUTGOING:
        if not partner.active:
            raise DomainError(_("This partner is marked inactive."))
        if without_personal_data and items:
            raise DomainError(
                _("A referral without personal data cannot pass data on. Untick the data.")
            )
        if not without_personal_data:
            if not items:
                raise DomainError(
                    _(
                        "Choose which data may be passed on, or record the referral without "
                        "passing personal data."
                    )
                )
            # Lock the consent rows so that a withdrawal cannot slip in between check and save.
            list(Consent.objects.select_for_update().filter(client=client).values("pk"))
            if not sharing_allowed(client, partner):
                raise DomainError(no_consent_message(partner))
            consent = consent_current(client)
    else:
        raise DomainError(_("Unknown direction of the referral."))
    referral = Referral.objects.create(
        client=client,
        partner=partner,
        direction=direction,
        purpose=purpose.strip(),
        referred_on=referred_on,
        expected_feedback_on=expected_feedback_on,
        data_items=items,
        without_personal_data=without_personal_data,
        consent=consent,
        created_by=created_by,
    )
    if consent is not None:
        log_action(
            action="referral.data_passed",
            obj=referral,
            data={"partner": partner.pk, "items": items, "consent": consent.pk},
        )
    return referral


@transaction.atomic
def referral_record_outcome(
    *,
    referral: Referral,
    expected_version: int,
    outcome: str,
    outcome_on: date | None,
    note: str = "",
) -> Referral:
    if outcome not in ReferralOutcome.values:
        raise DomainError(_("Unknown outcome."))
    if outcome == ReferralOutcome.PENDING:
        outcome_on = None
    elif outcome_on is None:
        raise DomainError(_("Please enter the date on which the outcome became known."))
    elif outcome_on < referral.referred_on:
        raise DomainError(_("The outcome cannot be known before the referral."))
    saved = save_versioned(
        referral,
        expected_version=expected_version,
        changes={"outcome": outcome, "outcome_on": outcome_on, "outcome_note": note.strip()},
        message=CHANGED_MEANWHILE,
    )
    log_action(action="referral.outcome_recorded", obj=saved, data={"outcome": outcome})
    return saved


# --- activities ----------------------------------------------------------------------------


def _check_activity(centre: Centre, values: Mapping[str, Any], partners: list[Partner]) -> None:
    if any(p.centre_id != centre.pk for p in partners):
        raise DomainError(_("Only partners of this centre can be named."))
    project = values.get("project")
    if project is not None and project.centre_id != centre.pk:
        raise DomainError(_("Only projects of this centre can be named."))
    if values.get("partner_staff", 0) > values.get("participants", 0):
        raise DomainError(_("There cannot be more staff of other institutions than participants."))


@transaction.atomic
def activity_create(
    *, centre: Centre, created_by: User, data: Mapping[str, Any], partners: Iterable[Partner]
) -> Activity:
    values, chosen = pick(data, ACTIVITY_FIELDS), list(partners)
    _check_activity(centre, values, chosen)
    activity = Activity.objects.create(centre=centre, created_by=created_by, **values)
    activity.partners.set(chosen)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    expected_version: int,
    data: Mapping[str, Any],
    partners: Iterable[Partner],
) -> Activity:
    values, chosen = pick(data, ACTIVITY_FIELDS), list(partners)
    _check_activity(activity.centre, values, chosen)
    saved = save_versioned(
        activity, expected_version=expected_version, changes=values, message=CHANGED_MEANWHILE
    )
    before = set(saved.partners.values_list("pk", flat=True))
    saved.partners.set(chosen)
    after = {p.pk for p in chosen}
    if before != after:
        log_action(action="activity.partners_changed", obj=saved, data={"partners": sorted(after)})
    return saved
