"""VIPs of MeshServices, MeshExternalServices and MeshMultiZoneServices, as Kuma's zone allocator gives them.

One pool per kind (its CIDR), shared by every mesh of the zone. Every VIP a
service already has is reserved first (addresses outside the CIDR, such as
ClusterIPs, are ignored); then each service without a VIP, in the order
Kuma's store lists them (name, then mesh), gets the lowest free address,
starting with the network address itself. Nothing is given back: the real
VIPs depend on what a zone created and deleted before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocheck.resolve.services.model import (
    MESH_EXTERNAL_SERVICE,
    MESH_MULTI_ZONE_SERVICE,
    MESH_SERVICE,
    ServiceInput,
    VipShortage,
)
from vocheck.resolve.vips import Network, parse_cidr

DEFAULT_CIDRS = {
    MESH_SERVICE: "241.0.0.0/8",
    MESH_EXTERNAL_SERVICE: "242.0.0.0/8",
    MESH_MULTI_ZONE_SERVICE: "243.0.0.0/8",
}

_Key = tuple[str, str, str]  # (kind, mesh, name)


def _integer(text: str, network: Network) -> int | None:
    try:
        address = parse_cidr(f"{text}/{network.max_prefixlen}").network_address
    except ValueError:
        return None
    if address.version != network.version or address not in network:
        return None
    return int(address)


def _format(value: int, network: Network) -> str:
    return str(network.network_address.__class__(value))


def allocate_service_vips(
    services: Sequence[ServiceInput], cidrs: Mapping[str, str] | None = None
) -> tuple[dict[_Key, tuple[str, ...]], tuple[VipShortage, ...]]:
    """The VIPs of every service by (kind, mesh, name), and the kinds whose CIDR ran out.

    Raises ValueError for a CIDR that does not parse.
    """
    cidrs = {**DEFAULT_CIDRS, **(cidrs or {})}
    # Kuma keys its allocators by CIDR: of kinds given one CIDR, only the last (MeshService,
    # MeshExternalService, MeshMultiZoneService) gets VIPs; the others keep what they have.
    by_cidr = {cidr: kind for kind, cidr in cidrs.items()}
    result: dict[_Key, tuple[str, ...]] = {
        (service.kind, service.mesh, service.name): service.vips
        for service in services
        if by_cidr.get(cidrs.get(service.kind, "")) != service.kind
    }
    shortages = []
    for cidr, kind in by_cidr.items():
        network = parse_cidr(cidr)
        of_kind = [service for service in services if service.kind == kind]
        used = {
            value
            for service in of_kind
            for vip in service.vips
            if (value := _integer(vip, network)) is not None
        }
        cursor, last = int(network.network_address), int(network.broadcast_address)
        short = []
        for service in sorted(of_kind, key=lambda item: (item.name, item.mesh)):
            key = (kind, service.mesh, service.name)
            if service.vips or service.vips_pending:
                result[key] = service.vips
                continue
            while cursor <= last and cursor in used:
                cursor += 1
            if cursor > last:
                short.append((service.mesh, service.name))
                result[key] = ()
                continue
            used.add(cursor)
            result[key] = (_format(cursor, network),)
            cursor += 1
        if short:
            shortages.append(VipShortage(kind, cidr, tuple(short)))
    return result, tuple(shortages)
