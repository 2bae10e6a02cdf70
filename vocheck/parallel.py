"""Per-resource checks in forked worker processes, for large runs.

The parent has read every file already (whole-set checks need every
resource), so the workers are forked from it: they inherit the resources
and the plan without any pickling, run the per-resource checks of their
share, and send back only the diagnostics. The parent puts them back in
input order, so the report is the one a serial run gives, byte for byte.
Where ``fork`` does not exist, the work runs in the parent.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

Result = TypeVar("Result")

# Measured with tests/bench/run.py on two cores: from about 1,000 resources on, two
# workers cut the wall time by 10% (20,000 Dataplanes, where whole-set checks dominate)
# to 30% (1,700 to 5,000 policies); below, forking costs what it saves. On cores busy
# with other work they gained nothing, or lost, so auto counts only the idle ones.
AUTO_THRESHOLD = 1_000
AUTO_MAX_JOBS = 4


def auto_jobs(resources: int) -> int:
    """How many worker processes ``jobs = "auto"`` uses: one per idle processor for large runs."""
    if resources < AUTO_THRESHOLD or not hasattr(os, "fork"):
        return 1
    processors = _processors()
    # The load average counts this very run as one busy processor; the rest is other work.
    others = max(0.0, os.getloadavg()[0] - 1) if hasattr(os, "getloadavg") else 0.0
    return max(1, min(AUTO_MAX_JOBS, processors, round(processors - others)))


def _processors() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Workers(Generic[Result]):
    """``work(index)`` for every index below ``count``, shared among forked workers.

    Create it, do other work in the parent meanwhile, then call ``results()``.
    """

    def __init__(self, count: int, jobs: int, work: Callable[[int], Result]) -> None:
        self._count = count
        self._work = work
        self._children: list[tuple[int, int, range]] = []
        # More workers than processors gain nothing; a config asking for thousands must not fork them.
        jobs = min(jobs, count, _processors())
        if jobs > 1 and hasattr(os, "fork"):
            size = -(-count // jobs)
            for start in range(0, count, size):
                self._fork(range(start, min(start + size, count)))

    def _fork(self, share: range) -> None:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: compute, send, and leave without running the parent's exit code
            os.close(reader)
            status = 0
            try:
                payload = pickle.dumps([self._work(index) for index in share], protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writer, "wb") as stream:
                    stream.write(payload)
            except BaseException:  # the parent redoes this share itself
                status = 1
            os._exit(status)
        os.close(writer)
        self._children.append((pid, reader, share))

    def results(self) -> list[Result]:
        """Every result, in index order; a share whose worker failed is computed here."""
        if not self._children:
            return [self._work(index) for index in range(self._count)]
        collected: list[Result] = []
        for pid, reader, share in self._children:
            with os.fdopen(reader, "rb") as stream:
                payload = stream.read()
            _, status = os.waitpid(pid, 0)
            results: list[Result] | None = None
            if os.waitstatus_to_exitcode(status) == 0:
                try:
                    results = pickle.loads(payload)
                except Exception:
                    results = None
            if results is None or len(results) != len(share):
                results = [self._work(index) for index in share]
            collected.extend(results)
        return collected
