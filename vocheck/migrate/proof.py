"""Proof, not hope: the migrated resources previewed by vocheck's own MeshService world.

The resources a migration writes are read back (the very mappings its
files hold), added to the run's dataplanes and manifests, and resolved as
Kuma 2.14 (or 3.0) would: which hostnames each generator really gives,
on which service, ports and VIP. Each policy's "after" side is replaced by
that preview and compared again with the "before" side; a policy found
exact whose preview differs becomes approximate, naming the difference.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from vocheck.context import Context, ResourceSet
from vocheck.migrate.before import inbound_endpoints
from vocheck.migrate.compare import differences
from vocheck.migrate.documents import SYSTEM_NAMESPACE
from vocheck.migrate.model import AfterRow, Difference, Endpoint, Migration, PolicyMigration, Planned, worst
from vocheck.migrate.natural import K8S_NAME, K8S_NAMESPACE, K8S_PORT, POD_NAME, SERVICE
from vocheck.migrate.reasons import reason
from vocheck.migrate.switch import switch_steps
from vocheck.preview import inputs_of, key_of
from vocheck.resolve import DataplaneInput
from vocheck.resolve.inputs import KUBERNETES
from vocheck.resolve.services import (
    KUBERNETES_HEADLESS, KUBERNETES_SERVICE, UNIVERSAL_GENERATED, GeneratorInput, ServiceInput, ServicePort,
    ServiceSettings, ServiceStatus, ServiceWorld, resolve_services,
)
from vocheck.resolve.workloads import KubernetesObject

# The differences a reason announces: a normalised host is renamed (A3); a multi-zone
# service's endpoints are the zones' own, which only Global knows (A5).
_EXPLAINED = {"renamed": "A3", "endpoints": "A5"}
_SELECTORS = {"meshService": "MeshService", "meshExternalService": "MeshExternalService", "meshMultiZoneService": "MeshMultiZoneService"}


def prove(migration: Migration, resources: ResourceSet, context: Context) -> Migration:
    """``migration`` with every policy's after side taken from the preview of the migrated tree."""
    if not any(item.resources for item in migration.policies):
        return finished(migration)
    found = inputs_of(resources, context)
    zone = context.settings.zone
    planned = [(item, resource) for item in migration.policies for resource in item.resources]
    services = [_service(resource, item.mesh, zone) for item, resource in planned if resource.kind != "HostnameGenerator"]
    generators = [_generator(resource) for _, resource in planned if resource.kind == "HostnameGenerator"]
    universal = [dataplane for dataplane in found.dataplanes if dataplane.form != KUBERNETES]
    objects = [KubernetesObject(item.data, key_of(item)) for item in resources.workloads]
    version = (3, 0) if migration.target == "3.0" else (2, 14)
    labels = {dataplane.name: _workload_labels(dataplane) for dataplane in universal} if version >= (3, 0) else None
    world = resolve_services(
        [service for service in services if service is not None],
        generators,
        universal,
        objects,
        enabled=lambda mesh: True,  # the switch starts by turning MeshServices on
        settings=ServiceSettings(zone=zone, kubernetes=any(item.form == "kubernetes" for item, _ in planned), kuma_version=version),
        dataplane_labels=labels,
    )
    by_mesh: dict[str, list[DataplaneInput]] = {}
    for dataplane in found.dataplanes:
        by_mesh.setdefault(dataplane.mesh, []).append(dataplane)
    proven = tuple(_proven(item, world, by_mesh.get(item.mesh, [])) for item in migration.policies)
    return finished(dataclasses.replace(migration, policies=proven))


def finished(migration: Migration) -> Migration:
    """The migration with its switch order, counted from the proven comparison."""
    return dataclasses.replace(migration, steps=switch_steps(migration.policies, migration.removed))


