"""Letter templates of team A's centre and a finished mass letter run for the access matrix
(tests/test_access_matrix.py)."""

from __future__ import annotations

from lotse.audit.context import acting_as, actor_for_user
from lotse.letters.models import LetterTemplate, MassLetterRun
from lotse.letters.services import install_defaults, mass_run_create, mass_run_execute
from lotse_testing import Org


def template_a(org: Org) -> int:
    install_defaults(org.centre)
    return LetterTemplate.objects.get(centre=org.centre, kind="attendance_confirmation").pk


def version_a(org: Org) -> int:
    template = LetterTemplate.objects.get(pk=template_a(org))
    return template.versions.get(language="de", active=True).pk


def mass_run_a(org: Org) -> int:
    """The counsellor's finished mass letter (a ZIP) for client A: the run is only theirs."""
    existing = MassLetterRun.objects.filter(created_by=org.users["counsellor"]).first()
    if existing is not None:
        return existing.pk
    client = org.client_a
    client.address = "Sonnenallee 5\n12045 Berlin"
    client.save()
    template = LetterTemplate.objects.get(pk=template_a(org))
    user = org.users["counsellor"]
    with acting_as(actor_for_user(user)):
        run = mass_run_create(user=user, template=template, clients=[client], output="docx")
        mass_run_execute(run)
    return run.pk
