"""Helpers shared by the tests: an organisation with one user per reference persona.

Team A (MBE) holds client A; team B (JMD) holds client B. See lotse/access_policy.py.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import connection
from django.test import Client as HttpClient

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.clients.models import Client
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Centre, Provider, Service, ServiceKind, Team

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "correct horse battery staple 42"


def totp_now(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


@dataclass
class Org:
    provider: Provider
    centre: Centre
    team_a: Team
    team_b: Team
    users: dict[str, User]
    client_a: Client
    client_b: Client

    def membership(self, persona: str) -> Membership:
        return self.users[persona].memberships.get()


PERSONA_SPECS = {
    "counsellor": ("a", Role.COUNSELLOR, False),
    "reader": ("a", Role.COUNSELLOR, True),
    "stranger": ("b", Role.COUNSELLOR, False),
    "team_lead": ("a", Role.TEAM_LEAD, False),
    "coordinator": ("a", Role.VOLUNTEER_COORDINATOR, False),
    "statistics": ("a", Role.STATISTICS_OFFICER, False),
    "dpo": ("a", Role.DATA_PROTECTION_OFFICER, False),
    "admin": ("a", Role.ADMINISTRATOR, False),
}


def make_user(email: str, *, with_totp: bool = True, **extra: object) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, full_name=extra.pop("full_name", email.split("@")[0])
    )
    if with_totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


def build_org() -> Org:
    provider = Provider.objects.create(name="Testträger e.V.")
    centre = Centre.objects.create(
        provider=provider, name="Beratungsstelle Test", statistics_id="t-1"
    )
    mbe = Service.objects.create(centre=centre, kind=ServiceKind.MBE)
    jmd = Service.objects.create(centre=centre, kind=ServiceKind.JMD)
    teams = {
        "a": Team.objects.create(service=mbe, name="Team A"),
        "b": Team.objects.create(service=jmd, name="Team B"),
    }
    users = {}
    for persona, (team, role, read_only) in PERSONA_SPECS.items():
        user = make_user(f"{persona}@test.invalid", full_name=persona.title())
        Membership.objects.create(user=user, team=teams[team], role=role, read_only=read_only)
        users[persona] = user
    client_a = client_create(
        team=teams["a"],
        data=ClientData(first_name="Amira", last_name="Haddad", birth_date=date(1980, 5, 17)),
    )
    client_b = client_create(
        team=teams["b"],
        data=ClientData(first_name="Oleksandr", last_name="Kowalenko", birth_date=date(2004, 1, 2)),
    )
    return Org(provider, centre, teams["a"], teams["b"], users, client_a, client_b)


def sign_in(http: HttpClient, user: User, *, second_factor: bool = True) -> HttpClient:
    """A session as allauth leaves it after password and (optionally) TOTP."""
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = http.session
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    if second_factor:
        records.append({"method": "mfa", "at": now, "type": Authenticator.Type.TOTP})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return http


def raw_column(table: str, column: str, pk: int) -> str:
    """What the database really holds, bypassing the ORM's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)} "  # noqa: S608
            "WHERE id = %s",
            [pk],
        )
        return str(cursor.fetchone()[0])


def make_consent(
    org: Org,
    *,
    partners: str = "Jobcenter Musterstadt",
    share: bool = True,
    other_recipients: str = "",
):
    """A written consent of client A naming ``partners`` (network partner names, one per line;
    a partner not in the centre's network yet is added)."""
    from lotse.clients.services import consent_record
    from lotse.network.models import Partner

    named = [
        Partner.objects.get_or_create(
            centre=org.centre,
            name=name.strip(),
            defaults={
                "tier": "mandatory",
                "category": "jobcenter" if name.startswith("Jobcenter") else "other",
            },
        )[0]
        for name in (partners.splitlines() if share else [])
        if name.strip()
    ]
    return consent_record(
        client=org.client_a,
        recorded_by=org.users["counsellor"],
        informed_on=date(2026, 1, 5),
        information_language="ar",
        written=True,
        signed_on=date(2026, 1, 5),
        scope_storage=True,
        scope_share_with_partners=share,
        partners=named,
        other_recipients=other_recipients,
        scope_contact_phone=True,
        scope_contact_email=False,
    )


def make_waiting_intake(org: Org, client: Client | None = None, *, on: date | None = None):
    from lotse.clients.models import Intake

    return Intake.objects.create(
        client=client or org.client_a,
        service="mbe",
        date=on or date(2026, 3, 1),
        access_channel="walk_in",
        outcome="waiting_list",
        counsellor=org.users["counsellor"],
    )


def client_form_data(**values: object) -> dict[str, object]:
    """A valid POST for the client form; override what the test is about."""
    data: dict[str, object] = {
        "first_name": "Amira",
        "last_name": "Haddad",
        "gender": "female",
        "document_language": "ar",
        "residence": "permanent",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


# Data the migrations write; a transactional test's flush removes it (serialized rollback does
# not restore it together with the session-wide live server), so put it back before each build.
SEEDING_MIGRATIONS = [
    ("lotse.clients.migrations.0003_topic_catalogue_2016", "add_catalogue"),
    ("lotse.cases.migrations.0002_goal_catalogue_2016", "add_catalogue"),
    ("lotse.volunteers.migrations.0002_training_curriculum", "add_modules"),
    ("lotse.audit.migrations.0002_chain_head_and_append_only", "seed_head"),
]


def reseed_migration_data() -> None:
    """Run the seeding functions as ``migrate`` does: with the migrations' historical models.

    The app registry's real models would send their audit signals, and the 41 entries of the
    catalogues (committed, since this runs after a transactional test's flush) were then found
    by the next test in chain 1 — which tests failed depended on the random order."""
    from importlib import import_module

    apps = _migrated_apps()
    for module, function in SEEDING_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)
    # audit/0004 adds the heads of chains 2..8 in one step with its triggers: only the heads,
    # as the audit service adds missing ones (a bulk insert: no signals).
    from lotse.audit.services.chains import ensure_heads

    ensure_heads(import_module("lotse.audit.migrations.0004_chains").DEFAULT_CHAINS)


@functools.cache
def _migrated_apps() -> Any:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection, ignore_no_migrations=True).project_state().apps


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it, whitespace collapsed, bidi marks removed."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext
    result = subprocess.run(  # noqa: S603 - fixed program, our own PDF
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return re.sub(
        r"\s+", " ", re.sub("[\u2066-\u2069\u202a-\u202e\u200e\u200f]", "", result.stdout.decode())
    )
