from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.clientdocs.models import ClientDocument


@pytest.fixture
def doc_dir(settings, tmp_path: Path) -> Path:
    """The clientdocs storage in a directory of this test only."""
    location = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "clientdocs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "file_permissions_mode": 0o600},
        },
    }
    return location


def stored_files(location: Path) -> list[Path]:
    return sorted(p for p in location.rglob("*") if p.is_file()) if location.exists() else []


def upload_url(org) -> str:
    return reverse("clientdoc_upload", kwargs={"client_id": org.client_a.pk})


def multipart(files: list[tuple[str, bytes]], **fields: str) -> tuple[bytes, str]:
    """A multipart body with the file names exactly as given (the test client would strip
    path parts itself)."""
    boundary = "lotseBoundary7MA4YWxk"
    parts: list[bytes] = []
    for key, value in {"kind": "decision", **fields}.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_files(http, org, files: list[tuple[str, bytes]], **fields: str):
    body, content_type = multipart(files, **fields)
    return http.generic("POST", upload_url(org), body, content_type=content_type)


def nothing_stored(org, location: Path) -> bool:
    return not ClientDocument.objects.filter(client=org.client_a).exists() and not stored_files(
        location
    )


def actions(org) -> list[str]:
    return list(
        AuditEntry.objects.filter(client_id=org.client_a.pk)
        .order_by("at", "chain", "seq")
        .values_list("action", flat=True)
    )
