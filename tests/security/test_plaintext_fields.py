"""No Lotse column holds text, a date or JSON in plaintext unless someone decided it may.

Every such field must be an encrypted field (``lotse.common.fields``) or be listed in
``lotse.common.plaintext.PLAINTEXT_ALLOWED`` with a reason (issue #15). A new plaintext field
fails here; so does a listed field that no longer exists, so that the list stays true.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from lotse.common.fields import EncryptedTextField
from lotse.common.plaintext import PLAINTEXT_ALLOWED

# Fields that can hold text, a date, a time or JSON. Email, slug and URL fields are CharFields,
# DateTimeField is a DateField, CountryField is a CharField: all caught by these.
PLAIN_KINDS: tuple[type[models.Field], ...] = (
    models.CharField,
    models.TextField,
    models.DateField,
    models.TimeField,
    models.DurationField,
    models.JSONField,
    models.GenericIPAddressField,
    models.FileField,
)


def lotse_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("lotse.") and m._meta.managed and not m._meta.proxy
    ]


def key(model: type[models.Model], field: models.Field) -> str:
    return f"{model._meta.label}.{field.name}"


def plaintext_fields() -> dict[str, models.Field]:
    """Every column of a Lotse model that holds text, a date or JSON without encryption."""
    found: dict[str, models.Field] = {}
    for model in lotse_models():
        # Local fields: an inherited column lives in (and is checked with) the parent's table.
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField) or not isinstance(field, PLAIN_KINDS):
                continue
            found[key(model, field)] = field
    return found


def test_the_walk_sees_every_kind_of_plain_field() -> None:
    kinds = {type(f) for f in plaintext_fields().values()}
    for expected in (
        models.CharField,
        models.TextField,
        models.DateField,
        models.DateTimeField,
        models.JSONField,
        models.EmailField,
        models.SlugField,
        models.URLField,
    ):
        assert expected in kinds, expected
    # …and none of the encrypted ones, although they are TextFields underneath.
    assert "clients.Client.first_name" not in plaintext_fields()
    assert "clients.EligibilityDecision.inputs" not in plaintext_fields()
    assert "clients.Client.birth_date" not in plaintext_fields()


def test_every_plaintext_field_is_encrypted_or_allowed_with_a_reason() -> None:
    unexplained = sorted(
        f"{name} ({type(field).__name__})"
        for name, field in plaintext_fields().items()
        if name not in PLAINTEXT_ALLOWED
    )
    assert not unexplained, (
        "These fields store text, dates or JSON in plaintext:\n  "
        + "\n  ".join(unexplained)
        + "\nIf they can hold personal data (of clients, volunteers, tandem partners), make "
        "them encrypted fields from lotse.common.fields (EncryptedCharField, "
        "EncryptedTextField, EncryptedDateField, EncryptedJSONField) with a migration that "
        "encrypts existing rows (rotate_model(..., transform=encrypt_plaintext)). Only if the "
        "database must read them, add them to lotse.common.plaintext.PLAINTEXT_ALLOWED with "
        "the reason, for the reviewer to judge (see docs/security.md)."
    )


def _field_named(name: str) -> models.Field | None:
    label, _, field_name = name.rpartition(".")
    try:
        return apps.get_model(label)._meta.get_field(field_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def test_every_allow_list_entry_names_an_existing_plaintext_field() -> None:
    plain = plaintext_fields()
    stale = []
    for name in sorted(PLAINTEXT_ALLOWED):
        if name in plain:
            continue
        field = _field_named(name)
        stale.append(
            f"{name}: "
            + ("no such field" if field is None else "is encrypted or not a text/date/JSON field")
        )
    assert not stale, (
        "Entries of lotse.common.plaintext.PLAINTEXT_ALLOWED that no longer fit; remove "
        "them:\n  " + "\n  ".join(stale)
    )


def test_every_reason_says_something() -> None:
    short = sorted(name for name, reason in PLAINTEXT_ALLOWED.items() if len(reason) < 40)
    assert not short, short
