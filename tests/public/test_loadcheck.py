"""The load check only ever targets this machine (issue #9 §6)."""

from __future__ import annotations

import pytest

from lotse.public.loadcheck import RefusedTarget, loopback_target, main, percentile


@pytest.mark.parametrize(
    ("url", "host", "port"),
    [
        ("http://127.0.0.1:8015", "127.0.0.1", 8015),
        ("http://localhost:8015/", "localhost", 8015),
        ("http://[::1]:8016", "::1", 8016),
        ("http://127.0.0.2", "127.0.0.2", 80),
    ],
)
def test_loopback_targets_are_accepted(url: str, host: str, port: int) -> None:
    target = loopback_target(url)
    assert (target.host, target.port) == (host, port)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1:8015",
        "http://192.168.1.10",
        "http://example.org",
        "http://8.8.8.8",
        "http://localhost.example.org",
        "ftp://127.0.0.1",
        "127.0.0.1:8015",
    ],
)
def test_everything_else_is_refused(url: str) -> None:
    with pytest.raises(RefusedTarget):
        loopback_target(url)


def test_the_command_refuses_before_sending_anything(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--url", "http://203.0.113.5:80", "--seconds", "1"])
    assert exit_info.value.code == 2
    assert "Only loopback" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--url", "http://127.0.0.1:1", "--seconds", "9999"])


def test_percentile() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99)) == (
        51.0,
        95.0,
        99.0,
    )
    assert percentile([], 0.5) == 0.0
