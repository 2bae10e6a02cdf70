"""Work shared among forked processes, for large runs: reading and checking files, resolving meshes.

The workers are forked from the parent, so they inherit what it holds (the
plan, and for the resolution every resource) without any pickling, and send
back only their results. The work is cut into chunks that the workers,
and the parent once its own work is done, take one at a time from a
common queue: whoever is free takes the next, so no process idles while
another has a backlog. The parent puts the results back in input order,
so a run's output is the one a serial run gives, byte for byte. Where
``fork`` does not exist, the work runs in the parent.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, cast

Result = TypeVar("Result")

# Measured on two cores (median wall time, one process against two). Reading,
# parsing, decoding and checking files in workers gains about 6% from 30 KB of
# input (100 one-policy files) and 20% from 250 KB; below, the parent spends on
# unpickling what they read about what sharing saves.
AUTO_THRESHOLD_BYTES = 32 * 1024
# Resolving meshes in parallel gained 3% at 3,000 policies and dataplanes in three
# meshes, 5% at 6,000 and 10% at 10,000, and nothing at 1,200.
AUTO_THRESHOLD_RESOLVING = 2_000
AUTO_MAX_JOBS = 4
# Enough chunks that the last one taken is a small part of the work, few enough
# that taking one costs nothing next to checking it.
_CHUNKS_PER_JOB = 16
_TOKEN = 4  # bytes per chunk number in the queue pipe; reads this small are atomic
# The queue is written whole before any worker reads it, so it must fit the smallest
# buffer a pipe can have (one 4 KiB page, where the system is short of pipe memory).
_MAX_CHUNKS = 4096 // _TOKEN
_in_worker = False  # set in forked workers


def auto_jobs_for_reading(size: int) -> int:
    """How many processes ``jobs = "auto"`` uses to read and check ``size`` bytes of input."""
    return 1 if size < AUTO_THRESHOLD_BYTES else _idle_processors()


def auto_jobs_for_resolving(inputs: int) -> int:
    """How many processes ``jobs = "auto"`` uses to resolve the meshes of ``inputs`` policies and dataplanes."""
    return 1 if inputs < AUTO_THRESHOLD_RESOLVING else _idle_processors()


def _idle_processors() -> int:
    """One per processor, at most AUTO_MAX_JOBS, less those other processes are running on.

    On busy processors more processes still gain, but only by taking time
    from that other work.
    """
    if not hasattr(os, "fork"):
        return 1
    processors = _processors()
    return max(1, min(AUTO_MAX_JOBS, processors, round(processors - _others_running())))


def _others_running() -> float:
    """How many processors other work keeps busy, besides this run."""
    # The load average counts this run as one busy processor, and also what ran in the last
    # minute, such as the previous step of a CI job: alone it would leave processors idle
    # that are free again.
    average = max(0.0, os.getloadavg()[0] - 1) if hasattr(os, "getloadavg") else 0.0
    try:
        # Linux: the processes running right now, this one included. One sample alone would
        # take a passing process for lasting work, so the lower of the two counts.
        with open("/proc/loadavg", encoding="ascii") as stream:
            running = int(stream.read().split()[3].split("/")[0]) - 1
    except (OSError, ValueError, IndexError):
        return average
    return max(0.0, min(float(running), average))


def _processors() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Workers(Generic[Result]):
    """``work(index)`` for every index below ``count``, shared among ``jobs`` processes.

    The parent is one of them: create this (``jobs - 1`` workers start at
    once), do other work in the parent meanwhile, then call ``results()``,
    where the parent takes whatever chunks are left. Results that refer to
    any of the ``shared`` objects (which every process holds since the fork)
    refer to the parent's own objects once back, and cost nothing to send.
    """

    def __init__(
        self, count: int, jobs: int, work: Callable[[int], Result], shared: Sequence[object] = ()
    ) -> None:
        self._count = count
        self._work = work
        self._shared = shared
        self._indexes: dict[int, int] | None = None
        self._children: list[tuple[int, int]] = []
        self._reaped: set[int] = set()
        self._queue: int | None = None
        # More processes than processors gain nothing; a config asking for thousands must not fork them.
        # A worker shares nothing out again, so a run never has more processes than it was given.
        jobs = 1 if _in_worker else max(1, min(jobs, count, _processors()))
        size = max(1, -(-count // min(jobs * _CHUNKS_PER_JOB, _MAX_CHUNKS)))
        self._chunks = [range(start, min(start + size, count)) for start in range(0, count, size)]
        if jobs > 1 and hasattr(os, "fork") and self._open_queue():
            for _ in range(jobs - 1):
                if not self._fork():
                    break  # no more processes to be had: the parent takes their share

    def _open_queue(self) -> bool:
        try:
            reader, writer = os.pipe()
        except OSError:  # out of file descriptors: one process does it all
            return False
        # Every chunk number is in the pipe before anyone reads (see _MAX_CHUNKS).
        os.write(writer, b"".join(number.to_bytes(_TOKEN, "little") for number in range(len(self._chunks))))
        os.close(writer)  # with no writer left, an empty queue reads as the end
        self._queue = reader
        return True

    def _taken(self) -> Iterator[int]:
        """Chunk numbers taken from the queue until it is empty."""
        assert self._queue is not None
        while True:
            token = os.read(self._queue, _TOKEN)
            if len(token) < _TOKEN:
                return
            yield int.from_bytes(token, "little")

    def _while_alive(self, parent: int) -> Iterator[int]:
        """Chunk numbers taken from the queue, until it is empty or the parent has gone."""
        for number in self._taken():
            if os.getppid() != parent:  # orphaned: nobody will read the results
                os._exit(1)
            yield number

    def _compute(self, number: int) -> list[Result]:
        return [self._work(index) for index in self._chunks[number]]

    def _fork(self) -> bool:
        try:
            reader, writer = os.pipe()
        except OSError:  # out of file descriptors: the parent takes this share
            return False
        # What a check printed must not be printed again by the worker, or lost.
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        # Imported before the fork, so that no worker imports it again; only a shared run sends results.
        from vocheck._perf.sharing import pickled

        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return False
        if pid == 0:  # the worker: compute, send, and leave without running the parent's exit code
            global _in_worker
            _in_worker = True
            os.close(reader)
            _end_with(parent)
            status = 0
            try:
                # Each chunk is pickled as soon as it is computed: the pickling slows this
                # worker down, so it takes fewer chunks and the parent, which must unpickle, more.
                done = {number: self._pickled(self._compute(number)) for number in self._while_alive(parent)}
                payload = pickled(done, {})
                with os.fdopen(writer, "wb") as stream:
                    stream.write(payload)
            except BaseException:  # the parent redoes what this worker took
                status = 1
            os._exit(status)
        os.close(writer)
        self._children.append((pid, reader))
        return True

    def results(self, progress: Callable[[int], None] | None = None) -> list[Result]:
        """Every result, in index order; what a failed worker took is computed here.

        ``progress`` is told, now and then, how many items are done or being done.
        """
        report = progress or _ignore
        if self._queue is None:
            alone: list[Result] = []
            for index in range(self._count):
                alone.append(self._work(index))
                report(index + 1)
            return alone
        from vocheck._perf.sharing import unpickled

        try:
            done: dict[int, list[Result]] = {}
            for number in self._taken():
                done[number] = self._compute(number)
                report(self._started())
            for pid, reader in self._children:
                with os.fdopen(reader, "rb", closefd=False) as stream:
                    payload = stream.read()
                _, status = os.waitpid(pid, 0)
                self._reaped.add(pid)
                if os.waitstatus_to_exitcode(status) == 0:
                    try:
                        sent = cast(dict[int, bytes], unpickled(payload, ()))
                        done.update((number, self._unpickled(chunk)) for number, chunk in sent.items())
                    except Exception:
                        pass  # recomputed below
            # The workers may have taken every chunk before the parent took one; say the end all the same.
            report(self._count)
        finally:
            self._end()
        collected: list[Result] = []
        for number, chunk in enumerate(self._chunks):
            results = done.get(number)
            if results is None or len(results) != len(chunk):
                results = self._compute(number)
            collected.extend(results)
        return collected

    def _started(self) -> int:
        """How many items are in the chunks any process has taken so far (done or under way)."""
        assert self._queue is not None
        try:
            import fcntl
            import termios

            queued = int.from_bytes(fcntl.ioctl(self._queue, termios.FIONREAD, bytes(4)), sys.byteorder)
        except (ImportError, OSError):
            return 0  # the queue cannot be measured here: say nothing rather than something wrong
        taken = len(self._chunks) - queued // _TOKEN
        return self._count if taken >= len(self._chunks) else self._chunks[taken].start

    def _end(self) -> None:
        """Close every pipe, and stop and reap any worker still running (after an error here)."""
        import signal  # only runs that fork need it: a serial run does not import it

        assert self._queue is not None
        os.close(self._queue)
        for pid, reader in self._children:
            os.close(reader)
            if pid not in self._reaped:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        self._children = []
        self._queue = None

    def _pickled(self, results: list[Result]) -> bytes:
        from vocheck._perf.sharing import pickled

        if self._indexes is None:
            self._indexes = {id(item): index for index, item in enumerate(self._shared)}
        return pickled(results, self._indexes)

    def _unpickled(self, data: bytes) -> list[Result]:
        from vocheck._perf.sharing import unpickled

        return cast(list[Result], unpickled(data, self._shared))


def _end_with(parent: int) -> None:
    """Make this worker end as soon as its parent does, however the parent ends.

    A parent killed by SIGKILL or SIGTERM runs no clean-up code, and a worker
    would go on for the rest of its share (tens of seconds, hundreds of MB).
    On Linux the kernel kills the worker when the parent dies; elsewhere
    the worker looks for its parent before each chunk.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            set_parent_death_signal = 1  # PR_SET_PDEATHSIG
            ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the check before each chunk still ends it
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _ignore(done: int) -> None:
    pass