def _proven(item: PolicyMigration, world: ServiceWorld, dataplanes: Sequence[DataplaneInput]) -> PolicyMigration:
    if not item.resources:
        return item
    names = {_core_name(resource) for resource in item.resources if resource.kind == "HostnameGenerator"}
    mesh = world.mesh(item.mesh)
    after: list[AfterRow] = []
    problems: list[Difference] = []
    for status in mesh.services if mesh is not None else ():
        endpoints = _endpoints(status, item, dataplanes)
        ports = tuple(sorted(port.port for port in status.service.ports))
        for address in status.addresses:
            if address.generator in names:
                vip = status.vips[0] if status.vips else ""
                after.append(AfterRow(address.hostname, status.kind, status.name, ports, vip, endpoints, address.generator))
    for collision in mesh.collisions if mesh is not None else ():
        if collision.generator in names:
            problems.append(Difference(collision.hostname, 0, "collision", collision.message))
    for failure in mesh.failures if mesh is not None else ():
        if failure.generator in names:
            problems.append(Difference("", 0, "template-error", f"{failure.generator} on {failure.service}: {failure.message}"))
    rows = tuple(sorted(after, key=lambda row: (row.hostname, row.kind, row.service)))
    found = (*differences(item.before, rows), *problems)
    reasons = tuple(entry for entry in item.reasons if entry.code != "A9")
    codes = {entry.code for entry in reasons}
    unexplained = [difference for difference in found if _EXPLAINED.get(difference.what) not in codes]
    if unexplained:
        listed = "; ".join(difference.message for difference in unexplained)
        extra = dataclasses.replace(reason("A9", f"the preview of the migrated tree differs: {listed}"), line=item.line)
        reasons = (*reasons, extra)
    return dataclasses.replace(
        item, after=rows, differences=tuple(found), reasons=reasons, verdict=worst(reasons), proven=not unexplained
    )


def _endpoints(status: ServiceStatus, item: PolicyMigration, dataplanes: Sequence[DataplaneInput]) -> dict[int, tuple[Endpoint, ...]]:
    """Where each port of the service leads: the inbounds its selector picks, on the target port."""
    service = status.service
    labels = service.labels
    found: dict[int, tuple[Endpoint, ...]] = {}
    spec = _spec_of(item, service)
    for port in service.ports:
        if service.source == UNIVERSAL_GENERATED:
            picked = inbound_endpoints(dataplanes, {SERVICE: labels.get("kuma.io/display-name", service.name)})
            found[port.port] = tuple(entry for entry in picked if entry.port == port.target_port)
        elif service.source in (KUBERNETES_SERVICE, KUBERNETES_HEADLESS):
            tags = {K8S_NAME: labels.get(K8S_NAME, ""), K8S_NAMESPACE: labels.get(K8S_NAMESPACE, ""), K8S_PORT: str(port.port)}
            picked = inbound_endpoints(dataplanes, tags)
            if service.source == KUBERNETES_HEADLESS and POD_NAME in labels:
                pod = f"{labels[POD_NAME]}.{labels.get(K8S_NAMESPACE, '')}"
                picked = tuple(entry for entry in picked if entry.name == pod)
            found[port.port] = picked
        elif spec is not None:
            found[port.port] = _authored_endpoints(spec, port, dataplanes)
    return found


def _spec_of(item: PolicyMigration, service: ServiceInput) -> Mapping[str, Any] | None:
    for resource in item.resources:
        if resource.kind == service.kind and _core_name(resource) == service.name:
            spec = resource.data.get("spec")
            return spec if isinstance(spec, Mapping) else None
    return None


