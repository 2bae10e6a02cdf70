"""What a change does to the MeshService world's (hostname, port)s: the hostnames HostnameGenerators give
MeshServices, MeshExternalServices and MeshMultiZoneServices, on each of their ports, at their VIP.

Kuma serves a service's hostnames only once it has a VIP (its first VIP is
the address its DNS records give), on every port of its spec. A proxy's DNS
table is filled with the VirtualOutbound view first and the services after
it, MeshServices, then MeshExternalServices, then MeshMultiZoneServices,
and a later domain overwrites an earlier one: where a VirtualOutbound
hostname and a service hostname are both served, DNS answers the service.
"""

from __future__ import annotations


from vocheck._perf.records import record
from vocheck.resolve.services import (
    MESH_EXTERNAL_SERVICE,
    MESH_MULTI_ZONE_SERVICE,
    MESH_SERVICE,
    MeshServiceWorld,
)

# The order a proxy's DNS table takes the kinds in: of one hostname, the last kind wins.
DNS_ORDER = (MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE)


@record
class ServiceTarget:
    """The service a (hostname, port) leads to, the HostnameGenerator that made the hostname, and its VIP."""

    kind: str
    name: str
    generator: str
    vip: str


@record
class ServiceEndpoint:
    """A (hostname, port) of the MeshService world; ``shadows`` is the VirtualOutbound origin DNS no longer answers."""

    hostname: str
    port: int
    target: ServiceTarget
    shadows: str = ""


@record
class ServiceMoved:
    """A (hostname, port) that leads elsewhere: ``before``/``after`` are a service, or a VirtualOutbound origin."""

    hostname: str
    port: int
    before: ServiceTarget | str
    after: ServiceTarget | str


@record
class ServiceVipChanged:
    """A service present on both sides whose hostname now resolves to another VIP."""

    hostname: str
    port: int
    target: ServiceTarget
    before: str


@record
class ServiceChanges:
    removed: tuple[ServiceEndpoint, ...] = ()
    retargeted: tuple[ServiceMoved, ...] = ()
    added: tuple[ServiceEndpoint, ...] = ()
    vip_changed: tuple[ServiceVipChanged, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.removed or self.retargeted or self.added or self.vip_changed)


Served = dict[tuple[str, int], ServiceTarget]


def service_endpoints(world: MeshServiceWorld | None) -> Served:
    """Every (hostname, port) the mesh's services are served on, and what DNS answers for it."""
    if world is None:
        return {}
    by_kind = {kind: [status for status in world.services if status.kind == kind] for kind in DNS_ORDER}
    found: Served = {}
    for kind in DNS_ORDER:
        for status in by_kind[kind]:
            if not status.vips:
                continue  # Kuma gives a service without a VIP no DNS record and no outbound
            ports = sorted({port.port for port in status.service.ports})
            for address in status.addresses:
                target = ServiceTarget(kind, status.name, address.generator, status.vips[0])
                for known in [key for key in found if key[0] == address.hostname]:
                    del found[known]  # a later domain overwrites the record, ports and all
                for port in ports:
                    found[(address.hostname, port)] = target
    return found


def compare_services(
    base: Served,
    head: Served,
    base_vo: dict[tuple[str, int], str],
    head_vo: dict[tuple[str, int], str],
    head_vo_all: dict[tuple[str, int], str] | None = None,
) -> ServiceChanges:
    """The changes of the MeshService world between two sides, and its moves from and to the VirtualOutbound view.

    ``base_vo``/``head_vo`` map each (hostname, port) the VirtualOutbound view
    serves on that side, where DNS still answers it, to its origin;
    ``head_vo_all`` is HEAD's whole served view, to name what a new service hostname takes over.
    """
    head_names = {hostname for hostname, _ in head}
    base_names = {hostname for hostname, _ in base}
    removed, added, moved, vips = [], [], [], []
    for key in sorted(base.keys() | head.keys()):
        old, new = base.get(key), head.get(key)
        if old is not None and new is None:
            if key in head_vo and key[0] not in head_names:
                moved.append(ServiceMoved(*key, old, head_vo[key]))
            else:
                removed.append(ServiceEndpoint(*key, old))
        elif new is not None and old is None:
            vo_before = base_vo.get(key)
            if vo_before is not None and key[0] not in base_names:
                moved.append(ServiceMoved(*key, vo_before, new))
            else:
                added.append(ServiceEndpoint(*key, new, _shadowed(key, head_vo_all or {})))
        elif old is not None and new is not None:
            if (old.kind, old.name, old.generator) != (new.kind, new.name, new.generator):
                moved.append(ServiceMoved(*key, old, new))
            elif old.vip != new.vip:
                vips.append(ServiceVipChanged(*key, new, old.vip))
    return ServiceChanges(tuple(removed), tuple(moved), tuple(added), tuple(vips))


def _shadowed(key: tuple[str, int], vo: dict[tuple[str, int], str]) -> str:
    """The VirtualOutbound origin that serves ``key``'s hostname too (DNS answers the service instead)."""
    if key in vo:
        return vo[key]
    return next((origin for (hostname, _), origin in sorted(vo.items()) if hostname == key[0]), "")


def describe_service(target: ServiceTarget | str) -> str:
    """``MeshService orders (hostname from local-mesh-service, VIP 241.0.0.1)``, or a VirtualOutbound origin."""
    if isinstance(target, str):
        return f"{target} (the VirtualOutbound view)"
    made = f"hostname from {target.generator}, " if target.generator else ""
    return f"{target.kind} {target.name} ({made}VIP {target.vip})"
