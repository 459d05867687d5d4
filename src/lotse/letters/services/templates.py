"""Letter templates: checking an upload, new versions, the shipped defaults."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from lotse.audit.services import log_action
from lotse.clientdocs.services.checks import check_office_archive
from lotse.clientdocs.types import DOCX
from lotse.common.errors import DomainError
from lotse.organisation.models import Centre

from ..models import LetterKind, LetterTemplate, LetterTemplateVersion
from ..placeholders import DEMO_CONTEXT, PLACEHOLDERS
from ..texts import BODIES, NAMES
from .filling import render_docx_bytes

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
# A Word file of a letter unpacks to far less; more is a zip bomb.
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
TEMPLATE_LANGUAGES = ["de", "ar", "tr", "uk", "en", "fr", "fa", "ru"]


def version_bytes(version: LetterTemplateVersion) -> bytes:
    if version.builtin_name:
        path = (DATA_DIR / version.builtin_name).resolve()
        if not path.is_relative_to(DATA_DIR):
            raise DomainError(_("The shipped template cannot be found."))
        return path.read_bytes()
    with version.file.open("rb") as handle:
        data = handle.read()
    assert isinstance(data, bytes)
    return data


def check_template(data: bytes) -> None:
    """A real Word file, small enough, with documented placeholders only; else DomainError."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise DomainError(
            _("The template is larger than %(mb)s MB.") % {"mb": MAX_TEMPLATE_BYTES // 1024**2}
        )
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DomainError(_("This is not a Word file (.docx).")) from None
    if "word/document.xml" not in names:
        raise DomainError(_("This is not a Word file (.docx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise DomainError(_("The Word file unpacks to too much data; it is refused."))
    # The client-document checks for Office files: entries really inflated against a budget
    # (declared sizes are not trusted), no macros.
    check_office_archive("vorlage.docx", data, DOCX)
    try:
        found = DocxTemplate(BytesIO(data)).get_undeclared_template_variables(
            jinja_env=SandboxedEnvironment()
        )
    except TemplateSyntaxError as error:
        raise DomainError(
            _("The template has a mistake in a placeholder: %(error)s") % {"error": error.message}
        ) from None
    except Exception:  # a broken document.xml: lxml, KeyError …
        raise DomainError(_("The Word file cannot be read.")) from None
    unknown = sorted(set(found) - set(PLACEHOLDERS))
    if unknown:
        raise DomainError(
            _(
                "The template uses placeholders Lotse does not know: %(names)s. "
                "Allowed are: %(allowed)s."
            )
            % {
                "names": ", ".join(f"{{{{ {name} }}}}" for name in unknown),
                "allowed": ", ".join(PLACEHOLDERS),
            }
        )
    try:
        # Filled once with the demo data, in the same sandbox as every letter: a template that
        # reaches for attributes (``{{ client_name.__class__ }}``) or breaks is refused now,
        # not when a counsellor writes a letter.
        render_docx_bytes(data, DEMO_CONTEXT)
    except Exception:
        raise DomainError(
            _("The template cannot be filled in. Please use the placeholders only as listed.")
        ) from None


def _next_number(template: LetterTemplate, language: str) -> int:
    latest = template.versions.filter(language=language).aggregate(n=Max("number"))["n"]
    return (latest or 0) + 1


@transaction.atomic
def version_upload(
    *, template: LetterTemplate, language: str, data: bytes, by: Any
) -> LetterTemplateVersion:
    """Check ``data`` and make it the active version of ``language``."""
    if language not in TEMPLATE_LANGUAGES:
        raise DomainError(_("Please choose a language."))
    check_template(data)
    LetterTemplate.objects.select_for_update().filter(pk=template.pk).first()
    number = _next_number(template, language)
    template.versions.filter(language=language, active=True).update(active=False)
    version = LetterTemplateVersion(
        template=template, language=language, number=number, uploaded_by=by, active=True
    )
    version.file.save(f"{template.pk}-{language}-{number}.docx", ContentFile(data), save=False)
    try:
        version.save()
    except IntegrityError:
        version.file.delete(save=False)
        raise
    log_action(
        action="letter_template.uploaded",
        obj=version,
        data={"template": template.pk, "language": language, "number": number},
    )
    return version


@transaction.atomic
def template_create(
    *, centre: Centre, kind: str, name: str, language: str, data: bytes, by: Any
) -> LetterTemplate:
    name = name.strip()
    if not name:
        raise DomainError(_("Please give the template a name."))
    if kind not in LetterKind.values:
        raise DomainError(_("Please choose the kind of letter."))
    if LetterTemplate.objects.filter(centre=centre, name=name).exists():
        raise DomainError(_("A template with this name exists already."))
    template = LetterTemplate.objects.create(
        centre=centre,
        kind=kind,
        name=name,
        needs_partner_consent=kind == LetterKind.AUTHORITY,
    )
    version_upload(template=template, language=language, data=data, by=by)
    return template


def install_defaults(centre: Centre) -> int:
    """Give ``centre`` the shipped templates it lacks; returns how many were added."""
    added = 0
    for kind, languages in BODIES.items():
        template, created = LetterTemplate.objects.get_or_create(
            centre=centre,
            kind=kind,
            name=NAMES[kind],
            defaults={"needs_partner_consent": kind == LetterKind.AUTHORITY},
        )
        if not created:
            continue
        LetterTemplateVersion.objects.bulk_create(
            LetterTemplateVersion(
                template=template,
                language=language,
                number=1,
                builtin_name=f"{language}/{kind}.docx",
                active=True,
            )
            for language in languages
        )
        added += 1
    return added


def install_defaults_everywhere() -> int:
    return sum(install_defaults(centre) for centre in Centre.objects.all())
