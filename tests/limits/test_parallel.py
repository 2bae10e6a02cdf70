"""How many workers ``jobs = "auto"`` picks, and that a failed worker's share is still checked."""

from __future__ import annotations

import os

import pytest

from vocheck import parallel
from vocheck.parallel import AUTO_THRESHOLD, Workers, auto_jobs


@pytest.mark.parametrize(
    ("resources", "processors", "load", "expected"),
    [
        (AUTO_THRESHOLD - 1, 8, 0.0, 1),  # small runs: forking costs what it saves
        (AUTO_THRESHOLD, 2, 0.1, 2),
        (AUTO_THRESHOLD, 2, 1.2, 2),  # the load of this run itself
        (AUTO_THRESHOLD, 2, 2.2, 1),  # one core busy elsewhere: workers would only compete
        (50_000, 16, 0.0, 4),
        (50_000, 16, 30.0, 1),
    ],
)
def test_auto_counts_idle_processors_of_large_runs(
    monkeypatch: pytest.MonkeyPatch, resources: int, processors: int, load: float, expected: int
) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: processors)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert auto_jobs(resources) == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers need fork")
def test_results_come_back_in_order_even_when_a_worker_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_processors", lambda: 3)
    parent = os.getpid()

    def work(index: int) -> tuple[int, bool]:
        if index == 4 and os.getpid() != parent:
            raise RuntimeError("a worker dies")  # the parent redoes this share
        return index * index, os.getpid() == parent

    results = Workers(9, 3, work).results()
    assert [value for value, _ in results] == [index * index for index in range(9)]
    assert [in_parent for _, in_parent in results] == [False] * 3 + [True] * 3 + [False] * 3
