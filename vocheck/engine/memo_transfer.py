"""The context's cache across processes: what a worker computed while reading, adopted by the parent.

This is the part of the parallel seam that knows how ``Context.memo`` stores
its values, so that the context itself stays what a check sees: settings and
a cache, nothing about workers. The cache only grows, in the order values are
computed, so what a body computed is the tail of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from vocheck.context import Context

MemoEntry = tuple[str, object, Any]
"""A name, the object it was computed for, and the value."""


@contextmanager
def computed_in(context: Context) -> Iterator[list[MemoEntry]]:
    """The memo entries the body computes, in the order it computed them, for a worker to send back."""
    memo = context._memo
    start = len(memo)
    entries: list[MemoEntry] = []
    try:
        yield entries
    finally:
        # Walked from the end: a worker's cache holds every file it read, the body only one file's.
        tail = list(islice(reversed(memo.items()), len(memo) - start))
        tail.reverse()
        entries.extend((name, owner, value) for (name, _), (value, owner) in tail)


def adopt(context: Context, entries: Iterable[MemoEntry]) -> None:
    """Take memo entries computed by a worker process as if computed here."""
    for name, owner, value in entries:
        context._memo.setdefault((name, id(owner)), (value, owner))
