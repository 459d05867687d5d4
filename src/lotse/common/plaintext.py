"""Which text, date and JSON columns of Lotse models may stay plaintext, and why (issue #15).

``tests/security/test_plaintext_fields.py`` walks every concrete field of every Lotse model
that holds text, a date or JSON. Each one must be an encrypted field (``lotse.common.fields``)
or be listed here as ``"app_label.Model.field"`` with the reason it may stay readable in the
database and in every backup. Adding a field therefore means deciding: encrypt it, or add it
here and let the reviewer judge the reason.

Free text that can hold personal data of clients, volunteers or tandem partners is encrypted,
not listed. What is listed falls into a few kinds, each with one reason below.
"""

from __future__ import annotations

from collections.abc import Iterable

BOOKKEEPING = (
    "Bookkeeping timestamp set by the system (auto_now / auto_now_add or a process step): "
    "says when staff worked on a record, not a fact about the person's life; orders lists."
)
CODES = (
    "A code from a fixed list (status, kind, phase, outcome): no free text; lists, "
    "filters and the §D12 statistics group by it in the database."
)
PERSON_CATEGORIES = (
    "A coarse category of the person's situation chosen from a fixed list (language, level, "
    "schooling, livelihood, …): no free text; the statistics and matching count and filter "
    "it in the database. Encrypting it needs a coarse twin column first."
)
WORKFLOW_DATES = (
    "Workflow date (contact, deadline, review, waiting list, consent given or withdrawn): "
    "due lists, reminders, retention and the statistics select and sort by it in the database."
)
ENTRY_DATE = (
    "Date of entry to Germany: the statistics' years-since-entry bands compare it in SQL "
    "(stats.selectors.people). Follow-up: a coarse column (year and month), then encrypt."
)
ENGINE_CODES = (
    "A code of the eligibility engine's decision (rule set, rule, result): no free text and "
    "no input value; the facts and explanations beside it are encrypted."
)
CODE_LISTS = (
    "A JSON list of codes from a fixed vocabulary (indicators, data items passed, weekly "
    "time slots, interests, activities, match reasons): the forms only offer the codes."
)
CATALOGUE = (
    "Catalogue text shipped with Lotse or kept by administrators (topics, goals, training "
    "modules): the same for every client, names no one."
)
ORGANISATION = (
    "Data of the provider, centre, teams and staff accounts, not of clients: shown on "
    "letterheads and staff pages, needed for sign-in and lookups."
)
NETWORK = (
    "Staff-entered data about partner institutions, their office staff, agreements and "
    "network work, not about clients; the forms say never to name clients here."
)
COURSES = (
    "Data of an integration course (title, number, modules, schedule, notes): about the "
    "course, not a participant; the form says never to write about clients."
)
VOLUNTEER_ORGANISATION = (
    "Organisation of the volunteer programme (districts, group evenings, offers, training "
    "sessions and their trainers): shown to all coordinators, names no client or volunteer."
)
FUNDING = (
    "Funding and reporting data of the provider (funding periods, the authority's address, "
    "cost items, funders, imported statistics bundles): aggregates, no person-level data."
)
KEPT_STATISTICS = (
    "Bounds and bookkeeping times of kept statistics counts (stats.PeriodAggregate): a "
    "calendar period and when it was counted, found and refreshed by them in the database; "
    "the counts themselves are encrypted."
)
HASHES = (
    "Keyed hash, digest or opaque identifier (blind index, search token, chain hash, file "
    "checksum, password hash, counter key): reveals nothing without the key or the input."
)
FILE_NUMBER = (
    "The file number: a pseudonymous reference printed on the client's documents and typed "
    "into the search; unique, so the database must compare it."
)
AUDIT = (
    "The audit trail: who did what to which object. Since issue #15 the generic entries hold "
    "field names, ids and booleans only (lotse.audit.signals), never personal values."
)
APPOINTMENTS = (
    "Scheduling data of an appointment request or appointment (time, language code, status): "
    "the calendar and the spam filter query it; the requester's name and contact are encrypted."
)


