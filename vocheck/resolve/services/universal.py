"""MeshServices Kuma's Universal zone control plane generates from Dataplanes.

Up to Kuma 2.14 the inbounds of every Dataplane are grouped by their
``kuma.io/service`` tag: a value that is not a DNS-1035 label (``backend_svc``,
``backend.svc``, ``00-backend``, 64 characters) gets no MeshService (Kuma
2.9: a value with characters other than ``a-z``, ``0-9``, ``.``, ``-`` and
``_``). Each inbound gives a port (``name`` = the inbound's name or its port
number, ``port`` = ``targetPort`` = the inbound port, ``appProtocol`` = its
protocol when Kuma knows it, else ``tcp``: from 2.14 the inbound's
``protocol`` field, else its ``kuma.io/protocol`` tag; 2.12 and 2.13 the tag
only; up to 2.11 the tag as written, known or not). Dataplanes are visited
in name order; all of them must give a service identical ports, else the
first Dataplane's ports are kept and the others are logged as a port
conflict. Kuma 2.9 sets no ``kuma.io/zone`` label. From Kuma 3.0 a Dataplane
gives one MeshService, named by its ``kuma.io/workload`` label, with all of
its inbounds as ports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from vocheck._perf.records import record
from vocheck.resolve.inputs import DataplaneInput
from vocheck.resolve.services.model import (
    MESH_SERVICE,
    UNIVERSAL_GENERATED,
    PortConflict,
    ServiceInput,
    ServicePort,
    SkippedInbound,
)
from vocheck.kuma.k8s_names import dns1035_label_violations

SERVICE_TAG = "kuma.io/service"
PROTOCOL_TAG = "kuma.io/protocol"
WORKLOAD_LABEL = "kuma.io/workload"
MANAGED_BY = "meshservice-generator"
_KNOWN_PROTOCOLS = frozenset({"http", "http2", "tcp", "tls", "grpc", "kafka", "mysql"})


@record
class UniversalServices:
    services: tuple[ServiceInput, ...]
    conflicts: tuple[PortConflict, ...]
    skipped: tuple[SkippedInbound, ...]


# Kuma 2.9 generates a MeshService for every kuma.io/service made of these characters.
_KUMA_2_9_NAME = re.compile(r"[0-9a-z.\-_]*")
_KUMA_2_9_RULE = "contains characters other than a-z, 0-9, '.', '-' and '_'"


def generated_labels(mesh: str, name: str, zone: str, kuma_version: tuple[int, int] = (2, 14)) -> dict[str, str]:
    """The labels Kuma's generator gives a MeshService it creates (2.9: no ``kuma.io/zone``)."""
    labels = {
        "kuma.io/mesh": mesh,
        "kuma.io/display-name": name,
        "kuma.io/managed-by": MANAGED_BY,
        "kuma.io/env": "universal",
        "kuma.io/zone": zone,
        "kuma.io/origin": "zone",
    }
    if kuma_version < (2, 10):
        del labels["kuma.io/zone"]
    return labels


def _inbound_names(dataplane: DataplaneInput) -> list[str]:
    networking = dataplane.spec.decoded.get("networking")
    inbounds = networking.get("inbound") if isinstance(networking, Mapping) else None
    names = []
    for inbound in inbounds if isinstance(inbounds, list) else []:
        name = inbound.get("name") if isinstance(inbound, Mapping) else None
        names.append(name if isinstance(name, str) else "")
    return names


def _protocol(value: str) -> str:
    lowered = value.lower()
    return lowered if lowered in _KNOWN_PROTOCOLS else "tcp"


def _tag_protocol(tags: Mapping[str, str], protocol_field: str, kuma_version: tuple[int, int]) -> str:
    if kuma_version >= (2, 14):
        return _protocol(protocol_field or tags.get(PROTOCOL_TAG, ""))
    if kuma_version >= (2, 12):
        return _protocol(tags.get(PROTOCOL_TAG, ""))
    return tags.get(PROTOCOL_TAG, "tcp")


