"""Done when (issue #18): a realistic 2,000-row German Excel list reports every problem row
and imports the rest."""

from __future__ import annotations

from lotse.clients.models import Client
from lotse.imports.models import ImportState
from lotse.imports.services import import_execute, import_start, import_upload

from .messy import messy_list


def test_messy_2000_row_list(org) -> None:
    client_a = org.client_a
    messy = messy_list(
        2000, existing=(client_a.last_name, client_a.first_name, client_a.birth_date)
    )
    run = import_upload(
        team=org.team_a, by=org.users["team_lead"], name="Klienten.xlsx", data=messy.data
    )
    report = {entry["row"]: entry for entry in run.report}
    errors = {row for row, entry in report.items() if entry["outcome"] == "error"}
    duplicates = {row for row, entry in report.items() if entry["outcome"] == "duplicate"}
    assert errors == messy.errors
    assert duplicates == messy.duplicates
    assert all(report[row]["reasons"] for row in errors)
    assert run.to_create == messy.people
    assert run.total == 2001  # 2,000 rows and the one already known; empty rows are no rows
    before = Client.objects.count()
    import_start(run)
    run = import_execute(run)
    assert run.state == ImportState.DONE
    assert Client.objects.count() - before == run.created == messy.people
