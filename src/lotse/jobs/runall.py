"""Run several long-lived commands side by side and stop them together (``lotse runall``)."""

from __future__ import annotations

import signal
import subprocess  # nosec B404
import time
from collections.abc import Sequence
from types import FrameType

GRACE_SECONDS = 10.0


def run_together(commands: Sequence[Sequence[str]], *, poll: float = 0.2) -> int:
    """Start every command; when one ends, or on Ctrl+C / SIGTERM, stop the others.

    The exit code is that of the first command that ended by itself (0 after Ctrl+C). Each
    child is asked to stop with SIGINT (the worker finishes its running task first), then
    killed after ``GRACE_SECONDS``.
    """
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    processes: list[subprocess.Popen[bytes]] = []
    for command in commands:
        # Our own commands (sys.executable -m lotse ...), no shell.
        processes.append(subprocess.Popen(list(command)))  # noqa: S603  # nosec B603
    code = 0
    try:
        while not stopping:
            ended = [p for p in processes if p.poll() is not None]
            if ended:
                code = ended[0].returncode
                break
            time.sleep(poll)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + GRACE_SECONDS
        for process in processes:
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return code
