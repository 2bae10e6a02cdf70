"""The MeshService world in the preview: JSON that mirrors Kuma's status fields, and table rows and notes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vocheck.resolve import Addressing, KumaSettings, MeshInputs, MeshResolution, Resolution
from vocheck.resolve.services import (
    KUBERNETES_HEADLESS,
    KUBERNETES_SERVICE,
    MeshServiceWorld,
    ServiceStatus,
    ServiceWorld,
)

SERVICE_HEADER = ("KIND", "NAME", "VIPS", "PORTS", "HOSTNAME", "GENERATOR")


def service_json(status: ServiceStatus) -> dict[str, Any]:
    """One service as ``kubectl get meshservice -o yaml`` would show its labels, ports and status."""
    service = status.service
    return {
        "kind": service.kind,
        "name": service.name,
        "labels": dict(sorted(service.labels.items())),
        "vips": list(status.vips),
        "ports": [
            {
                "port": port.port,
                "targetPort": port.port if port.target_port is None else port.target_port,
                "appProtocol": port.app_protocol,
                "name": port.name,
            }
            for port in service.ports
        ],
        "addresses": [
            {"hostname": address.hostname, "origin": address.origin, "hostnameGeneratorRef": {"coreName": address.generator}}
            for address in status.addresses
        ],
        "hostnameGenerators": [
            {
                "hostnameGeneratorRef": {"coreName": generator.generator},
                "conditions": [
                    {"type": condition.type, "status": condition.status, "reason": condition.reason, "message": condition.message}
                    for condition in generator.conditions
                ],
            }
            for generator in status.generators
        ],
    }


def services_json(world: MeshServiceWorld) -> list[dict[str, Any]]:
    return [service_json(status) for status in world.services]


def synced_json(world: MeshServiceWorld) -> list[dict[str, Any]]:
    """The copies other zones hold, in the same shape (``vips`` empty: each zone allocates its own)."""
    return [service_json(status) for status in world.synced]


def _vips(status: ServiceStatus) -> str:
    if status.service.labels.get("kuma.io/origin") == "global" and status.service.vips_pending:
        return "(each zone's pool)"
    if status.vips:
        return ", ".join(status.vips)
    if status.service.vips_pending:
        return "(pod IPs)" if status.service.source == KUBERNETES_HEADLESS else "(ClusterIP)"
    return "(none left)" if status.service.source != KUBERNETES_SERVICE else "-"


def _ports(status: ServiceStatus) -> str:
    shown = []
    for port in status.service.ports:
        target = "" if port.target_port in (None, port.port) else f"->{port.target_port}"
        shown.append(f"{port.port}{target}/{port.app_protocol}")
    return ", ".join(shown) or "-"


def service_rows(world: MeshServiceWorld, synced: bool = False) -> Iterator[tuple[str, ...]]:
    for status in world.synced if synced else world.services:
        first = (status.kind, status.name, _vips(status), _ports(status))
        if not status.addresses:
            yield (*first, "-", "-")
            continue
        for index, address in enumerate(status.addresses):
            yield (*(first if index == 0 else ("", "", "", "")), address.hostname, address.generator)


def service_notes(world: MeshServiceWorld, run: ServiceWorld | None = None) -> Iterator[str]:
    """What Kuma writes only to a service's status or its log, one line each."""
    for collision in world.collisions:
        yield (
            f"collision: {collision.hostname} from generator {collision.generator} for {collision.kind} {collision.loser}; "
            f"kept by {collision.winner} (generator {collision.winner_generator}), by {collision.why}"
        )
    for failure in world.failures:
        yield f"template error: generator {failure.generator} on {failure.kind} {failure.service}: {failure.message}"
    for conflict in world.port_conflicts:
        yield (
            f"port conflict: MeshService {conflict.service} keeps the ports of Dataplane {conflict.kept_from}; "
            f"ignored: {', '.join(conflict.dataplanes)}"
        )
    for skipped in world.skipped:
        yield f"no MeshService: Dataplane {skipped.dataplane}, {skipped.key} {skipped.service!r} {skipped.rule}"
    for shortage in run.shortages if run is not None else ():
        names = [name for mesh, name in shortage.services if mesh == world.mesh]
        if names:
            yield f"no VIP left in {shortage.cidr} for {shortage.kind}: {', '.join(names)}"


def with_service_meshes(resolution: Resolution, world: ServiceWorld | None) -> Resolution:
    """The resolution with an empty entry for each mesh that only the MeshService world has, in name order."""
    if world is None:
        return resolution
    present = {mesh.mesh for mesh in resolution.meshes}
    added = [
        MeshResolution(mesh.mesh, (), (), (), (), Addressing(MeshInputs(mesh.mesh, (), (), (), ()), KumaSettings(), None))
        for mesh in world.meshes
        if mesh.mesh not in present
    ]
    if not added:
        return resolution
    return Resolution(tuple(sorted((*resolution.meshes, *added), key=lambda mesh: mesh.mesh)))
