"""Run the installed command under a memory limit and a time limit, and measure what it took.

A regression in a bound then fails a test (the process runs out of address
space, or the test's timeout expires) instead of swapping the machine.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Address space, not resident memory: Python and its libraries reserve more than they touch.
ADDRESS_SPACE = 1024 * 1024 * 1024
# Generous: the machine running the tests may be shared. The rlimit is what catches a blow-up.
TIMEOUT = 60.0


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    wall: float
    peak_rss_mb: float


def command() -> list[str]:
    installed = shutil.which("vocheck", path=os.path.dirname(sys.executable))
    return [installed] if installed else [sys.executable, "-m", "vocheck"]


def run_bounded(arguments: list[str], cwd: Path, address_space: int = ADDRESS_SPACE, timeout: float = TIMEOUT) -> Outcome:
    """``vocheck ARGUMENTS`` in ``cwd``; peak RSS is the largest of the process and its workers."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [*command(), *arguments], cwd=cwd, stdout=out, stderr=err, preexec_fn=limit,
            env={**os.environ, "NO_COLOR": "1"},
        )
        # os.wait4 gives this child's own usage (and its workers'), not the largest child's ever.
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                raise subprocess.TimeoutExpired(arguments, timeout)
            time.sleep(0.01)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(
            process.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
            wall, usage.ru_maxrss / 1024,
        )


def report(name: str, outcome: Outcome) -> None:
    """One line per measured run, shown with ``pytest -s`` (for the figures in the README)."""
    print(f"\n[measured] {name}: wall {outcome.wall:.2f} s, peak RSS {outcome.peak_rss_mb:.0f} MB, exit {outcome.returncode}")
