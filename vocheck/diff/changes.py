"""What a change does to each mesh's view: (hostname, port)s removed, retargeted or added, VIPs moved.

A (hostname, port) is what a client calls: every DNS name a proxy gets for
an entry (the entry's own name where it gets none), on each port the preview
shows for it. Its target is the service and tags behind it and the origin
that generated it; its inbounds are the sources that contribute it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace

from vocheck._perf.records import record
from vocheck.diff.served import ServedChange, served_change
from vocheck.diff.services import Served, ServiceChanges, compare_services, service_endpoints
from vocheck.resolve import Entry, EntryKey, EntryType, MeshResolution, PersistedEntry, Resolution, Source
from vocheck.resolve.keys import ResourceKey
from vocheck.resolve.services import ServiceWorld

_Target = tuple[Mapping[str, str], str, int, Source, EntryKey]


@record
class Target:
    """Where a (hostname, port) leads: tags (with ``kuma.io/service``), origin, contributing inbounds."""

    tags: Mapping[str, str]
    origin: str
    inbounds: int
    source: Source
    entry: EntryKey


@record
class Endpoint:
    """A (hostname, port) and its target on one side."""

    hostname: str
    port: int
    target: Target


@record
class Retargeted:
    hostname: str
    port: int
    before: Target
    after: Target


@record
class VipChanged:
    """An entry present on both sides whose VIP moved; ``why`` says whether Kuma would keep the old one."""

    hostname: str
    before: str
    after: str
    why: str
    entry: EntryKey


@record
class MeshChanges:
    mesh: str
    removed: tuple[Endpoint, ...] = ()
    retargeted: tuple[Retargeted, ...] = ()
    added: tuple[Endpoint, ...] = ()
    vip_changed: tuple[VipChanged, ...] = ()
    # The MeshService world's changes, and the mesh's served state when its meshServices.mode changes it.
    services: ServiceChanges = ServiceChanges()
    served: ServedChange | None = None

    def __bool__(self) -> bool:
        return bool(self.removed or self.retargeted or self.added or self.vip_changed or self.services or self.served)


def compare(
    base: Resolution,
    head: Resolution,
    cidr: str,
    persisted: Mapping[str, Mapping[EntryKey, PersistedEntry]] | None = None,
    services: tuple[ServiceWorld | None, ServiceWorld | None] = (None, None),
    locate: Callable[[ResourceKey], str] | None = None,
) -> tuple[MeshChanges, ...]:
    """The meshes that change from ``base`` to ``head`` (resolved under the DNS CIDR ``cidr``), by name.

    ``persisted`` is the persisted view both sides were addressed against
    (``--previous-vips``); None when HEAD carries BASE's VIPs. ``services``
    are the MeshService worlds of BASE and HEAD (None: the side has none);
    ``locate`` gives ``FILE:LINE`` of a Mesh whose mode changes what is served.
    """
    base_world, head_world = services
    names = {mesh.mesh for mesh in base.meshes} | {mesh.mesh for mesh in head.meshes}
    names |= {world.mesh for side in services if side is not None for world in side.meshes}
    found = []
    for name in sorted(names):
        before, after = base.mesh(name), head.mesh(name)
        kept = (persisted or {}).get(name, {})
        changes = _mesh_changes(name, before, after, cidr, kept if persisted is not None else None)
        old_services = service_endpoints(base_world.mesh(name) if base_world is not None else None)
        new_services = service_endpoints(head_world.mesh(name) if head_world is not None else None)
        if old_services or new_services:
            changes = _with_services(changes, before, after, old_services, new_services)
        change = served_change(name, before, after, locate)
        if change is not None:
            changes = replace(changes, served=change)
        if changes:
            found.append(changes)
    return tuple(found)


def _with_services(
    changes: MeshChanges,
    base: MeshResolution | None,
    head: MeshResolution | None,
    old_services: Served,
    new_services: Served,
) -> MeshChanges:
    """``changes`` with the VirtualOutbound view as DNS answers it next to the services, and the services' changes.

    A hostname a service serves is answered by the service: the VirtualOutbound
    view's (hostname, port)s of it are not served, and a (hostname, port) that
    moves between the worlds is one retargeted change, not a removal and an addition.
    """
    served_old, served_new = _served_endpoints(base), _served_endpoints(head)
    old_taken = {hostname for hostname, _ in old_services}
    new_taken = {hostname for hostname, _ in new_services}
    kept_old = {key: value for key, value in served_old.items() if key[0] not in old_taken}
    kept_new = {key: value for key, value in served_new.items() if key[0] not in new_taken}
    removed = tuple(_endpoint(key, kept_old[key]) for key in sorted(kept_old) if key not in kept_new and key not in new_services)
    added = tuple(_endpoint(key, kept_new[key]) for key in sorted(kept_new) if key not in kept_old and key not in old_services)
    retargeted = tuple(
        Retargeted(key[0], key[1], Target(*kept_old[key]), Target(*kept_new[key]))
        for key in sorted(kept_old)
        if key in kept_new and _leads_elsewhere(kept_old[key], kept_new[key])
    )
    world = compare_services(old_services, new_services, _origins(kept_old), _origins(kept_new), _origins(served_new))
    return replace(changes, removed=removed, added=added, retargeted=retargeted, services=world)


def _served_endpoints(mesh: MeshResolution | None) -> dict[tuple[str, int], _Target]:
    if mesh is None or not mesh.served:
        return {}
    return endpoints(mesh, entry_hostnames(mesh))


def _origins(served: Mapping[tuple[str, int], _Target]) -> dict[tuple[str, int], str]:
    """Each (hostname, port) of the VirtualOutbound view and the origin that generates it."""
    return {key: target[1] for key, target in served.items()}


def _mesh_changes(
    name: str,
    base: MeshResolution | None,
    head: MeshResolution | None,
    cidr: str,
    persisted: Mapping[EntryKey, PersistedEntry] | None,
) -> MeshChanges:
    old_names = entry_hostnames(base) if base is not None else []
    new_names = entry_hostnames(head) if head is not None else []
    # A mesh in meshServices.mode Exclusive serves none of its view: clients reach none of it.
    old = endpoints(base, old_names) if base is not None and base.served else {}
    new = endpoints(head, new_names) if head is not None and head.served else {}
    removed = tuple(_endpoint(key, old[key]) for key in sorted(old) if key not in new)
    added = tuple(_endpoint(key, new[key]) for key in sorted(new) if key not in old)
    retargeted = tuple(
        Retargeted(key[0], key[1], Target(*old[key]), Target(*new[key]))
        for key in sorted(old)
        if key in new and _leads_elsewhere(old[key], new[key])
    )
    vips: list[VipChanged] = []
    if base is not None and head is not None and head.served:
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
