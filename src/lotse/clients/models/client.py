"""The client file. Every query for client data starts at ``Client.objects.visible_to``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotse.common import crypto
from lotse.common.auditing import audited, not_audited
from lotse.common.country_fields import EncryptedCountryField
from lotse.common.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from lotse.common.languages import language_name
from lotse.common.regions import UNKNOWN as UNKNOWN_REGION
from lotse.common.regions import region_of
from lotse.organisation.models import Team


def _client_teams(user: Any, *, writable: bool) -> list[int] | None:
    """The teams in which ``user`` holds a client role (for writing: not read-only), or None.

    Their ids, from the memberships in force read once per user object (a request's user,
    ``User.client_team_ids``, the same rule as ``Membership.objects.with_client_role``), not a
    subquery of the memberships in every query: a page runs 10–25 queries, and each subquery
    (with the administrator exclusion inside) cost compiling and, on PostgreSQL, 1–2 ms of
    planning — 10–12 ms of the dashboard at 100,000 files. A changed membership counts from
    the next request (and at once for the user object it was saved with, accounts/signals.py).
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return sorted(user.client_team_ids(writable=writable))


def _client_rule(user: Any, via: str, *, writable: bool) -> Q:
    teams = _client_teams(user, writable=writable)
    if teams is None:
        return Q(pk__in=[])
    prefix = f"{via}__" if via else ""
    return Q(**{f"{prefix}team_id__in": teams, f"{prefix}merged_into__isnull": True})


def visible_client_q(user: Any, via: str = "client") -> Q:
    """The rule of ``Client.objects.visible_to`` for records that reach a client through ``via``.

    A join, not ``client__in=Client.objects.visible_to(user)``: for that SQLite first builds
    the list of every visible client (75,000 in the benchmark's MBE team, ~140 ms per query)
    before it reads a single row; the join lets it start from the few rows the record's own
    conditions select (an open referral, a flagged course participation).
    """
    return _client_rule(user, via, writable=False)


def writable_client_q(user: Any, via: str = "client") -> Q:
    """The rule of ``Client.objects.writable_by``, as a join through ``via``."""
    return _client_rule(user, via, writable=True)


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: Any) -> ClientQuerySet:
        """Clients of the teams in which ``user`` holds a client role; nothing for anyone else.

        Files merged into another file stay out of every list (they keep their audit trail).
        """
        return self.filter(_client_rule(user, "", writable=False))

    def writable_by(self, user: Any) -> ClientQuerySet:
        return self.filter(_client_rule(user, "", writable=True))


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse")
    NOT_STATED = "not_stated", _("not stated")


class Residence(models.TextChoices):
    """Residence situation; values match lotse.eligibility's input contract."""

    PERMANENT = "permanent", _("Permanent stay (§ 44 AufenthG)")
    RESETTLER = "resettler", _("Ethnic-German resettler (§ 4 BVFG)")
    RESETTLER_FAMILY = "resettler_family", _("Resettler's spouse or descendant (§ 7 BVFG)")
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker")
    TEMPORARY = "temporary", _("Temporary residence permit")
    NO_STATUS = "no_status", _("No legal residence status")
    UNKNOWN = "unknown", _("Unknown")


class ProtectionNeed(models.TextChoices):
    PREGNANCY = "pregnancy", _("pregnancy")
    DISABILITY = "disability", _("disability")
    TRAUMA = "trauma", _("trauma")
    SINGLE_PARENT = "single_parent", _("single parent")
    ELDERLY = "elderly", _("elderly")
    MINOR = "minor", _("unaccompanied minor")


BIRTH_DATE_PURPOSE = "client.birth_date"


def birth_date_digest(birth_date: date) -> str:
    """The blind index of a date of birth: exact-match search without decrypting."""
    return crypto.blind_index(birth_date.isoformat(), purpose=BIRTH_DATE_PURPOSE)


# Plain columns kept in step with encrypted ones by Client.save(): a save that writes the
# encrypted field must write what is derived from it too.
DERIVED_COLUMNS = {
    "birth_date": ("birth_year", "birth_month", "birth_date_index"),
    "country_of_origin": ("region_of_origin",),
}


def document_language_choices() -> list[tuple[str, Any]]:
    return list(settings.DOCUMENT_LANGUAGES)


# Columns that the services keep with UPDATE statements and save() leaves alone.
KEPT_BY_THE_DATABASE = frozenset({"last_contact_on"})


def _in_use_index(*fields: str, name: str) -> models.Index:
    """An index over the files in use: a merged file is in no list (``visible_to``)."""
    in_use = models.Q(merged_into__isnull=True)
    return models.Index(fields=list(fields), condition=in_use, name=name)


