"""The network, intercultural-opening and volunteer figures recounted in plain Python from the
raw rows (issue #16, Done-when) — from DOMAIN §D7/§D10/§D12 and the figures' labels, not from
lotse.network.indicators, lotse.volunteers.figures or their selectors (none is imported).

Rules, each as the label and the domain state it:
- network figures belong to a **centre** (partners, agreements and activities are the centre's);
  a unit counts each centre of its teams once and sums them;
- an agreement is **current** when it runs on the period's last day (from ≤ day ≤ until);
- *mandatory partner categories*: the eight categories §D7 calls mandatory, per centre;
  *covered*: a category with an active partner that has a current agreement;
- *partners with responsibilities agreed / resources pooled*: active partners with a current
  agreement on that topic; *partners with opening in their mission statement*: active ones;
- *outgoing referrals*: referred to a partner of the centre in the period; *with a known
  outcome*: anything but "no feedback yet"; *arrived*: accepted or completed;
- *information and training events*, *joint actions*, *working groups*: activities of the
  period by kind; *partner staff trained*: the partner staff at trainings of the period;
- *cooperation agreements on intercultural opening*: current agreements on that topic;
- a volunteer is **on board** from registration to leaving (the day of leaving included in
  "active during the period", not in "on board at a day"), unless still an applicant;
  *young*: 27 or younger in the period's year (by year of birth);
- a partnership is **active in the period** from its start to its end (never-started ones not
  at all); *started* / *ended*: on a day of the period; meetings: on a day of the period;
- *on board at the start* / *still on board at the end*: on board on the period's first and
  last day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from lotse.network.models import Activity, CooperationAgreement, Partner, Referral
from lotse.organisation.models import Team
from lotse.volunteers.models import GroupEvening, Meeting, Partnership, Volunteer

Cells = dict[tuple[str, ...], float]

MANDATORY = ("course_provider", "foreigners_authority", "registration_office",
             "mbe_other_provider", "jobcenter", "bamf_coordinator",
             "municipal_integration_office", "childcare")  # fmt: skip


def _current(agreement: CooperationAgreement, day: date) -> bool:
    return agreement.valid_from <= day and (
        agreement.valid_until is None or agreement.valid_until >= day
    )


def network_cells(team_ids: Iterable[int], start: date, end: date) -> Cells:
    centres = {t.service.centre_id for t in Team.objects.filter(pk__in=set(team_ids))}
    cells: Cells = {}

    def add(code: str, value: float) -> None:
        cells[(code,)] = cells.get((code,), 0) + value

    for centre in sorted(centres):
        partners = {p.pk: p for p in Partner.objects.filter(centre_id=centre)}
        active = {pk for pk, p in partners.items() if p.active}
        current = [
            a for a in CooperationAgreement.objects.filter(partner__centre_id=centre)
            if _current(a, end)
        ]  # fmt: skip
        agreed = {a.partner_id for a in current} & active
        add("mandatory_categories", len(MANDATORY))
        add("mandatory_categories_covered",
            len({partners[pk].category for pk in agreed} & set(MANDATORY)))  # fmt: skip
        add("responsibilities_agreed",
            len({a.partner_id for a in current if a.topic_responsibilities} & active))  # fmt: skip
        add("resources_pooled",
            len({a.partner_id for a in current if a.topic_resource_pooling} & active))  # fmt: skip
        add("partners_opening_in_mission",
            sum(1 for pk in active if partners[pk].opening_in_mission_statement))  # fmt: skip
        add("agreements_on_opening", sum(1 for a in current if a.topic_intercultural_opening))
        outgoing = [
            r for r in Referral.objects.filter(partner__centre_id=centre)
            if r.direction == "outgoing" and start <= r.referred_on <= end
        ]  # fmt: skip
        add("referrals_out", len(outgoing))
        add("referrals_with_outcome", sum(1 for r in outgoing if r.outcome != "pending"))
        add("referrals_arrived",
            sum(1 for r in outgoing if r.outcome in ("accepted", "completed")))  # fmt: skip
        held = [a for a in Activity.objects.filter(centre_id=centre) if start <= a.held_on <= end]
        add("working_groups", sum(1 for a in held if a.kind == "working_group"))
        add("joint_actions", sum(1 for a in held if a.kind == "joint_action"))
        add("information_and_training_events",
            sum(1 for a in held if a.kind in ("information_event", "training")))  # fmt: skip
        add("partner_staff_trained", sum(a.partner_staff for a in held if a.kind == "training"))
    return cells


def _on_board(volunteer: Volunteer, day: date) -> bool:
    return volunteer.registered_on <= day and (volunteer.left_on is None or volunteer.left_on > day)


def volunteer_cells(team_ids: Iterable[int], start: date, end: date) -> Cells:
    wanted = set(team_ids)
    of_teams = list(Volunteer.objects.filter(team_id__in=wanted))
    volunteers = [v for v in of_teams if not (v.status == "applicant" and v.left_on is None)]
    during = [
        v for v in volunteers
        if v.registered_on <= end and (v.left_on is None or v.left_on >= start)
    ]  # fmt: skip
    cohort = [v for v in volunteers if _on_board(v, start)]
    partnerships = [
        p for p in Partnership.objects.select_related("partner")
        if p.partner.team_id in wanted and p.started_on is not None
    ]  # fmt: skip
    ids = {p.pk for p in partnerships}
    cells: Cells = {
        ("volunteers_active",): len(during),
        ("young_volunteers_active",): sum(
            1 for v in during if v.birth_year is not None and end.year - v.birth_year <= 27
        ),
        ("partnerships_active",): sum(
            1
            for p in partnerships
            if p.started_on <= end and (p.ended_on is None or p.ended_on >= start)
        ),
        ("partnerships_started",): sum(1 for p in partnerships if start <= p.started_on <= end),
        ("partnerships_ended",): sum(
            1 for p in partnerships if p.ended_on is not None and start <= p.ended_on <= end
        ),
        ("meetings",): sum(
            1 for m in Meeting.objects.all() if m.partnership_id in ids and start <= m.date <= end
        ),
        ("trainings_completed",): sum(
            1
            for v in of_teams
            if v.training_completed_on is not None and start <= v.training_completed_on <= end
        ),
        ("retention_cohort",): len(cohort),
        ("retention_retained",): sum(1 for v in cohort if _on_board(v, end)),
        ("evenings",): sum(
            1 for e in GroupEvening.objects.all() if e.team_id in wanted and start <= e.date <= end
        ),
    }
    return cells
