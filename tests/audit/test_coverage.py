"""No Lotse model may hold data without saying whether its changes are audited."""

from __future__ import annotations

from django.db import models
from django.test.utils import isolate_apps

from lotse.common.auditing import audited, lotse_models, not_audited, unclassified_models


def test_every_lotse_model_is_audited_or_explicitly_opted_out() -> None:
    missing = unclassified_models(lotse_models())
    assert not missing, (
        "Mark these models with @audited or @not_audited('reason') "
        f"(lotse/audit/registry.py): {missing}"
    )


def test_lotse_models_are_found() -> None:
    labels = {m._meta.label for m in lotse_models()}
    assert {"clients.Client", "accounts.User", "audit.AuditEntry"} <= labels


@isolate_apps("lotse.clients")
def test_an_unmarked_model_is_reported() -> None:
    class Unmarked(models.Model):
        note = models.TextField()

        class Meta:
            app_label = "clients"

    @audited
    class Marked(models.Model):
        class Meta:
            app_label = "clients"

    @not_audited("test")
    class OptedOut(models.Model):
        class Meta:
            app_label = "clients"

    assert unclassified_models([Unmarked, Marked, OptedOut]) == ["clients.Unmarked"]


def test_opting_out_needs_a_reason() -> None:
    import pytest

    with pytest.raises(ValueError, match="reason"):
        not_audited("  ")