def _ports_by_service(
    dataplane: DataplaneInput, skipped: list[SkippedInbound], kuma_version: tuple[int, int]
) -> dict[str, tuple[ServicePort, ...]]:
    names = _inbound_names(dataplane)
    found: dict[str, list[ServicePort]] = {}
    for index, inbound in enumerate(dataplane.spec.inbounds):
        service = inbound.tags.get(SERVICE_TAG, "")
        if kuma_version < (2, 10):
            if _KUMA_2_9_NAME.fullmatch(service) is None:
                skipped.append(SkippedInbound(dataplane.mesh, dataplane.name, service, _KUMA_2_9_RULE, rule=_KUMA_2_9_RULE))
                continue
        elif violations := dns1035_label_violations(service):
            skipped.append(SkippedInbound(dataplane.mesh, dataplane.name, service, "; ".join(violations)))
            continue
        name = (names[index] if index < len(names) else "") or str(inbound.port)
        protocol = _tag_protocol(inbound.tags, inbound.protocol, kuma_version)
        found.setdefault(service, []).append(ServicePort(inbound.port, inbound.port, protocol, name))
    return {service: tuple(ports) for service, ports in found.items()}


def _workload_ports(dataplane: DataplaneInput) -> tuple[ServicePort, ...]:
    names = _inbound_names(dataplane)
    return tuple(
        ServicePort(
            inbound.port,
            inbound.port,
            _protocol(inbound.protocol),
            (names[index] if index < len(names) else "") or str(inbound.port),
        )
        for index, inbound in enumerate(dataplane.spec.inbounds)
    )


def generate_universal(
    dataplanes: Sequence[DataplaneInput],
    zone: str,
    workload_labels: Mapping[str, Mapping[str, str]] | None = None,
    authored: frozenset[tuple[str, str]] = frozenset(),
    kuma_version: tuple[int, int] = (2, 14),
) -> UniversalServices:
    """The MeshServices Kuma would generate from ``dataplanes`` (Universal ones, meshes with MeshServices on).

    ``workload_labels`` maps a Dataplane name to its labels when MeshServices
    come from the ``kuma.io/workload`` label (Kuma 3.0); None means from the
    ``kuma.io/service`` tag. ``authored`` holds the (mesh, name) of MeshServices
    of the run: Kuma's generator leaves those alone and creates nothing.
    """
    skipped: list[SkippedInbound] = []
    by_service: dict[tuple[str, str], list[tuple[DataplaneInput, tuple[ServicePort, ...]]]] = {}
    for dataplane in sorted(dataplanes, key=lambda item: (item.mesh, item.name)):
        if workload_labels is None:
            for service, ports in _ports_by_service(dataplane, skipped, kuma_version).items():
                by_service.setdefault((dataplane.mesh, service), []).append((dataplane, ports))
            continue
        workload = workload_labels.get(dataplane.name, {}).get(WORKLOAD_LABEL, "")
        if not workload:
            continue
        violations = dns1035_label_violations(workload)
        if violations:
            skipped.append(SkippedInbound(dataplane.mesh, dataplane.name, workload, "; ".join(violations), WORKLOAD_LABEL))
            continue
        ports = _workload_ports(dataplane)
        if ports:
            by_service.setdefault((dataplane.mesh, workload), []).append((dataplane, ports))
    services = []
    conflicts = []
    for (mesh, name), contributions in sorted(by_service.items()):
        if (mesh, name) in authored:
            continue
        kept_from, kept = contributions[0]
        differing = tuple(dataplane.name for dataplane, ports in contributions if ports != kept)
        if differing:
            conflicts.append(PortConflict(mesh, name, kept_from.name, differing))
        labels = generated_labels(mesh, name, zone, kuma_version)
        # Points at the Dataplane whose ports it has: the generated MeshService has no document of its own.
        services.append(ServiceInput(MESH_SERVICE, name, mesh, labels, kept, source=UNIVERSAL_GENERATED, ref=kept_from.ref))
    return UniversalServices(tuple(services), tuple(conflicts), tuple(skipped))