@audited(
    sensitive=[
        "birth_date",
        "birth_year",
        "birth_month",
        "birth_date_index",
        "name_index",
        "phonetic_index",
        "nationalities",
        "country_of_origin",
        "region_of_origin",
        "residence",
        "gender",
        "entry_date",
        "permanent_status_date",
    ]
)
class Client(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="clients", verbose_name=_("team")
    )
    file_number = models.CharField(_("file number"), max_length=40, unique=True)
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("No name and only a year of birth: nothing that identifies the person."),
    )
    first_name = EncryptedCharField(_("first name"), max_length=100, blank=True)
    last_name = EncryptedCharField(_("last name"), max_length=100, blank=True)
    pseudonym = EncryptedCharField(
        _("pseudonym"), max_length=100, blank=True, help_text=_("A name the person chose for us.")
    )
    # Date of birth, gender, nationalities, origin and residence situation are encrypted:
    # together they single a person out, and "no legal residence status" endangers them.
    # What statistics and search need stays beside them in plain coarse or keyed columns
    # (birth_year, birth_month, birth_date_index, region_of_origin), derived in save().
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    # Month of birth: with birth_year the age on the last day of any month, for statistics.
    birth_month = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # Keyed hash of the date of birth: search and duplicate candidates by exact date. Indexed
    # together with the team (client_team_birth_idx): every lookup is scoped to teams.
    birth_date_index = models.CharField(max_length=32, blank=True, editable=False)
    gender = EncryptedCharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_STATED
    )
    nationalities = EncryptedCountryField(_("nationalities"), multiple=True, blank=True)
    country_of_origin = EncryptedCountryField(_("country of origin"), blank=True)
    # World region of the country of origin (lotse.common.regions), for statistics.
    region_of_origin = models.CharField(
        max_length=30, blank=True, default=UNKNOWN_REGION, editable=False
    )
    document_language = models.CharField(
        _("language for documents"), max_length=8, choices=document_language_choices, default="de"
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    entry_date = models.DateField(_("date of entry to Germany"), null=True, blank=True)
    residence = EncryptedCharField(
        _("residence situation"),
        max_length=30,
        choices=Residence.choices,
        default=Residence.UNKNOWN,
    )
    # Read only by the eligibility rules, in Python: nothing needs it plain in the database.
    permanent_status_date = EncryptedDateField(
        _("permanent status obtained on"), null=True, blank=True
    )
    course_obligation = models.BooleanField(
        _("obliged to attend an integration course (§ 44a (1) no. 2 AufenthG)"), default=False
    )
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    migration_history = EncryptedTextField(
        _("migration history"),
        blank=True,
        help_text=_("Only what helps the counselling, in the person's own words where possible."),
    )
    # Health-related (pregnancy, disability, trauma): special-category data, so encrypted.
    protection_needs = EncryptedTextField(_("special protection needs"), blank=True)
    # Keyed hashes: exact name search and duplicate candidates without decrypting.
    name_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    phonetic_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_files",
        verbose_name=_("merged into"),
        editable=False,
        # No plain index: "IS NULL" matches nearly every row, and an index tempts SQLite's
        # planner away from the (team, birth date index) index. A partial index over the
        # merged files serves the foreign key's checks (client_merged_into_idx).
        db_index=False,
    )
    closed_on = models.DateField(_("file closed on"), null=True, blank=True, editable=False)
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        editable=False,
        help_text=_("While set, nothing of this file is anonymised or erased."),
    )
    # Names the proceedings (court, authority, file number): encrypted like the file itself.
    legal_hold_reason = EncryptedCharField(
        _("reason for the legal hold"), max_length=300, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # The date of the newest counselling contact, kept by the contact services
    # (clients/services/last_contact.py), so the working list's "last contact older than"
    # is a range on an index instead of a look into every visible file's contacts. Never
    # written by save(): a file loaded before a new contact would put back the older date.
    last_contact_on = models.DateField(null=True, blank=True, editable=False)
    # Optimistic locking: a save that did not start from the current version is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The colleague who looks after the file (issue #17 §3: working lists "counsellor", bulk
    # reassignment). Always a member of the file's team; empty = nobody in particular.
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    # One person served by several services or teams (DOMAIN §D16): the files of that person
    # share this key, so the centre counts the person once. Each file stays visible only to
    # its own team; the key says nothing about the other file. Empty for nearly every file.
    person_key = models.UUIDField(_("person key"), null=True, blank=True, editable=False)
    # When the file was linked (the overview says "since …"); empty when person_key is.
    person_linked_at = models.DateTimeField(
        _("linked with another service's file at"), null=True, blank=True, editable=False
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["team", "birth_date_index"], name="client_team_birth_idx"),
            # The client list and the dashboard's recent files: one walk per team, newest change
            # first, after a key (clients/selectors/listing.py); the id breaks ties.
            models.Index(
                fields=["team", "-updated_at", "-id"],
                condition=models.Q(merged_into__isnull=True),
                name="client_team_recent_idx",
            ),
            # A team's files from the index alone: counting 74,738 of them took 80 ms on SQLite,
            # 6 ms with it; PostgreSQL hashes their ids for the follow-up panel from it (with
            # the id in the key) instead of reading every client row in parallel workers
            # (≈80 ms × 3 processes → 34 ms × 1). Partial, so that SQLite keeps the
            # date-of-birth index for searches (without statistics it chose a full
            # (team, merged_into) index instead).
            models.Index(
                fields=["team", "id"],
                condition=models.Q(merged_into__isnull=True),
                name="client_team_active_idx",
            ),
            # The working list's age-group filter (a range of birth_year within a team) and the
            # list sorted by age (clients/selectors/listing.py: one walk per team, the id breaks
            # ties; the files without a year are a walk of their own, ``birth_year IS NULL``).
            _in_use_index("team", "birth_year", "id", name="client_team_birth_year_idx"),
            # The list sorted by file number or by creation, either way (an index is walked
            # backwards as well): one walk per team after a key, the id breaks ties.
            _in_use_index("team", "file_number", "id", name="client_team_file_number_idx"),
            _in_use_index("team", "-created_at", "-id", name="client_team_created_idx"),
            # The working list's "last contact older than N days" (files without one too).
            _in_use_index("team", "last_contact_on", name="client_team_last_contact_idx"),
            # Deleting a file asks whether another file was merged into it (the foreign key
            # of merged_into): without an index both databases read every file for every file
            # deleted — undoing an import of 9,000 files at 100,000 did not end in 8 minutes.
            # Only the merged files: "IS NULL" must not find it (see merged_into).
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="client_merged_into_idx",
            ),
            # The statistics' person count reads only the linked files.
            models.Index(
                fields=["person_key"],
                condition=models.Q(person_key__isnull=False),
                name="client_person_key_idx",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: this string may reach logs and error pages.
        return self.file_number

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_plain_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            for source, derived in DERIVED_COLUMNS.items():
                if source in fields:
                    fields.update(derived)
            kwargs["update_fields"] = fields
        elif self.pk is not None and not self._state.adding:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in KEPT_BY_THE_DATABASE
            ]
        super().save(*args, **kwargs)

    def audit_client_id(self) -> int | None:
        return self.pk

    def derive_plain_columns(self) -> None:
        """Fill the coarse and keyed columns from the encrypted values they summarise.

        save() calls it; bulk_create does not, so bulk writers (the demo data) call it.
        """
        # to_python: code and tests may assign the ISO string.
        field = self._meta.get_field("birth_date")
        birth = field.to_python(self.birth_date) if isinstance(field, EncryptedDateField) else None
        if birth is not None:
            self.birth_year = birth.year
        self.birth_month = birth.month if birth is not None else None
        self.birth_date_index = birth_date_digest(birth) if birth is not None else ""
        origin: Any = self.country_of_origin
        self.region_of_origin = region_of(getattr(origin, "code", origin))

    @property
    def display_name(self) -> str:
        if self.is_anonymous:
            return self.pseudonym or str(_("(anonymous)"))
        name = f"{self.first_name} {self.last_name}".strip()
        if self.pseudonym and not name:
            return self.pseudonym
        return name or str(_("(no name)"))

    @property
    def protection_need_list(self) -> list[str]:
        return [code for code in (self.protection_needs or "").split(",") if code]

    def protection_need_labels(self) -> list[str]:
        labels = dict(ProtectionNeed.choices)
        return [str(labels.get(code, code)) for code in self.protection_need_list]

    @property
    def is_rtl_document(self) -> bool:
        return self.document_language in settings.LANGUAGES_RTL


