"""What `vocheck diff` reports at each step of the switch, computed as `vocheck diff` computes it.

Each step is a change of the run: MeshServices turned on (the services Kuma
generates, with the default HostnameGenerators' names), the migration's
resources applied (generators take VirtualOutbound hostnames: the service's
address wins DNS), the meshes Exclusive (the VirtualOutbound view and the
default service names no longer served). Each state is resolved, with its
MeshService world, and compared with the one before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from vocheck._perf.records import record
from vocheck.context import Context, ResourceSet
from vocheck.diff.changes import MeshChanges, compare
from vocheck.kuma.meshmodes import exclusive_meshes
from vocheck.preview import inputs_of, key_of, resolution_of
from vocheck.preview.services import has_service_world, service_world_of
from vocheck.resolve import Resolution, resolve
from vocheck.resolve.keys import ResourceKey
from vocheck.resolve.services import ServiceWorld


@record
class RunState:
    """A run as Kuma would serve it: the VirtualOutbound view and the MeshService world (None: it has none)."""

    resolution: Resolution
    services: ServiceWorld | None


def state_of(resources: ResourceSet, context: Context) -> RunState:
    world = service_world_of(resources, context) if has_service_world(resources, context.settings) else None
    return RunState(resolution_of(resources, context), world)


def exclusive_state(resources: ResourceSet, context: Context, meshes: Sequence[str]) -> RunState:
    """``resources`` with ``meshes`` in ``meshServices.mode: Exclusive``: the same world, its view no longer served."""
    found = inputs_of(resources, context)
    exclusive = {name: key_of(mesh.resource) for name, mesh in exclusive_meshes(resources).items()}
    for mesh in meshes:
        # The Mesh that would say Exclusive may not be in the run: a key that points at nothing stands for it.
        exclusive.setdefault(mesh, ResourceKey(f"<mesh {mesh}>"))
    resolution = resolve(
        found.policies, found.dataplanes, found.zone_ingresses, found.external_services,
        context.settings, None, 1, exclusive, found.mesh_gateways,
    )
    return RunState(resolution, state_of(resources, context).services)


def step_changes(before: RunState, after: RunState, context: Context) -> tuple[MeshChanges, ...]:
    """What `vocheck diff` reports between two states of the run (HEAD keeping BASE's VIPs, as Kuma does)."""
    return compare(before.resolution, after.resolution, context.settings.dns_cidr, None, (before.services, after.services))


def removed_pairs(changes: Sequence[MeshChanges]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Per mesh, the (hostname, port)s removed in either world."""
    found = {}
    for change in changes:
        pairs = [(item.hostname, item.port) for item in change.removed]
        pairs.extend((item.hostname, item.port) for item in change.services.removed)
        if pairs:
            found[change.mesh] = tuple(sorted(pairs))
    return found


def reported(changes: Sequence[MeshChanges]) -> str:
    """``vocheck diff: 2 (hostname, port)s removed (a:80, b:80), 1 retargeted (...), 0 added, 0 VIPs changed``."""
    removed: list[str] = []
    retargeted: list[str] = []
    added: list[str] = []
    vips = 0
    for change in changes:
        removed.extend(f"{item.hostname}:{item.port}" for item in change.removed)
        removed.extend(f"{item.hostname}:{item.port}" for item in change.services.removed)
        retargeted.extend(f"{item.hostname}:{item.port}" for item in change.retargeted)
        retargeted.extend(f"{item.hostname}:{item.port}" for item in change.services.retargeted)
        added.extend(f"{item.hostname}:{item.port}" for item in change.added)
        added.extend(f"{item.hostname}:{item.port}" for item in change.services.added)
        vips += len(change.vip_changed) + len(change.services.vip_changed)
    parts = [
        f"{len(removed)} {pairs(len(removed))} removed{listed(removed)}",
        f"{len(retargeted)} retargeted{listed(retargeted)}",
        f"{len(added)} added{listed(added)}",
        f"{vips} VIP{'' if vips == 1 else 's'} changed",
    ]
    return "vocheck diff: " + ", ".join(parts)


def pairs(count: int) -> str:
    """What a count of (hostname, port)s is called: one pair, or several."""
    return "(hostname, port)" if count == 1 else "(hostname, port)s"


def listed(items: Sequence[str]) -> str:
    if not items:
        return ""
    ordered = sorted(items)
    more = f" and {len(ordered) - 5} more" if len(ordered) > 5 else ""
    return f" ({', '.join(ordered[:5])}{more})"
