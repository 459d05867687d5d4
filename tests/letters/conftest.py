from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def letter_storages(settings, tmp_path: Path) -> Path:
    """The clientdocs and letter-template storages in directories of this test only."""
    settings.STORAGES = {
        **settings.STORAGES,
        "clientdocs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
        "letters": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "letters")},
        },
    }
    return tmp_path
