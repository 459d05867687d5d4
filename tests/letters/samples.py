"""Letter templates of team A's centre for the access matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

from lotse.letters.models import LetterTemplate
from lotse.letters.services import install_defaults
from lotse_testing import Org


def template_a(org: Org) -> int:
    install_defaults(org.centre)
    return LetterTemplate.objects.get(centre=org.centre, kind="attendance_confirmation").pk


def version_a(org: Org) -> int:
    template = LetterTemplate.objects.get(pk=template_a(org))
    return template.versions.get(language="de", active=True).pk
