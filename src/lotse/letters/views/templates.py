"""Template pages: the list with the placeholder documentation, new templates, versions,
the preview with demo data (team leads upload; every client role of the centre may look)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.roles import CLIENT_ROLES, Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.common.access import role_required
from lotse.common.errors import DomainError
from lotse.common.languages import language_name
from lotse.organisation.models import Centre

from .. import services
from ..forms import TemplateCreateForm, VersionUploadForm
from ..placeholders import DEMO_CONTEXT, PLACEHOLDERS
from ..selectors import (
    centre_ids,
    lead_centre_ids,
    template_for_request,
    templates_for,
    version_for_request,
)
from .common import DOCX_TYPE, attachment


def _placeholders() -> list[tuple[str, str]]:
    return [(name, str(label)) for name, label in PLACEHOLDERS.items()]


@role_required(*CLIENT_ROLES)
def template_list(request: AuthenticatedRequest) -> HttpResponse:
    templates = list(templates_for(request.user))
    leads = lead_centre_ids(request.user)
    missing = Centre.objects.filter(pk__in=centre_ids(request.user)).exclude(
        letter_templates__isnull=False
    )
    return render(
        request,
        "letters/template_list.html",
        {
            "templates": templates,
            "can_upload": bool(leads),
            "centres_without": list(missing),
            "placeholders": _placeholders(),
            "pdf_engine": services.pdf_engine(),
        },
    )


@role_required(*CLIENT_ROLES)
@require_POST
def install_defaults(request: AuthenticatedRequest) -> HttpResponse:
    """First use: the shipped templates for the user's centres that have none yet."""
    writable = centre_ids(request.user, writable=True)
    added = sum(
        services.install_defaults(centre) for centre in Centre.objects.filter(pk__in=writable)
    )
    if added:
        log_action(action="letter_template.defaults_installed", data={"templates": added})
        messages.success(request, _("The shipped templates are ready."))
    return redirect("letters_template_list")


@role_required(Role.TEAM_LEAD)
def template_create(request: AuthenticatedRequest) -> HttpResponse:
    centres = Centre.objects.filter(pk__in=lead_centre_ids(request.user)).order_by("name")
    form = TemplateCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        centre = centres.first()
        if centre is None:
            form.add_error(None, _("Only a team lead can add templates."))
        else:
            try:
                template = services.template_create(
                    centre=centre,
                    kind=form.cleaned_data["kind"],
                    name=form.cleaned_data["name"],
                    language=form.cleaned_data["language"],
                    data=form.cleaned_data["file"].read(),
                    by=request.user,
                )
            except DomainError as error:
                form.add_error("file", str(error.message))
            else:
                messages.success(request, _("The template has been added."))
                return redirect("letters_template_detail", template_id=template.pk)
    return render(
        request,
        "letters/template_form.html",
        {"form": form, "placeholders": _placeholders()},
    )


def _detail(
    request: AuthenticatedRequest, template_id: int, form: VersionUploadForm | None = None
) -> HttpResponse:
    template = template_for_request(request.user, template_id)
    versions = list(template.versions.select_related("uploaded_by").order_by("language", "-number"))
    for version in versions:
        version.language_label = language_name(version.language)  # type: ignore[attr-defined]
    return render(
        request,
        "letters/template_detail.html",
        {
            "template": template,
            "versions": versions,
            "can_upload": template.centre_id in lead_centre_ids(request.user),
            "form": form or VersionUploadForm(),
            "placeholders": _placeholders(),
        },
    )


@role_required(*CLIENT_ROLES)
def template_detail(request: AuthenticatedRequest, template_id: int) -> HttpResponse:
    return _detail(request, template_id)


@role_required(*CLIENT_ROLES)
@require_POST
def version_upload(request: AuthenticatedRequest, template_id: int) -> HttpResponse:
    template = template_for_request(request.user, template_id, manage=True)
    form = VersionUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.version_upload(
                template=template,
                language=form.cleaned_data["language"],
                data=form.cleaned_data["file"].read(),
                by=request.user,
            )
        except DomainError as error:
            form.add_error("file", str(error.message))
        else:
            messages.success(request, _("The new version is now in use."))
            return redirect("letters_template_detail", template_id=template.pk)
    return _detail(request, template_id, form)


@role_required(*CLIENT_ROLES)
def version_preview(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    """The version filled with made-up demo data: PDF, or Word with ?format=docx."""
    version = version_for_request(request.user, version_id)
    try:
        docx = services.render_docx(version, DEMO_CONTEXT)
    except Exception:  # a template that fails to fill is shown as such, not as a 500
        messages.error(request, _("This version cannot be filled; please check its placeholders."))
        return redirect("letters_template_detail", template_id=version.template_id)
    stem = f"vorschau-{version.template.kind}-{version.language}-v{version.number}"
    log_action(action="letter_template.previewed", obj=version)
    if request.GET.get("format") == "docx":
        return attachment(docx, DOCX_TYPE, f"{stem}.docx")
    pdf = services.render_pdf(docx, language=version.language, title=version.template.name)
    return attachment(pdf, "application/pdf", f"{stem}.pdf")
