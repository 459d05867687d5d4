"""Mass letters as a background run (issue #17 §2, issue #18 §1): the page queues a run, the
task writes the letters (the tests' immediate backend runs it at once), the run's page shows
the progress, then who got a letter and who was skipped and why, and the combined file."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.context import acting_as, actor_for_user
from lotse.audit.models import AuditEntry
from lotse.clientdocs.models import ClientDocument
from lotse.clientdocs.services import storage
from lotse.clients.services import client_create
from lotse.clients.services.clients import ClientData
from lotse.letters.models import LetterTemplate, MassLetterRun
from lotse.letters.services import (
    install_defaults,
    mass_outputs_prune,
    mass_run_create,
    mass_run_execute,
)
from lotse.letters.services import mass as mass_module
from lotse.letters.tasks import write_mass_letters

from .helpers import pdf_text

pytestmark = pytest.mark.django_db

ADDRESS = "Sonnenallee 5\n12045 Berlin"


def _template(org, kind: str = "attendance_confirmation") -> LetterTemplate:
    install_defaults(org.centre)
    return LetterTemplate.objects.get(centre=org.centre, kind=kind)


def _client(org, first: str, last: str, address: str = ADDRESS):
    client = client_create(team=org.team_a, data=ClientData(first_name=first, last_name=last))
    client.address = address
    client.save()
    return client


def _post(http, template, clients, output: str = "pdf", step: str = "create"):
    return http.post(
        reverse("letters_mass"),
        {
            "step": step,
            "template": template.pk,
            "output": output,
            "language": "",
            "clients": [c.pk for c in clients],
        },
    )


def test_the_check_step_lists_who_is_skipped_and_creates_nothing(org, as_persona) -> None:
    without = _client(org, "Olena", "Ohneadresse", address="")
    check = _post(as_persona("counsellor"), _template(org), [without], step="check")
    assert check.status_code == 200
    assert [(c.pk, r) for c, r in check.context["skipped"]] == [
        (without.pk, "keine Postanschrift erfasst")
    ]
    assert not MassLetterRun.objects.exists()


def test_a_run_writes_the_letters_and_lists_produced_and_skipped(org, as_persona) -> None:
    org.client_a.address = ADDRESS
    org.client_a.save()
    second = _client(org, "Emre", "Yılmaz")
    without = _client(org, "Olena", "Ohneadresse", address="")
    http = as_persona("counsellor")
    # client B belongs to another team: left out, never revealed as "skipped"
    created = _post(http, _template(org), [org.client_a, second, without, org.client_b])
    run = MassLetterRun.objects.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("letters_mass_run", args=[run.pk])
    assert run.state == "done" and run.done == run.total == 3 and run.produced == 2
    assert run.skipped == [
        {"client_id": without.pk, "file_number": without.file_number, "reason_code": "no_address"}
    ]
    for client in (org.client_a, second):
        assert ClientDocument.objects.filter(client=client, kind="letter").count() == 1
    assert not ClientDocument.objects.filter(client__in=[without, org.client_b]).exists()

    page = http.get(created["Location"])
    html = page.content.decode()
    assert 'role="progressbar"' in html and 'aria-valuenow="3"' in html
    assert "3 von 3 Briefen" in html
    assert "Amira Haddad" in html and "Emre Yılmaz" in html
    assert "Ohneadresse" in html and "keine Postanschrift erfasst" in html
    document = ClientDocument.objects.get(client=second)
    assert reverse("clientdoc_detail", args=[document.pk]) in html

    download = http.get(reverse("letters_mass_download", args=[run.pk]))
    assert download.content.startswith(b"%PDF")
    text = pdf_text(download.content)
    assert "Amira Haddad" in text and "Emre Yılmaz" in text and "Ohneadresse" not in text
    # kept encrypted: the stored blob is not the PDF
    with storage.storage().open(run.result_blob, "rb") as handle:
        assert not handle.read().startswith(b"%PDF")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"letter.mass_queued", "letter.mass_written", "letter.mass_downloaded"} <= actions


def test_the_zip_holds_the_word_files_and_the_skipped_list(org, as_persona) -> None:
    org.client_a.address = ADDRESS
    org.client_a.save()
    without = _client(org, "Olena", "Ohneadresse", address="")
    http = as_persona("counsellor")
    _post(http, _template(org), [org.client_a, without], output="docx")
    run = MassLetterRun.objects.get()
    download = http.get(reverse("letters_mass_download", args=[run.pk]))
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(BytesIO(download.content)) as archive:
        assert f"{org.client_a.file_number}-attendance_confirmation.docx" in archive.namelist()
        assert without.file_number in archive.read("uebersprungen.txt").decode()


def test_a_letter_that_fails_to_render_is_skipped_with_a_reason(org, monkeypatch) -> None:
    good = _client(org, "Emre", "Yılmaz")
    broken = _client(org, "Jana", "Kaputt")
    real = mass_module._write_one

    def failing(run, client):
        if client.pk == broken.pk:
            raise ValueError("template error")
        return real(run, client)

    monkeypatch.setattr(mass_module, "_write_one", failing)
    user = org.users["counsellor"]
    with acting_as(actor_for_user(user)):
        run = mass_run_create(
            user=user, template=_template(org), clients=[good, broken], output="docx"
        )
        run = mass_run_execute(run)
    assert run.state == "done" and run.produced == 1
    assert run.skipped == [
        {"client_id": broken.pk, "file_number": broken.file_number, "reason_code": "render_failed"}
    ]


def test_progress_is_saved_every_few_letters(org, monkeypatch) -> None:
    clients = [_client(org, "Person", f"Nummer{i}", address="") for i in range(3)]
    seen: list[int] = []
    real = mass_module._checkpoint

    def recording(run, done):
        real(run, done)
        seen.append(MassLetterRun.objects.get(pk=run.pk).done)

    monkeypatch.setattr(mass_module, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(mass_module, "_checkpoint", recording)
    user = org.users["counsellor"]
    run = mass_run_create(user=user, template=_template(org), clients=clients)
    write_mass_letters.call(run.pk)
    assert seen == [2, 3]
    run.refresh_from_db()
    assert run.state == "done" and run.produced == 0 and len(run.skipped) == 3
    assert not run.result_blob  # nobody got a letter: no combined file


def test_the_progress_bar_polls_while_running_and_is_no_page_alone(org, as_persona) -> None:
    user = org.users["counsellor"]
    run = mass_run_create(user=user, template=_template(org), clients=[org.client_a])
    MassLetterRun.objects.filter(pk=run.pk).update(state="running", total=40, done=12)
    http = as_persona("counsellor")
    url = reverse("letters_mass_progress", args=[run.pk])
    part = http.get(url, HTTP_HX_REQUEST="true")
    html = part.content.decode()
    assert 'hx-trigger="every 2s"' in html and "12 von 40 Briefen" in html
    assert 'aria-valuenow="12"' in html and "HX-Refresh" not in part
    assert http.get(url)["Location"] == reverse("letters_mass_run", args=[run.pk])
    MassLetterRun.objects.filter(pk=run.pk).update(state="done", done=40)
    assert http.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_a_run_is_only_its_creators(org, as_persona) -> None:
    org.client_a.address = ADDRESS
    org.client_a.save()
    _post(as_persona("counsellor"), _template(org), [org.client_a], output="docx")
    run = MassLetterRun.objects.get()
    for name in ("letters_mass_run", "letters_mass_download"):
        url = reverse(name, args=[run.pk])
        assert as_persona("counsellor").get(url).status_code == 200
        for persona in ("team_lead", "reader", "stranger"):
            assert as_persona(persona).get(url).status_code == 404, (name, persona)
        assert as_persona("admin").get(url).status_code == 403


def test_the_combined_file_is_deleted_by_hand_and_after_a_week(org, as_persona) -> None:
    org.client_a.address = ADDRESS
    org.client_a.save()
    http = as_persona("counsellor")
    template = _template(org)
    _post(http, template, [org.client_a], output="docx")
    _post(http, template, [org.client_a], output="docx")
    first, second = MassLetterRun.objects.order_by("pk")
    blob = first.result_blob
    assert http.post(reverse("letters_mass_output_delete", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.result_blob == "" and not storage.exists(blob)
    assert http.get(reverse("letters_mass_download", args=[first.pk])).status_code == 302
    assert mass_outputs_prune() == 0  # the second is younger than a week
    assert mass_outputs_prune(now=timezone.now() + timedelta(days=8)) == 1
    second.refresh_from_db()
    assert second.result_blob == "" and second.result_deleted_at is not None
    # the letters stay in the client file
    assert ClientDocument.objects.filter(client=org.client_a, kind="letter").count() == 2


def test_a_run_that_stops_is_failed_without_names_and_goes_on_when_retried(
    org, monkeypatch
) -> None:
    clients = [_client(org, "Person", f"Nummer{i}") for i in range(3)]
    real = mass_module._store_output

    def broken(*args, **kwargs):
        raise OSError("storage down")

    monkeypatch.setattr(mass_module, "_store_output", broken)
    user = org.users["counsellor"]
    with acting_as(actor_for_user(user)):
        run = mass_run_create(user=user, template=_template(org), clients=clients, output="docx")
        with pytest.raises(OSError):
            mass_run_execute(run)
    run.refresh_from_db()
    assert run.state == "failed" and run.done == 3 and run.produced == 3
    assert "3 von 3" in run.failure or "3 of 3" in run.failure
    assert "Nummer" not in run.failure
    monkeypatch.setattr(mass_module, "_store_output", real)
    with acting_as(actor_for_user(user)):
        run = mass_run_execute(run)
    assert run.state == "done" and run.result_blob
    # the letters written before the stop are not written twice
    assert ClientDocument.objects.filter(client__in=clients, kind="letter").count() == 3
    with zipfile.ZipFile(BytesIO(mass_module.mass_output(run))) as archive:
        assert len(archive.namelist()) == 3
