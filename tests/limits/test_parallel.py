"""How many processes ``jobs = "auto"`` picks, how they share the work, and that a failed worker's part is still done."""

from __future__ import annotations

import io
import os
import signal
import time
from collections.abc import Callable

import pytest

from vocheck._perf import workers as parallel
from vocheck._perf.workers import (
    AUTO_THRESHOLD_BYTES,
    AUTO_THRESHOLD_RESOLVING,
    Workers,
    auto_jobs_for_reading,
    auto_jobs_for_resolving,
)


@pytest.mark.parametrize(
    ("inputs", "processors", "others", "expected"),
    [
        (AUTO_THRESHOLD_RESOLVING - 1, 8, 0, 1),  # small runs: forking costs what it saves
        (AUTO_THRESHOLD_RESOLVING, 2, 0, 2),
        (AUTO_THRESHOLD_RESOLVING, 2, 1, 1),  # one core busy elsewhere: the run leaves it alone
        (50_000, 16, 0, 4),
        (50_000, 16, 29, 1),
    ],
)
def test_auto_counts_idle_processors_of_large_runs(
    monkeypatch: pytest.MonkeyPatch, inputs: int, processors: int, others: int, expected: int
) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: processors)
    monkeypatch.setattr(parallel, "_others_running", lambda: others)
    assert auto_jobs_for_resolving(inputs) == expected


@pytest.mark.parametrize(
    ("proc_loadavg", "load_average", "expected"),
    [
        ("2.83 2.11 1.37 1/78 22771\n", 2.83, 0.0),  # a busy past minute, but only this run runs now
        ("0.10 0.20 0.30 3/78 22771\n", 0.1, 0.0),  # two passing processes on an idle machine
        ("3.10 2.20 1.30 3/78 22771\n", 3.1, 2.0),  # busy now and in the past minute
        (None, 2.5, 1.5),  # no /proc: the load average, less this run
        (None, 0.4, 0.0),
    ],
)
def test_other_work_is_what_runs_now(
    monkeypatch: pytest.MonkeyPatch, proc_loadavg: str | None, load_average: float, expected: float
) -> None:
    def fake_open(path: str, encoding: str) -> io.StringIO:
        assert path == "/proc/loadavg"
        if proc_loadavg is None:
            raise FileNotFoundError(path)
        return io.StringIO(proc_loadavg)

    monkeypatch.setattr(parallel, "open", fake_open, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load_average, load_average, load_average))
    assert parallel._others_running() == expected


def _square_unless_a_worker(parent: int) -> Callable[[int], tuple[int, bool]]:
    def work(index: int) -> tuple[int, bool]:
        if index == 4 and os.getpid() != parent:
            raise RuntimeError("a worker dies")  # the parent redoes what this worker took
        return index * index, os.getpid() == parent

    return work


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers need fork")
def test_results_come_back_in_order_even_when_a_worker_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: 3)
    workers = Workers(40, 3, _square_unless_a_worker(os.getpid()))
    time.sleep(0.3)  # the parent is busy elsewhere: the workers take the chunks
    results = workers.results()
    assert [value for value, _ in results] == [index * index for index in range(40)]
    in_parent = [index for index, (_, parent) in enumerate(results) if parent]
    assert 4 in in_parent  # the failed worker's chunk, redone
    assert len(in_parent) < 40  # the other worker's results came back


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers need fork")
def test_the_parent_takes_the_chunks_left_when_it_is_free(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: 2)
    parent = os.getpid()

    def work(index: int) -> tuple[int, bool]:
        if os.getpid() != parent:
            time.sleep(0.01)  # a slow worker: the parent, free at once, should do most
        return index, os.getpid() == parent

    results = Workers(200, 2, work).results()
    assert [value for value, _ in results] == list(range(200))
    assert sum(parent for _, parent in results) > 100


@pytest.mark.parametrize("count", [0, 1, 5])
def test_fewer_items_than_processes(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: 4)
    assert Workers(count, 4, lambda index: index + 1).results() == list(range(1, count + 1))


@pytest.mark.parametrize(
    ("size", "others", "expected"),
    [
        (AUTO_THRESHOLD_BYTES - 1, 0, 1),  # little to read: unpickling it costs what sharing saves
        (AUTO_THRESHOLD_BYTES, 0, 2),
        (AUTO_THRESHOLD_BYTES, 1, 1),
    ],
)
def test_auto_reads_in_workers_only_when_there_is_much_to_read(
    monkeypatch: pytest.MonkeyPatch, size: int, others: int, expected: int
) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: 2)
    monkeypatch.setattr(parallel, "_others_running", lambda: others)
    assert auto_jobs_for_reading(size) == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers need fork")
def test_shared_objects_come_back_as_the_parents_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: 2)
    shared = [{"name": f"resource-{index}"} for index in range(20)]
    parent = os.getpid()

    def work(index: int) -> tuple[dict[str, str], dict[str, str], bool]:
        if os.getpid() == parent:
            time.sleep(0.05)  # leave most of the work to the worker
        return shared[index], {"copy": shared[index]["name"]}, os.getpid() == parent

    results = Workers(20, 2, work, shared).results()
    assert not all(in_parent for _, _, in_parent in results)
    assert all(item is shared[index] for index, (item, _, _) in enumerate(results))
    assert [copy["copy"] for _, copy, _ in results] == [item["name"] for item in shared]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open descriptors in /proc")
def test_an_error_in_the_parent_leaves_no_worker_or_pipe_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: 3)
    parent = os.getpid()
    descriptors = len(os.listdir("/proc/self/fd"))

    def work(index: int) -> int:
        if os.getpid() == parent:
            raise RuntimeError("the parent's share fails")
        time.sleep(10)  # workers still busy when the parent gives up
        return index

    with pytest.raises(RuntimeError):
        Workers(30, 3, work).results()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left, running or unreaped
    assert len(os.listdir("/proc/self/fd")) == descriptors


def test_when_no_process_can_be_forked_the_parent_does_it_all(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "_processors", lambda: 4)
    monkeypatch.setattr(os, "fork", refuse)
    assert Workers(50, 4, lambda index: index * 2).results() == [index * 2 for index in range(50)]


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs an alarm to stop a hang")
def test_thousands_of_processes_do_not_block_on_the_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("blocked writing the queue")

    monkeypatch.setattr(parallel, "_processors", lambda: 5000)
    monkeypatch.setattr(os, "fork", refuse)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        # 5,000 processes would want 80,000 chunks: 320 KB of queue, more than a pipe holds.
        results = Workers(100_000, 5000, lambda index: index).results()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert results[-3:] == [99_997, 99_998, 99_999]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers need fork")
def test_a_worker_shares_nothing_out_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: 2)
    parent = os.getpid()

    def nested(index: int) -> tuple[bool, int]:
        inner = Workers(4, 2, lambda item: os.getpid()).results()
        if os.getpid() == parent:
            time.sleep(0.2)  # leave the outer work to the worker
        return os.getpid() == parent, len(set(inner))

    results = Workers(6, 2, nested).results()
    assert any(not in_parent for in_parent, _ in results)
    # In the worker the inner work stays in that one process.
    assert all(processes == 1 for in_parent, processes in results if not in_parent)


@pytest.mark.parametrize("processes", [1, 2])
def test_progress_counts_up_to_every_item(monkeypatch: pytest.MonkeyPatch, processes: int) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: processes)
    told: list[int] = []
    results = Workers(64, processes, lambda index: index).results(told.append)
    assert results == list(range(64))
    assert told and told == sorted(told) and told[-1] == 64
