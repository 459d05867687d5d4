"""``lotse runall`` (``make run``): web server and worker start together and stop together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lotse.jobs.runall import run_together

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_when_one_process_ends_the_others_are_stopped() -> None:
    started = time.monotonic()
    code = run_together([SLEEPER, [sys.executable, "-c", "raise SystemExit(3)"]], poll=0.05)
    assert code == 3
    assert time.monotonic() - started < 20  # the sleeper was stopped, not waited for


def test_ctrl_c_stops_every_process(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    child = (
        "import os, sys, time; "
        f"open({str(pids)!r}, 'a').write(str(os.getpid()) + '\\n'); time.sleep(60)"
    )
    script = textwrap.dedent(
        f"""
        import sys
        from lotse.jobs.runall import run_together
        child = [sys.executable, "-c", {child!r}]
        sys.exit(run_together([child, child], poll=0.05))
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])  # noqa: S603 - our own script
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if pids.exists() and len(pids.read_text().split()) == 2:
            break
        time.sleep(0.1)
    children = [int(pid) for pid in pids.read_text().split()]
    assert len(children) == 2 and all(_alive(pid) for pid in children)
    parent.send_signal(signal.SIGINT)  # what Ctrl+C sends
    assert parent.wait(30) == 0
    for pid in children:
        for _ in range(100):
            if not _alive(pid):
                break
            time.sleep(0.1)
        assert not _alive(pid), f"child {pid} still runs"


@pytest.mark.parametrize("flags", [[], ["--no-worker"], ["--scheduler"]])
def test_runall_starts_the_server_and_a_worker(flags: list[str], monkeypatch) -> None:
    from django.core.management import call_command

    started: list[list[str]] = []
    monkeypatch.setattr(
        "lotse.jobs.management.commands.runall.run_together",
        lambda commands: started.extend(commands) or 0,
    )
    call_command("runall", "127.0.0.1:8765", *flags)
    names = [command[3] for command in started]
    assert started[0][3:] == ["runserver", "127.0.0.1:8765"]
    assert ("worker" in names) == ("--no-worker" not in flags)
    assert ("scheduler" in names) == ("--scheduler" in flags)