def _authored_endpoints(spec: Mapping[str, Any], port: ServicePort, dataplanes: Sequence[DataplaneInput]) -> tuple[Endpoint, ...]:
    match = spec.get("match")
    if isinstance(match, Mapping):  # a MeshExternalService
        return tuple(Endpoint("external", f"{entry['address']}:{entry['port']}") for entry in spec.get("endpoints") or ())
    selector = spec.get("selector") or {}
    if "meshService" in selector:  # a MeshMultiZoneService: the zones are known only to Global
        return ()
    if "dataplaneRef" in selector:
        name = selector["dataplaneRef"].get("name", "")
        picked = tuple(
            Endpoint("inbound", dataplane.name, inbound.port)
            for dataplane in dataplanes if dataplane.name == name for inbound in dataplane.spec.inbounds
        )
    else:
        tags = selector.get("dataplaneTags") or (selector.get("dataplaneLabels") or {}).get("matchLabels") or {}
        picked = inbound_endpoints(dataplanes, tags) if "dataplaneTags" in selector else _labelled(dataplanes, tags)
    return tuple(entry for entry in sorted(set(picked)) if entry.port == port.target_port)


def _labelled(dataplanes: Sequence[DataplaneInput], labels: Mapping[str, str]) -> tuple[Endpoint, ...]:
    """3.0: Dataplanes with the labels the report asks for (their service as kuma.io/workload, their subset tags)."""
    found = []
    for dataplane in dataplanes:
        for inbound in dataplane.spec.inbounds:
            given = {**inbound.tags, "kuma.io/workload": inbound.tags.get(K8S_NAME) or inbound.tags.get(SERVICE, "")}
            if all(given.get(key) == value for key, value in labels.items()):
                found.append(Endpoint("inbound", dataplane.name, inbound.port))
    return tuple(found)


def _workload_labels(dataplane: DataplaneInput) -> dict[str, str]:
    services = {inbound.tags.get(SERVICE, "") for inbound in dataplane.spec.inbounds} - {""}
    return {"kuma.io/workload": services.pop()} if len(services) == 1 else {}


def _core_name(resource: Planned) -> str:
    metadata = resource.data.get("metadata")
    if isinstance(metadata, Mapping):
        return f"{metadata['name']}.{metadata['namespace']}"
    return resource.name


def _service(resource: Planned, mesh: str, zone: str) -> ServiceInput | None:
    data = resource.data
    metadata = data.get("metadata")
    kubernetes = isinstance(metadata, Mapping)
    holder: Mapping[str, Any] = metadata if isinstance(metadata, Mapping) else data
    labels = dict(holder.get("labels") or {})
    if isinstance(metadata, Mapping):
        namespace = str(metadata.get("namespace", SYSTEM_NAMESPACE))
        labels.setdefault("kuma.io/display-name", resource.name)
        labels.setdefault(K8S_NAMESPACE, namespace)
    labels.setdefault("kuma.io/mesh", mesh)
    if zone:
        # What Kuma's store adds on a zone control plane.
        labels.setdefault("kuma.io/origin", "zone")
        labels.setdefault("kuma.io/zone", zone)
        labels.setdefault("kuma.io/env", "kubernetes" if kubernetes else "universal")
    spec = data.get("spec") or {}
    ports: list[ServicePort] = []
    if resource.kind == "MeshExternalService":
        match = spec.get("match") or {}
        ports.append(ServicePort(int(match.get("port", 0)), None, str(match.get("protocol", "tcp")), ""))
    else:
        for port in spec.get("ports") or ():
            ports.append(ServicePort(int(port["port"]), port.get("targetPort"), str(port.get("appProtocol", "tcp")), str(port["port"])))
    name = _core_name(resource)
    return ServiceInput(resource.kind, name, mesh, labels, tuple(ports), k8s_name=resource.name if kubernetes else "")


def _generator(resource: Planned) -> GeneratorInput:
    data = resource.data
    metadata = data.get("metadata")
    labels = dict((metadata if isinstance(metadata, Mapping) else data).get("labels") or {})
    spec = data.get("spec") or {}
    selectors = {
        _SELECTORS[key]: dict(value.get("matchLabels") or {}) for key, value in (spec.get("selector") or {}).items()
    }
    return GeneratorInput(_core_name(resource), str(spec.get("template", "")), selectors, labels)


__all__ = ["prove"]
