"""What a change does to each mesh's view: (hostname, port)s removed, retargeted or added, VIPs moved.

A (hostname, port) is what a client calls: every DNS name a proxy gets for
an entry (the entry's own name where it gets none), on each port the preview
shows for it. Its target is the service and tags behind it and the origin
that generated it; its inbounds are the sources that contribute it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from vocheck.resolve import Entry, EntryKey, EntryType, MeshResolution, PersistedEntry, Resolution, Source

_Target = tuple[Mapping[str, str], str, int, Source, EntryKey]


@dataclass(frozen=True, slots=True)
class Target:
    """Where a (hostname, port) leads: tags (with ``kuma.io/service``), origin, contributing inbounds."""

    tags: Mapping[str, str]
    origin: str
    inbounds: int
    source: Source
    entry: EntryKey


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A (hostname, port) and its target on one side."""

    hostname: str
    port: int
    target: Target


@dataclass(frozen=True, slots=True)
class Retargeted:
    hostname: str
    port: int
    before: Target
    after: Target


@dataclass(frozen=True, slots=True)
class VipChanged:
    """An entry present on both sides whose VIP moved; ``why`` says whether Kuma would keep the old one."""

    hostname: str
    before: str
    after: str
    why: str
    entry: EntryKey


@dataclass(frozen=True, slots=True)
class MeshChanges:
    mesh: str
    removed: tuple[Endpoint, ...] = ()
    retargeted: tuple[Retargeted, ...] = ()
    added: tuple[Endpoint, ...] = ()
    vip_changed: tuple[VipChanged, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.removed or self.retargeted or self.added or self.vip_changed)


def compare(
    base: Resolution,
    head: Resolution,
    cidr: str,
    persisted: Mapping[str, Mapping[EntryKey, PersistedEntry]] | None = None,
) -> tuple[MeshChanges, ...]:
    """The meshes that change from ``base`` to ``head`` (resolved under the DNS CIDR ``cidr``), by name.

    ``persisted`` is the persisted view both sides were addressed against
    (``--previous-vips``); None when HEAD carries BASE's VIPs.
    """
    names = sorted({mesh.mesh for mesh in base.meshes} | {mesh.mesh for mesh in head.meshes})
    found = []
    for name in names:
        before, after = base.mesh(name), head.mesh(name)
        kept = (persisted or {}).get(name, {})
        changes = _mesh_changes(name, before, after, cidr, kept if persisted is not None else None)
        if changes:
            found.append(changes)
    return tuple(found)


def _mesh_changes(
    name: str,
    base: MeshResolution | None,
    head: MeshResolution | None,
    cidr: str,
    persisted: Mapping[EntryKey, PersistedEntry] | None,
) -> MeshChanges:
    old_names = entry_hostnames(base) if base is not None else []
    new_names = entry_hostnames(head) if head is not None else []
    old = endpoints(base, old_names) if base is not None else {}
    new = endpoints(head, new_names) if head is not None else {}
    removed = tuple(_endpoint(key, old[key]) for key in sorted(old) if key not in new)
    added = tuple(_endpoint(key, new[key]) for key in sorted(new) if key not in old)
    retargeted = tuple(
        Retargeted(key[0], key[1], Target(*old[key]), Target(*new[key]))
        for key in sorted(old)
        if key in new and _leads_elsewhere(old[key], new[key])
    )
    vips: list[VipChanged] = []
    if base is not None and head is not None:
        vips = list(_vip_changes(base, head, new_names, cidr, persisted))
    vips.sort(key=lambda item: (item.hostname, str(item.entry)))
    return MeshChanges(name, removed, retargeted, added, tuple(vips))


def _leads_elsewhere(before: _Target, after: _Target) -> bool:
    return before[1] != after[1] or dict(before[0]) != dict(after[0])


def _endpoint(key: tuple[str, int], target: _Target) -> Endpoint:
    return Endpoint(key[0], key[1], Target(*target))


