"""Rows both duplicate files hold under the same unique key, resolved before a merge moves rows.

Every unique constraint on a model that points at the client must be named in
``RESOLVED_CONSTRAINTS``; a test walks the models so a new constraint cannot turn a merge into a
database error unnoticed.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _

from lotse.common.errors import DomainError

from ..models import Client

# constraint name -> how a collision is resolved (documentation for the walk test and the audit)
RESOLVED_CONSTRAINTS: dict[str, str] = {
    "search_token_unique": "source tokens are deleted, not moved",  # nosec B105 - a constraint name, not a password
    "client_language_unique": "the surviving file's entry wins",
    "case_one_per_service": "refused: the counsellor settles the two cases first",
    "participation_unique": "one participation kept, fields and attendance signals folded in",
    "group_offer_client_unique": "the surviving file's participant row stays",
    # One-to-one relations are named "<app.Model>.<field>".
    "messaging.ContactPreference.client": (
        "the surviving file's contact preference stays, the duplicate's is deleted (its "
        "record stays in the audit trail); every message is checked against the survivor's "
        "consent again before it is sent"
    ),
    "person_link_one_pending": (
        "the duplicate's open person-link requests are withdrawn, not moved "
        "(clients.services.person_link.person_link_on_merge): the leads judged that file"
    ),
    "team_transfer_one_pending": (
        "the duplicate's pending transfers are withdrawn, not moved "
        "(clients.services.transfer.transfers_withdraw_of): the receiving lead judged that file"
    ),
    "office_flag_one_active_per_kind": (
        "the duplicate's active flag of a kind the target carries is cleared "
        "(office.services.flags.flags_fold_on_merge on files_merging); it stays as history"
    ),
}

# Later in a course's life says more: a completed course outranks a registration.
_STATUS_RANK = ["registered", "attending", "interrupted", "dropped_out", "completed"]
_AFTER_COURSE = ["exam", "level_reached", "finished_on", "follow_up", "follow_up_note"]
_DURING_COURSE = ["risk_reason", "risk_flagged_on", "risk_note", "intervention"]


def resolve_collisions(source: Client, target: Client) -> dict[str, int]:
    """Refuse or fold every row of ``source`` that would collide with one of ``target``."""
    _refuse_double_cases(source, target)
    folded: dict[str, int] = {}
    folded["clients.clientlanguage"] = source.languages.filter(
        language__in=target.languages.values_list("language", flat=True)
    ).delete()[0]
    folded["courses.courseparticipation"] = _fold_participations(source, target)
    preference = apps.get_model("messaging", "ContactPreference")
    if preference._base_manager.filter(client=target).exists():
        folded["messaging.contactpreference"] = preference._base_manager.filter(
            client=source
        ).delete()[0]
    participant = apps.get_model("volunteers", "GroupOfferParticipant")
    folded["volunteers.groupofferparticipant"] = participant._base_manager.filter(
        client=source,
        offer__in=participant._base_manager.filter(client=target).values("offer"),
    ).delete()[0]
    return {label: count for label, count in folded.items() if count}


def _refuse_double_cases(source: Client, target: Client) -> None:
    case = apps.get_model("cases", "Case")
    clash = (
        case._base_manager.filter(client=source)
        .filter(service__in=case._base_manager.filter(client=target).values("service"))
        .first()
    )
    if clash is not None:
        # A case carries plans, goals and phases: folding two silently could lose or mix them.
        raise DomainError(
            _(
                "Both files have a case in the service %(service)s. Cases are not merged "
                "automatically and a client has only one case per service, so these files "
                "cannot be merged yet: carry the work of one case over to the other and have "
                "an administrator remove the duplicate case first."
            )
            % {"service": clash.get_service_display()}
        )


def _fold_participations(source: Client, target: Client) -> int:
    participation = apps.get_model("courses", "CourseParticipation")
    signal = apps.get_model("courses", "AttendanceSignal")
    kept_by_course = {p.course_id: p for p in participation._base_manager.filter(client=target)}
    folded = 0
    for dup in participation._base_manager.filter(client=source, course_id__in=kept_by_course):
        kept = kept_by_course[dup.course_id]
        if _rank(dup.status) > _rank(kept.status):
            kept.status = dup.status
        for name in [*_AFTER_COURSE, *_DURING_COURSE]:
            if not getattr(kept, name) and getattr(dup, name):
                setattr(kept, name, getattr(dup, name))
        kept.at_risk = kept.at_risk or dup.at_risk
        kept.childcare_needed = kept.childcare_needed or dup.childcare_needed
        kept.childcare_arranged = kept.childcare_arranged or dup.childcare_arranged
        kept.version += 1
        kept.save()
        signal._base_manager.filter(participation=dup).update(participation=kept)
        dup.delete()
        folded += 1
    return folded


def _rank(status: str) -> int:
    return _STATUS_RANK.index(status) if status in _STATUS_RANK else -1
