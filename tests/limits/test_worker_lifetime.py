"""Workers end with their parent: a killed vocheck leaves no process behind, holding memory and processors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

POLICY = """type: VirtualOutbound
mesh: default
name: web-{number}
selectors:
  - match: {{kuma.io/service: "svc-{number}"}}
conf:
  host: "{{{{.service}}}}.{number}.mesh"
  port: "80"
  parameters:
    - {{name: service, tagKey: kuma.io/service}}
---
"""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stream:
                    fields = stream.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running, not merely a zombie that nothing has reaped yet (a container's init may never reap)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# The portable way: with the kernel's help switched off, the worker notices it is orphaned before its next chunk.
WITHOUT_KERNEL_HELP = "import sys; sys.platform = 'elsewhere'; from vocheck.cli import console; console()"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
@pytest.mark.parametrize(
    ("how", "start"),
    [(signal.SIGKILL, ["-m", "vocheck"]), (signal.SIGTERM, ["-m", "vocheck"]), (signal.SIGKILL, ["-c", WITHOUT_KERNEL_HELP])],
    ids=["SIGKILL", "SIGTERM", "SIGKILL, portable check"],
)
def test_workers_end_within_a_second_of_their_parent(tmp_path: Path, how: signal.Signals, start: list[str]) -> None:
    for file in range(300):
        text = "".join(POLICY.format(number=file * 40 + number) for number in range(40))
        (tmp_path / f"policies-{file:03}.yaml").write_text(text, encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, *start, "check", "--isolated", "--jobs", "2", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        workers: set[int] = set()
        while not workers and parent.poll() is None and time.monotonic() < deadline:
            workers = _children(parent.pid)
            time.sleep(0.02)
        if not workers:
            pytest.skip("the run forked no worker (a single processor?)")
        time.sleep(0.2)  # the worker is busy with its share
        parent.send_signal(how)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 1.0
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.02)
        survivors = [pid for pid in workers if _alive(pid)]
        for pid in survivors:
            os.kill(pid, signal.SIGKILL)
        assert survivors == []
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