@not_audited("derived keyed hashes, rebuilt with every audited client change")
class ClientSearchToken(models.Model):
    """Keyed hashes of name prefixes, so that a prefix search never decrypts the table."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="search_tokens")
    digest = models.CharField(max_length=32, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "digest"], name="search_token_unique")
        ]

    def __str__(self) -> str:
        return self.digest


class LanguageLevel(models.TextChoices):
    NATIVE = "native", _("native language")
    C = "C", _("fluent (C1/C2)")
    B = "B", _("good (B1/B2)")
    A = "A", _("basic (A1/A2)")
    NONE = "none", _("none yet")


@audited
class ClientLanguage(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, help_text=_("ISO 639 code"))
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["client", "language"], name="client_language_unique")
        ]
        # The working list's language filter: the clients speaking one language.
        indexes = [models.Index(fields=["language", "client"], name="client_language_lang_idx")]

    def __str__(self) -> str:
        return f"{self.language} ({self.level})"

    @property
    def language_label(self) -> str:
        return language_name(self.language)

    def audit_client_id(self) -> int | None:
        return self.client_id


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("spouse or partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("other relative")


@audited(sensitive=["birth_year"])
class HouseholdMember(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="household")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    first_name = EncryptedCharField(_("first name"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    counselled_along = models.BooleanField(
        _("counselled along"),
        default=False,
        help_text=_("Counts as a family member counselled along, not as a case of its own."),
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return self.get_relation_display()

    def audit_client_id(self) -> int | None:
        return self.client_id
