"""One mesh's view before VIP allocation: its entries, and what got lost on the way."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from vocheck._perf.records import record
from vocheck.resolve.entries import EntryKey, Outbound
from vocheck.resolve.events import BudgetExhaustion, Conflict, Failure, UnusedPolicy
from vocheck.resolve.generation import EntryState


@record
class MeshView:
    """The entries of one mesh before VIP allocation (only IP-named hosts have an address)."""

    mesh: str
    entries: ViewEntries
    conflicts: tuple[Conflict, ...]
    failures: tuple[Failure, ...]
    unused: tuple[UnusedPolicy, ...]
    exhausted: tuple[BudgetExhaustion, ...] = ()


class ViewEntries(Mapping[EntryKey, tuple[str, tuple[Outbound, ...]]]):
    """Each entry's preset address and outbounds; outbounds are built when first looked up.

    Checks read only a few entries of a large mesh, the preview all of them.
    """

    __slots__ = ("_states", "_built")

    def __init__(self, states: Mapping[EntryKey, EntryState]) -> None:
        self._states = states
        self._built: dict[EntryKey, tuple[str, tuple[Outbound, ...]]] = {}

    def __getitem__(self, key: EntryKey) -> tuple[str, tuple[Outbound, ...]]:
        built = self._built.get(key)
        if built is None:
            state = self._states[key]
            outbounds = tuple(
                Outbound(slot.outbound_port, slot.tags, slot.origin, slot.source, slot.contributions)
                for _, slot in sorted(state.slots.items())
            )
            built = self._built[key] = (state.address, outbounds)
        return built

    def __contains__(self, key: object) -> bool:
        return key in self._states

    def __iter__(self) -> Iterator[EntryKey]:
        return iter(self._states)

    def __len__(self) -> int:
        return len(self._states)

    def addresses(self) -> dict[EntryKey, str]:
        """Every entry's preset address ("" unless an IP-named host), without building outbounds."""
        return {key: state.address for key, state in self._states.items()}

    def unaddressed(self) -> int:
        """How many entries need a VIP."""
        return sum(1 for state in self._states.values() if not state.address)
