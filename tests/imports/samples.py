"""A checked import run of team A for the access matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

from lotse.imports.models import ImportRun
from lotse.imports.services import import_upload
from lotse_testing import Org

CSV = b"Nachname;Vorname;Geburtsdatum\nMustermann;Erika;25.11.1985\n"


def run_a(org: Org) -> int:
    existing = ImportRun.objects.filter(team=org.team_a).first()
    if existing is not None:
        return existing.pk
    run = import_upload(team=org.team_a, by=org.users["team_lead"], name="liste.csv", data=CSV)
    return run.pk
