"""The import pages: upload and dry run, the report with column mapping, progress, undo."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lotse.accounts.roles import Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.common.access import role_required

from ..forms import MappingForm, UploadForm
from ..models import ImportKind, ImportState
from ..selectors import lead_teams, run_for, runs_for
from ..services import (
    UNDO_WINDOW,
    ImportFileError,
    ImportRefused,
    import_start,
    sheet_of,
    template_xlsx,
    undo_possible,
)
from ..services import (
    import_remap as remap_run,
)
from ..services import (
    import_undo as undo_run,
)
from ..services import (
    import_upload as upload_run,
)
from ..services.reading import limits
from ..tasks import import_run_task

REPORT_ROWS_SHOWN = 1000
UNDONE_MESSAGES = {
    ImportKind.CLIENTS: gettext_lazy(
        "%(deleted)d client files deleted; %(kept)d kept because they were worked on since."
    ),
    ImportKind.CONTACTS: gettext_lazy(
        "%(deleted)d counselling contacts deleted; %(kept)d kept because they were changed since."
    ),
    ImportKind.CASES: gettext_lazy(
        "%(deleted)d cases deleted; %(kept)d kept because they were worked on since."
    ),
}
UNUSED_FIELDS = ("service", "counsellor")
REQUEST_OVERHEAD = 64 * 1024  # the form's other fields and the multipart boundaries


def _too_large(max_bytes: int) -> str:
    return _("The file is larger than %(limit)d MB. Please split it into several files.") % {
        "limit": max_bytes // (1024 * 1024)
    }


@role_required(Role.TEAM_LEAD)
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    teams = lead_teams(request.user)
    max_bytes = limits()[0]
    try:
        announced = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        announced = 0
    if request.method == "POST" and announced > max_bytes + REQUEST_OVERHEAD:
        # Refused before a byte of the body is read (a 1 GB file never reaches the disk).
        return render(
            request,
            "imports/upload.html",
            {
                "form": UploadForm(teams=teams),
                "refused": _too_large(max_bytes),
                "runs": runs_for(request.user),
                "max_mb": max_bytes // 1048576,
            },
            status=413,
        )
    form = UploadForm(request.POST or None, request.FILES or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > max_bytes:
                raise ImportFileError(_too_large(max_bytes))
            run = upload_run(
                kind=form.cleaned_data["kind"],
                team=form.cleaned_data["team"],
                by=request.user,
                name=upload.name or "",
                data=upload.read(),
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("import_run", run_id=run.pk)
    return render(
        request,
        "imports/upload.html",
        {"form": form, "runs": runs_for(request.user), "max_mb": limits()[0] // (1024 * 1024)},
    )


TEMPLATE_NAMES = {
    ImportKind.CLIENTS: "lotse-import-vorlage.xlsx",
    ImportKind.CONTACTS: "lotse-import-vorlage-beratungskontakte.xlsx",
    ImportKind.CASES: "lotse-import-vorlage-faelle.xlsx",
}


@role_required(Role.TEAM_LEAD)
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    """The template of the kind asked for (?kind=contacts); the client list by default."""
    kind = request.GET.get("kind", ImportKind.CLIENTS)
    if kind not in ImportKind.values:
        kind = ImportKind.CLIENTS
    response = HttpResponse(
        template_xlsx(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAMES[ImportKind(kind)]}"'
    return response


def _report_rows(run: object) -> list[dict[str, object]]:
    """The report with each row's name, decrypted from the run's rows while they are kept."""
    parsed_rows: dict[int, list[object]] = {}
    sheet = None
    if getattr(run, "rows", ""):
        sheet = sheet_of(run)  # type: ignore[arg-type]
        parsed_rows = dict(sheet.rows)  # type: ignore[arg-type]
    shown = []
    for entry in run.report[:REPORT_ROWS_SHOWN]:  # type: ignore[attr-defined]
        cells = parsed_rows.get(entry["row"], [])
        name = ""
        if sheet is not None:
            parts = [
                str(cells[column])
                for column, code in sorted(sheet.mapping.items())
                if code in ("file_number", "last_name", "first_name", "full_name")
                and column < len(cells)
                and cells[column] not in (None, "")
            ]
            name = ", ".join(parts)
        shown.append({**entry, "name": name})
    return shown


@role_required(Role.TEAM_LEAD)
def import_run(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    log_action(action="import.report_viewed", obj=run, data={"rows": run.total})
    context: dict[str, object] = {
        "run": run,
        "rows": _report_rows(run),
        "truncated": len(run.report) > REPORT_ROWS_SHOWN,
        "can_undo": undo_possible(run),
        "undo_hours": int(UNDO_WINDOW.total_seconds() // 3600),
    }
    if run.state == ImportState.CHECKED:
        parsed = run.parsed()
        # Recognised but not taken over (yet): say so rather than drop them silently.
        context["unused_columns"] = [
            parsed["headers"][int(column)]
            for column, code in parsed["mapping"].items()
            if code in UNUSED_FIELDS and run.kind == ImportKind.CLIENTS
        ]
        context["mapping_form"] = MappingForm(
            headers=parsed["headers"],
            mapping={int(c): code for c, code in parsed["mapping"].items()},
            kind=run.kind,
        )
    return render(request, "imports/run.html", context)


@role_required(Role.TEAM_LEAD)
def import_progress(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    if not request.htmx:  # the bar alone is no page: the run's page holds it
        return redirect("import_run", run_id=run.pk)
    response = render(request, "imports/progress.html", {"run": run})
    if request.htmx and run.state not in (ImportState.QUEUED, ImportState.IMPORTING):  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"  # finished: show the whole page with the undo
    return response


@require_POST
@role_required(Role.TEAM_LEAD)
def import_remap(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    if run.state != ImportState.CHECKED:
        messages.warning(request, _("This import has already been started."))
        return redirect("import_run", run_id=run.pk)
    parsed = run.parsed()
    form = MappingForm(
        request.POST,
        headers=parsed["headers"],
        mapping={int(c): code for c, code in parsed["mapping"].items()},
        kind=run.kind,
    )
    if not form.is_valid():
        messages.error(request, _("Please choose a field from the list for each column."))
        return redirect("import_run", run_id=run.pk)
    try:
        remap_run(run, form.mapping())
    except (ImportFileError, ImportRefused) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The rows were checked again with the new assignment."))
    return redirect("import_run", run_id=run.pk)


@require_POST
@role_required(Role.TEAM_LEAD)
def import_confirm(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    try:
        import_start(run)
    except ImportRefused as error:
        messages.warning(request, str(error))
        return redirect("import_run", run_id=run.pk)
    log_action(action="import.started", obj=run, data={"create": run.to_create})
    try:
        import_run_task.enqueue(run.pk)
    except Exception:
        # The immediate backend (tests, LOTSE_TASKS_IMMEDIATE) runs the import right here; a
        # failed batch is kept on the run, which can be resumed.
        messages.error(request, _("The import stopped. It can be resumed."))
    return redirect("import_run", run_id=run.pk)


@require_POST
@role_required(Role.TEAM_LEAD)
def import_undo(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    if request.POST.get("confirm") != "yes":
        messages.warning(request, _("Please confirm that the import is to be undone."))
        return redirect("import_run", run_id=run.pk)
    try:
        deleted, kept = undo_run(run)
    except ImportRefused as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request, UNDONE_MESSAGES[ImportKind(run.kind)] % {"deleted": deleted, "kept": kept}
        )
    return redirect("import_run", run_id=run.pk)


__all__ = [
    "import_confirm",
    "import_progress",
    "import_remap",
    "import_run",
    "import_template",
    "import_undo",
    "import_upload",
]