def _entries(reason: str, fields: Iterable[str]) -> dict[str, str]:
    return dict.fromkeys(fields, reason)


PLAINTEXT_ALLOWED: dict[str, str] = {
    **_entries(
        BOOKKEEPING,
        [
            "accounts.Membership.created_at",
            "accounts.RoleGrant.proposed_at",
            "accounts.RoleGrant.decided_at",
            "accounts.RoleGrant.expires_at",
            "accounts.User.date_joined",
            "accounts.User.last_login",
            "appointments.Appointment.created_at",
            "appointments.AppointmentRequest.created_at",
            "cases.Assessment.updated_at",
            "cases.Case.created_at",
            "cases.Closure.created_at",
            "cases.Evaluation.created_at",
            "cases.Goal.created_at",
            "cases.GoalStatusChange.created_at",
            "cases.GoalStep.created_at",
            "cases.IntegrationAgreement.created_at",
            "cases.PhaseChange.created_at",
            "cases.Review.created_at",
            "cases.SupportPlan.created_at",
            "cases.SustainabilityCheck.created_at",
            "clients.Client.anonymised_at",
            "clients.Client.created_at",
            "clients.Client.person_linked_at",
            "clients.Client.updated_at",
            "clients.Consent.created_at",
            "clients.CounsellingContact.created_at",
            "clients.EligibilityDecision.created_at",
            "clients.Intake.created_at",
            "clients.PersonLinkRequest.decided_at",
            "clients.PersonLinkRequest.requested_at",
            "clients.TeamTransfer.decided_at",
            "clients.TeamTransfer.requested_at",
            "courses.AttendanceSignal.created_at",
            "courses.CourseParticipation.created_at",
            "courses.CourseParticipation.updated_at",
            "courses.IntegrationCourse.created_at",
            "courses.IntegrationCourse.updated_at",
            "network.Activity.created_at",
            "network.Activity.updated_at",
            "network.CooperationAgreement.created_at",
            "network.CooperationAgreement.document_uploaded_at",
            "network.CooperationAgreement.updated_at",
            "network.Partner.created_at",
            "network.Partner.updated_at",
            "network.Referral.created_at",
            "network.Referral.updated_at",
            "stats.FundingPeriod.created_at",
            "stats.ImportedBundle.uploaded_at",
            "stats.TrustedKey.added_at",
            "stats.TrustedKey.withdrawn_at",
            "volunteers.GroupEvening.created_at",
            "volunteers.GroupOffer.created_at",
            "volunteers.GroupOfferParticipant.created_at",
            "volunteers.Meeting.created_at",
            "volunteers.Partnership.created_at",
            "volunteers.Partnership.updated_at",
            "volunteers.TandemPartner.created_at",
            "volunteers.TandemPartner.updated_at",
            "volunteers.TrainingAttendance.created_at",
            "volunteers.TrainingSession.created_at",
            "volunteers.Volunteer.anonymised_at",
            "volunteers.Volunteer.created_at",
            "volunteers.Volunteer.updated_at",
            "volunteers.VolunteerDocument.created_at",
        ],
    ),
    **_entries(
        CODES,
        [
            "accounts.Membership.role",
            "accounts.RoleGrant.role",
            "accounts.RoleGrant.status",
            "appointments.Appointment.status",
            "appointments.AppointmentRequest.service",
            "appointments.AppointmentRequest.spam_reason",
            "appointments.AppointmentRequest.status",
            "cases.Case.phase",
            "cases.Case.service",
            "cases.CatalogueGoal.module",
            "cases.Closure.reason",
            "cases.Goal.module",
            "cases.Goal.responsible",
            "cases.Goal.status",
            "cases.GoalStatusChange.from_status",
            "cases.GoalStatusChange.to_status",
            "cases.PhaseChange.from_phase",
            "cases.PhaseChange.to_phase",
            "cases.SustainabilityCheck.outcome",
            "clients.CounsellingContact.form",
            "clients.CounsellingContact.interpreter",
            "clients.CounsellingContact.kind",
            "clients.Intake.access_channel",
            "clients.Intake.outcome",
            "clients.Intake.service",
            "clients.PersonLinkRequest.status",
            "clients.TeamTransfer.status",
            "courses.AttendanceSignal.kind",
            "courses.AttendanceSignal.source",
            "courses.CourseParticipation.follow_up",
            "courses.CourseParticipation.risk_reason",
            "courses.CourseParticipation.status",
            "courses.IntegrationCourse.course_type",
            "network.Activity.core_area",
            "network.Activity.kind",
            "network.Partner.category",
            "network.Partner.tier",
            "network.Referral.direction",
            "network.Referral.outcome",
            "organisation.Service.kind",
            "stats.CostItem.category",
            "stats.FundingPeriod.service",
            "stats.FundingRecord.funder_kind",
            "stats.FundingRecord.status",
            "volunteers.GroupOffer.kind",
            "volunteers.Meeting.reported_by",
            "volunteers.Partnership.end_reason",
            "volunteers.Partnership.status",
            "volunteers.Volunteer.left_reason",
            "volunteers.Volunteer.status",
            "volunteers.VolunteerDocument.kind",
        ],
    ),
    **_entries(
        PERSON_CATEGORIES,
        [
            "cases.Assessment.digital_skills",
            "cases.Assessment.driving_licence",
            "cases.Assessment.schooling",
            "cases.Assessment.vocational_training",
            "cases.Closure.livelihood",
            "cases.LanguageSkill.language",
            "cases.LanguageSkill.level",
            "cases.Qualification.country",
            "cases.Qualification.level",
            "cases.Qualification.recognition",
            "clients.Client.document_language",
            "clients.ClientLanguage.language",
            "clients.ClientLanguage.level",
            "clients.Consent.information_language",
            "clients.CounsellingContact.language",
            "clients.HouseholdMember.relation",
            "clients.Intake.livelihood",
            "courses.CourseParticipation.entitlement",
            "courses.CourseParticipation.exam",
            "courses.CourseParticipation.fee_financing",
            "courses.CourseParticipation.level_reached",
            "courses.CourseParticipation.obligation",
            "volunteers.TandemPartnerLanguage.language",
            "volunteers.TandemPartnerLanguage.level",
            "volunteers.VolunteerLanguage.language",
            "volunteers.VolunteerLanguage.level",
        ],
    ),
    **_entries(
        WORKFLOW_DATES,
        [
            "appointments.Appointment.starts_at",
            "appointments.OfficeHours.ends_at",
            "appointments.OfficeHours.starts_at",
            "cases.Assessment.assessed_on",
            "cases.Case.limit_date",
            "cases.Case.opened_on",
            "cases.Case.phase_since",
            "cases.Closure.closed_on",
            "cases.Evaluation.evaluated_on",
            "cases.Goal.target_date",
            "cases.GoalStatusChange.changed_on",
            "cases.GoalStep.done_on",
            "cases.GoalStep.due_on",
            "cases.IntegrationAgreement.drawn_up_on",
            "cases.IntegrationAgreement.signed_on",
            "cases.PhaseChange.changed_on",
            "cases.Review.held_on",
            "cases.Review.scheduled_on",
            "cases.SupportPlan.created_on",
            "cases.SustainabilityCheck.checked_on",
            "cases.SustainabilityCheck.due_on",
            "clients.Client.closed_on",
            "clients.Consent.informed_on",
            "clients.Consent.signed_on",
            "clients.Consent.withdrawn_on",
            "clients.Client.last_contact_on",
            "clients.CounsellingContact.date",
            "clients.CounsellingContact.follow_up_on",
            "clients.EligibilityDecision.decided_on",
            "clients.Intake.date",
            "clients.Intake.waiting_until",
            "courses.AttendanceSignal.noted_on",
            "courses.CourseParticipation.finished_on",
            "courses.CourseParticipation.risk_flagged_on",
            "network.Referral.expected_feedback_on",
            "network.Referral.outcome_on",
            "network.Referral.referred_on",
            "volunteers.Meeting.date",
            "volunteers.Partnership.ended_on",
            "volunteers.Partnership.paused_on",
            "volunteers.Partnership.proposed_on",
            "volunteers.Partnership.started_on",
            "volunteers.TandemPartner.consent_on",
            "volunteers.TandemPartner.consent_withdrawn_on",
            "volunteers.Volunteer.consent_on",
            "volunteers.Volunteer.consent_withdrawn_on",
            "volunteers.Volunteer.left_on",
            "volunteers.Volunteer.registered_on",
            "volunteers.Volunteer.status_since",
            "volunteers.Volunteer.training_completed_on",
            "volunteers.VolunteerDocument.issued_on",
            "volunteers.VolunteerDocument.valid_until",
        ],
    ),
    "clients.Client.entry_date": ENTRY_DATE,
    **_entries(
        ENGINE_CODES,
        [
            "clients.EligibilityDecision.jmd",
            "clients.EligibilityDecision.mbe",
            "clients.EligibilityDecision.mbe_basis",
            "clients.EligibilityDecision.referral",
            "clients.EligibilityDecision.rule",
            "clients.EligibilityDecision.rule_set",
        ],
    ),
    **_entries(
        CODE_LISTS,
        [
            "cases.CatalogueGoal.indicators",
            "cases.Goal.indicators",
            "network.Referral.data_items",
            "volunteers.Meeting.activities",
            "volunteers.Partnership.match_reasons",
            "volunteers.TandemPartner.interests",
            "volunteers.TandemPartner.slots",
            "volunteers.Volunteer.interests",
            "volunteers.Volunteer.slots",
        ],
    ),
    **_entries(
        CATALOGUE,
        [
            "cases.CatalogueGoal.code",
            "cases.CatalogueGoal.label_de",
            "cases.CatalogueGoal.label_en",
            "cases.GoalCatalogue.effective_from",
            "cases.GoalCatalogue.source",
            "cases.GoalCatalogue.version",
            "clients.Topic.code",
            "clients.Topic.label_de",
            "clients.Topic.label_en",
            "clients.TopicCatalogue.effective_from",
            "clients.TopicCatalogue.source",
            "clients.TopicCatalogue.version",
            "volunteers.TrainingModule.code",
            "volunteers.TrainingModule.title_de",
            "volunteers.TrainingModule.title_en",
        ],
    ),
    **_entries(
        ORGANISATION,
        [
            "stats.TrustedKey.key_id",
            "stats.TrustedKey.label",
            "stats.TrustedKey.public_key",
            "accounts.User.email",
            "accounts.User.full_name",
            "accounts.User.languages",
            "organisation.Centre.city",
            "organisation.Centre.email",
            "organisation.Centre.name",
            "organisation.Centre.office_hours",
            "organisation.Centre.phone",
            "organisation.Centre.postal_code",
            "organisation.Centre.statistics_id",
            "organisation.Centre.street",
            "organisation.Provider.imprint",
            "organisation.Provider.name",
            "organisation.Provider.privacy_notice",
            "organisation.Provider.short_name",
            "organisation.Team.name",
        ],
    ),
    **_entries(
        NETWORK,
        [
            "network.DistrictNeed.created_at",
            "network.DistrictNeed.district",
            "network.DistrictNeed.found_on",
            "network.DistrictNeed.need",
            "network.DistrictNeed.note",
            "network.DistrictNeed.source",
            "network.DistrictNeed.updated_at",
            "network.Project.created_at",
            "network.Project.description",
            "network.Project.district",
            "network.Project.ends_on",
            "network.Project.starts_on",
            "network.Project.status",
            "network.Project.title",
            "network.Project.updated_at",
            "network.ProjectGoal.created_at",
            "network.ProjectGoal.due_on",
            "network.ProjectGoal.status",
            "network.ProjectGoal.text",
            "network.Activity.held_on",
            "network.Activity.outcome",
            "network.Activity.topic",
            "network.ContactPerson.email",
            "network.ContactPerson.function",
            "network.ContactPerson.languages",
            "network.ContactPerson.name",
            "network.ContactPerson.phone",
            "network.CooperationAgreement.document_name",
            "network.CooperationAgreement.review_on",
            "network.CooperationAgreement.subject",
            "network.CooperationAgreement.title",
            "network.CooperationAgreement.valid_from",
            "network.CooperationAgreement.valid_until",
            "network.Partner.city",
            "network.Partner.email",
            "network.Partner.languages",
            "network.Partner.name",
            "network.Partner.notes",
            "network.Partner.opening_hours",
            "network.Partner.phone",
            "network.Partner.postal_code",
            "network.Partner.street",
            "network.Partner.website",
        ],
    ),
    **_entries(
        COURSES,
        [
            "courses.IntegrationCourse.end_on",
            "courses.IntegrationCourse.modules",
            "courses.IntegrationCourse.notes",
            "courses.IntegrationCourse.number",
            "courses.IntegrationCourse.schedule",
            "courses.IntegrationCourse.start_on",
            "courses.IntegrationCourse.title",
        ],
    ),
    **_entries(
        VOLUNTEER_ORGANISATION,
        [
            "volunteers.District.name",
            "volunteers.GroupEvening.date",
            "volunteers.GroupEvening.location",
            "volunteers.GroupEvening.topic",
            "volunteers.GroupOffer.description",
            "volunteers.GroupOffer.title",
            "volunteers.GroupOffer.topics",
            "volunteers.GroupOfferDate.date",
            "volunteers.GroupOfferDate.note",
            "volunteers.TrainingSession.date",
            "volunteers.TrainingSession.location",
            "volunteers.TrainingSession.trainer",
        ],
    ),
    **_entries(
        FUNDING,
        [
            "stats.CostItem.label",
            "stats.FundingPeriod.ends_on",
            "stats.FundingPeriod.recipient",
            "stats.FundingPeriod.salutation",
            "stats.FundingPeriod.signatory",
            "stats.FundingPeriod.starts_on",
            "stats.FundingPeriod.title",
            "stats.FundingRecord.funder_name",
            "stats.ImportedBundle.content",
            "stats.ImportedBundle.level",
            "stats.ImportedBundle.name",
            "stats.ImportedBundle.period_end",
            "stats.ImportedBundle.period_start",
            "stats.ImportedBundle.unit_id",
        ],
    ),
    **_entries(
        KEPT_STATISTICS,
        [
            "stats.PeriodAggregate.computed_at",
            "stats.PeriodAggregate.ends_on",
            "stats.PeriodAggregate.stale_since",
            "stats.PeriodAggregate.starts_on",
        ],
    ),
    **_entries(
        HASHES,
        [
            "accounts.User.password",
            "audit.AuditEntry.key_id",
            "audit.AuditEntry.data_hash",
            "audit.AuditEntry.entry_hash",
            "audit.AuditEntry.prev_hash",
            "audit.ChainHead.last_hash",
            "clients.Client.name_index",
            "clients.Client.phonetic_index",
            "clients.ClientSearchToken.digest",
            "common.Counter.key",
            "network.CooperationAgreement.document_file",
            "network.CooperationAgreement.document_sha256",
            "stats.ImportedBundle.sha256",
        ],
    ),
    "clients.Client.file_number": FILE_NUMBER,
    **_entries(
        AUDIT,
        [
            "audit.AuditEntry.action",
            "audit.AuditEntry.actor_label",
            "audit.AuditEntry.at",
            "audit.AuditEntry.data",
            "audit.AuditEntry.object_id",
            "audit.AuditEntry.object_type",
            "audit.AuditEntry.redacted_at",
            "audit.AuditEntry.request_id",
        ],
    ),
    **_entries(
        APPOINTMENTS,
        [
            "appointments.Appointment.language",
            "appointments.AppointmentRequest.language",
            "appointments.AppointmentRequest.page_language",
        ],
    ),
    # Coarse columns kept beside the encrypted date of birth and country of origin
    # (Client.save() derives them; the month of birth is a number, outside this walk).
    "clients.Client.birth_date_index": (
        "Keyed hash of the full birth date: the exact-date search and the duplicate check "
        "match it without decrypting."
    ),
    "clients.Client.region_of_origin": (
        "World region of origin (a code from a fixed list, coarser than the country): the "
        "statistics group by it; nationality and country of origin are encrypted."
    ),
    # Client documents (issue #17): the file itself, its title, name and date are encrypted.
    **_entries(BOOKKEEPING, ["clientdocs.ClientDocument.created_at"]),
    **_entries(CODES, ["clientdocs.ClientDocument.kind"]),
    "clientdocs.ClientDocument.content_type": (
        "File type sniffed from the content, one of six MIME types of the upload allow-list: "
        "decides the download's Content-Type; no free text."
    ),
    **_entries(
        "Random name of the encrypted blob in the document storage (hex): says nothing about "
        "the client or the document; the storage is found by it.",
        ["clientdocs.ClientDocument.blob_name", "clientdocs.ClientDocument.preview_blob_name"],
    ),
    # Residence permits (issue #17 §4): kind, legal basis and note are encrypted.
    **_entries(BOOKKEEPING, ["clients.ResidencePermit.recorded_at"]),
    **_entries(
        "Validity dates of a residence permit without its kind, basis or note (encrypted): a "
        "date range alone does not say whether the person is tolerated or settled. The expiry "
        "list and the dashboard select the permits running out by valid_until in the database, "
        "and the current permit is the newest by valid_from.",
        ["clients.ResidencePermit.valid_from", "clients.ResidencePermit.valid_until"],
    ),
    # Tasks and flags (issue #17 §5): task titles, task notes and flag notes are encrypted.
    **_entries(
        BOOKKEEPING,
        [
            "office.ClientFlag.set_at",
            "office.ClientFlag.cleared_at",
            "office.Task.created_at",
            "office.Task.done_at",
        ],
    ),
    **_entries(CODES, ["office.ClientFlag.kind"]),
    **_entries(WORKFLOW_DATES, ["office.Task.due_date"]),
    # The task queue's own tables (lotse.jobs): no person is described in them.
    **_entries(
        "Bookkeeping of the task queue (lotse.jobs): the name of a periodic job, the slot it "
        "was enqueued for, a task's UUID and timestamps set by the system; the scheduler's "
        "lock is a unique (job, slot) row the database must compare.",
        [
            "jobs.ScheduledRun.enqueued_at",
            "jobs.ScheduledRun.job",
            "jobs.ScheduledRun.slot",
            "jobs.ScheduledRun.task_id",
            "jobs.TaskRetry.created_at",
            "jobs.TaskRetry.failed_id",
            "jobs.TaskRetry.retry_id",
        ],
    ),
    # Letter templates (issue #17 §2): Word files with placeholders, no client data.
    **_entries(
        BOOKKEEPING,
        ["letters.LetterTemplate.created_at", "letters.LetterTemplateVersion.uploaded_at"],
    ),
    **_entries(CODES, ["letters.LetterTemplate.kind", "letters.LetterTemplateVersion.language"]),
    **_entries(
        "A letter template of the centre: its name and its Word file with placeholders "
        "(or the name of a shipped file) are the same for every client and name no one.",
        [
            "letters.LetterTemplate.name",
            "letters.LetterTemplateVersion.file",
            "letters.LetterTemplateVersion.builtin_name",
        ],
    ),
    # Mass letter runs (lotse.letters): ids, counts and codes; the names stay in the files.
    **_entries(
        BOOKKEEPING,
        [
            "letters.MassLetterRun.created_at",
            "letters.MassLetterRun.finished_at",
            "letters.MassLetterRun.result_deleted_at",
        ],
    ),
    **_entries(
        CODES,
        [
            "letters.MassLetterRun.language",
            "letters.MassLetterRun.output",
            "letters.MassLetterRun.state",
            "letters.MassLetterRun.result_type",
        ],
    ),
    **_entries(
        "A mass letter's bookkeeping: the ids of the chosen clients, per client the id of the "
        "letter written or the file number with a reason code for skipping it (no name, no "
        "address), the random name of the encrypted combined file and its generic file name "
        "(serienbrief-<date>.pdf), and a fixed sentence with counts when the run stopped.",
        [
            "letters.MassLetterRun.client_ids",
            "letters.MassLetterRun.produced_items",
            "letters.MassLetterRun.skipped",
            "letters.MassLetterRun.result_blob",
            "letters.MassLetterRun.result_name",
            "letters.MassLetterRun.failure",
        ],
    ),
    # Spreadsheet imports (lotse.imports): the sheet's rows and its file name are encrypted.
    **_entries(
        BOOKKEEPING,
        [
            "imports.ImportRun.created_at",
            "imports.ImportRun.finished_at",
            "imports.ImportRun.undone_at",
        ],
    ),
    **_entries(CODES, ["imports.ImportRun.kind", "imports.ImportRun.state"]),
    "imports.ImportRun.file_hash": (
        "SHA-256 of the uploaded file: tells that the same file was uploaded twice, says "
        "nothing about its content."
    ),
    "imports.ImportRun.report": (
        "Per row of the sheet: its number, the outcome code, the reasons (fixed sentences "
        "naming a column, never a cell's content) and the file numbers of probable duplicates."
    ),
    "imports.ImportRun.failure": (
        "A fixed sentence with batch numbers when an import stopped: no cell content, no name."
    ),
    # Saved filters of the client list (issue #17 §3): filter codes a user chose, no client data.
    "clients.SavedFilter.name": (
        'The name a staff member gave their own list filter ("Meine Fristen"); the form '
        "says not to name clients; shown only to that user."
    ),
    **_entries(CODES, ["clients.SavedFilter.query", "clients.SavedFilter.kind"]),
    **_entries(BOOKKEEPING, ["clients.SavedFilter.created_at"]),
    # Messages to clients (lotse.messaging): recipient and text are encrypted.
    **_entries(
        BOOKKEEPING,
        [
            "messaging.ContactPreference.recorded_at",
            "messaging.ContactChannel.recorded_at",
            "messaging.OutgoingMessage.created_at",
            "messaging.OutgoingMessage.sent_at",
        ],
    ),
    **_entries(
        CODES,
        [
            "messaging.ContactPreference.preferred_channel",
            "messaging.ContactChannel.channel",
            "messaging.ContactChannel.scope",
            "messaging.OutgoingMessage.kind",
            "messaging.OutgoingMessage.channel",
            "messaging.OutgoingMessage.state",
        ],
    ),
    **_entries(
        PERSON_CATEGORIES,
        ["messaging.ContactPreference.language", "messaging.OutgoingMessage.language"],
    ),
    **_entries(
        WORKFLOW_DATES,
        [
            "messaging.ContactChannel.consent_on",
            "messaging.ContactChannel.withdrawn_on",
            "messaging.OutgoingMessage.send_after",
        ],
    ),
    "messaging.OutgoingMessage.failure_reason": (
        "A reason code set by the system (smtp_error, sms_http_503, withdrawn, "
        "mail_bounce:5.1.1, sms_bounce:expired): never an address, a number or a provider's "
        "message text (a provider's reason is kept only as a short code without digit runs)."
    ),
    "messaging.OutgoingMessage.delivery_ref": (
        "Random 32 hex digits set when a message is handed over (the e-mail's Message-ID, the "
        "SMS id): finds the message a bounce or status report is about; says nothing."
    ),
}
