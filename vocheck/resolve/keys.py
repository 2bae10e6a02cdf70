"""How a resolution value points back at the resource it came from."""

from __future__ import annotations

from vocheck._perf.records import record


@record(order=True)
class ResourceKey:
    """One resource of a run: its file, the document's index in it, and where in the document it sits.

    ``root`` is the resource's path in its document (``("items", 2)`` for the
    third item of a Kubernetes ``List``; empty for a whole document). A key is
    a value: it crosses process boundaries by copy and compares equal to
    another key of the same resource, so results can be grouped by it.
    """

    file: str
    document: int = 0
    root: tuple[str | int, ...] = ()
