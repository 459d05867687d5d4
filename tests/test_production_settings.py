"""Production refuses to start without its secrets and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LOTSE = str(Path(sys.executable).with_name("lotse"))
PRODUCTION_ENV = {
    "LOTSE_SECRET_KEY": "p" * 64 + "-Zq8#x",
    "LOTSE_ENCRYPTION_KEYS": "k1:" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=",
    "LOTSE_BLIND_INDEX_KEY": "YmxpbmQtaW5kZXgta2V5LWZvci1wcm9kdWN0aW9uLXRlc3Q=",
    "LOTSE_AUDIT_KEYS": "a1:cHJvZC1hdWRpdC1rZXktZm9yLXNldHRpbmdzLXRlc3Q=",
    "LOTSE_ALLOWED_HOSTS": "lotse.example.org",
}


def _run(args: list[str], extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LOTSE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(extra, DJANGO_SETTINGS_MODULE="lotse.settings", LOTSE_VAR_DIR=str(tmp_path))
    return subprocess.run(  # noqa: S603 - fixed arguments, our own command
        [LOTSE, *args], env=env, capture_output=True, text=True, cwd=tmp_path, timeout=120
    )


def test_missing_keys_refuse_to_start_with_a_clear_message(tmp_path: Path) -> None:
    result = _run(["check"], {}, tmp_path)
    assert result.returncode != 0
    for name in (
        "LOTSE_SECRET_KEY",
        "LOTSE_ENCRYPTION_KEYS",
        "LOTSE_BLIND_INDEX_KEY",
        "LOTSE_AUDIT_KEYS",
    ):
        assert name in result.stderr
    assert "refuses to start" in result.stderr


def test_one_missing_key_is_named(tmp_path: Path) -> None:
    env = dict(PRODUCTION_ENV)
    del env["LOTSE_ENCRYPTION_KEYS"]
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0 and "LOTSE_ENCRYPTION_KEYS" in result.stderr
    assert "LOTSE_SECRET_KEY" not in result.stderr.split("variables:")[1].split(".")[0]


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_generate_keys_works_before_any_key_exists(tmp_path: Path) -> None:
    env_file = tmp_path / "lotse.env"
    result = _run(["generate_keys", "--env-file", str(env_file)], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    content = env_file.read_text()
    assert "LOTSE_ENCRYPTION_KEYS=" in content and "LOTSE_BLIND_INDEX_KEY=" in content
    assert "LOTSE_AUDIT_KEYS=" in content
    assert oct(env_file.stat().st_mode & 0o777) == "0o600"


def test_a_missing_audit_key_is_named(tmp_path: Path) -> None:
    env = dict(PRODUCTION_ENV)
    del env["LOTSE_AUDIT_KEYS"]
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert result.stderr.split("variables:")[1].split(".")[0].strip() == "LOTSE_AUDIT_KEYS"


def test_a_broken_audit_key_stops_the_check(tmp_path: Path) -> None:
    env = dict(PRODUCTION_ENV, LOTSE_AUDIT_KEYS="a1:c2hvcnQ=")
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "audit.E001" in result.stderr and "at least 32" in result.stderr


def test_generated_keys_start_a_production_installation(tmp_path: Path) -> None:
    """The keys `generate_keys` writes are accepted, the audit key among them."""
    env_file = tmp_path / "lotse.env"
    assert _run(["generate_keys", "--env-file", str(env_file)], {}, tmp_path).returncode == 0
    keys = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    env = {**keys, "LOTSE_ALLOWED_HOSTS": "lotse.example.org"}
    result = _run(["check"], env, tmp_path)
    assert result.returncode == 0, result.stderr