def entry_hostnames(mesh: MeshResolution) -> list[list[str]]:
    """Each entry's DNS names, in entry order, as the preview shows them (its own name where it gets none)."""
    published: dict[EntryKey, list[str]] = {}
    for record in mesh.dns:
        if record.address:
            published.setdefault(record.entry, []).append(record.domain)
    return [published.get(entry.key) or [entry.key.name] for entry in mesh.entries]


def endpoints(mesh: MeshResolution, names: list[list[str]] | None = None) -> dict[tuple[str, int], _Target]:
    """Every (hostname, port) of the mesh's view and where it leads; the first entry to name one keeps it.

    Targets are plain tuples (the fields of ``Target``): a mesh has tens of
    thousands, and only the few that change become values.
    """
    listening: dict[EntryKey, list[int]] = {}
    for outbound in mesh.vip_outbounds:
        listening.setdefault(outbound.entry, []).append(outbound.port)
    found: dict[tuple[str, int], _Target] = {}
    for entry, hostnames in zip(mesh.entries, names if names is not None else entry_hostnames(mesh)):
        for port, target in _targets(entry, listening.get(entry.key, [])):
            for hostname in hostnames:
                found.setdefault((hostname, port), target)
    return found


def _targets(entry: Entry, listening: list[int]) -> Iterator[tuple[int, _Target]]:
    if not entry.outbounds:
        return
    key = entry.key
    if key.type is EntryType.SERVICE:
        # One service, whichever inbound added it: its listeners are the service VIP port and its own.
        first = entry.outbounds[0]
        inbounds = sum(outbound.contributions for outbound in entry.outbounds)
        target = (first.tags, first.origin, inbounds, first.source, key)
        for port in sorted(set(listening)) or [first.port]:
            yield port, target
        return
    for outbound in entry.outbounds:
        yield outbound.port, (outbound.tags, outbound.origin, outbound.contributions, outbound.source, key)


def _vip_changes(
    base: MeshResolution,
    head: MeshResolution,
    names: list[list[str]],
    cidr: str,
    persisted: Mapping[EntryKey, PersistedEntry] | None,
) -> Iterator[VipChanged]:
    before = {entry.key: entry.address for entry in base.entries}
    for entry, hostnames in zip(head.entries, names):
        old = before.get(entry.key)
        if old is None or old == entry.address:
            continue
        why = _why(entry.key, old, entry.address, cidr, persisted)
        for hostname in hostnames:
            yield VipChanged(hostname, old, entry.address, why, entry.key)


def _why(key: EntryKey, old: str, new: str, cidr: str, persisted: Mapping[EntryKey, PersistedEntry] | None) -> str:
    if not new:
        return f"no VIP is left in the DNS CIDR {cidr} for {key}: proxies get no address for it"
    if old and not _inside(old, cidr):
        return (
            f"{old} lies outside the DNS CIDR {cidr}: Kuma 2.11 and later do not keep a persisted VIP "
            "outside the CIDR and give the entry a new one"
        )
    if persisted is not None and key not in persisted:
        return (
            f"{key} is not in the persisted view (--previous-vips), so it takes the next free VIP in "
            "(type, name) order and a change before it moved it; once Kuma has persisted a VIP for it "
            "(as it does after every applied change), Kuma keeps that one"
        )
    return f"Kuma gives {key} a new VIP: the one it had is not kept"


def _inside(address: str, cidr: str) -> bool:
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False


def persisted_view(resolution: Resolution) -> dict[str, dict[EntryKey, PersistedEntry]]:
    """The view Kuma persists after applying ``resolution``: every entry with its VIP, by mesh."""
    views: dict[str, dict[EntryKey, PersistedEntry]] = {}
    for mesh in resolution.meshes:
        views[mesh.mesh] = {
            # Only the VIPs steer allocation; the outbounds of a persisted view feed nothing but Kuma's change log.
            entry.key: PersistedEntry(entry.address, ())
            for entry in mesh.entries
            if entry.address
        }
    return views
