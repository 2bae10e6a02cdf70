"""What a run changes in the persisted VIP view, as Kuma logs it (``mesh VIPs changed``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from vocheck._perf.records import record
from vocheck.resolve.entries import Entry, EntryKey
from vocheck.resolve.previous import PersistedEntry

ADD = "Add"
REMOVE = "Remove"
MODIFY = "Modify"


@record
class Change:
    """``Add``, ``Remove`` or ``Modify`` of one entry; ``str()`` is Kuma's log text."""

    type: str
    entry: EntryKey

    def __str__(self) -> str:
        return f"{self.type} {self.entry}"


def outbound_string(origin: str, port: int, tags: Mapping[str, str]) -> str:
    """Kuma's ``OutboundEntry.String()``: ``<origin>=<port>{k=v,...}`` with sorted pairs."""
    pairs = ",".join(sorted(f"{key}={value}" for key, value in tags.items()))
    return f"{origin}={port}{{{pairs}}}"


def _same(old: PersistedEntry, new: Entry) -> bool:
    if old.address != new.address or len(old.outbounds) != len(new.outbounds):
        return False
    return all(
        outbound_string(before.origin, before.port, before.tags)
        == outbound_string(after.origin, after.port, after.tags)
        for before, after in zip(old.outbounds, new.outbounds)
    )


def view_changes(
    old: Mapping[EntryKey, PersistedEntry], new: Iterable[Entry]
) -> tuple[Change, ...]:
    """Changes from the persisted view to the new one, sorted by entry text as Kuma sorts them."""
    current: Sequence[Entry] = list(new)
    names = {entry.key for entry in current}
    changes = [Change(REMOVE, key) for key in old if key not in names]
    for entry in current:
        before = old.get(entry.key)
        if before is None:
            changes.append(Change(ADD, entry.key))
        elif not _same(before, entry):
            changes.append(Change(MODIFY, entry.key))
    return tuple(sorted(changes, key=lambda change: str(change.entry)))
