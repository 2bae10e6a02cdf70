"""Proof, not hope: the migrated resources previewed by vocheck's own MeshService world.

The resources a migration writes are read back as any input is (so Kuma's
rules decode them), added to the run, and the run's MeshService world is
resolved as Kuma 2.14 (or 3.0) would, with MeshServices turned on in the
migrated meshes, as the switch's first step turns them on: which hostnames
each generator really gives, on which service, ports and VIP, next to the
run's own services and generators. Each policy's "after" side is replaced
by that preview and compared again with the "before" side; a difference
no reason announces makes the policy approximate (A9), naming it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from vocheck.context import Context, ResourceSet
from vocheck.migrate.before import inbound_endpoints
from vocheck.migrate.compare import differences
from vocheck.migrate.model import AfterRow, Difference, Endpoint, Migration, PolicyMigration, Planned, worst
from vocheck.migrate.natural import K8S_NAME, K8S_NAMESPACE, K8S_PORT, POD_NAME, SERVICE
from vocheck.migrate.reasons import reason
from vocheck.migrate.stepdiff import RunState, exclusive_state, removed_pairs, reported, step_changes
from vocheck.migrate.switch import switch_steps
from vocheck.model import Document, Form, Resource
from vocheck.preview import inputs_of, resolution_of
from vocheck.preview.services import service_world_of
from vocheck.resolve import DataplaneInput
from vocheck.resolve.services import (
    KUBERNETES_HEADLESS, KUBERNETES_SERVICE, UNIVERSAL_GENERATED, ServiceInput, ServicePort, ServiceStatus, ServiceWorld,
)

# The differences a reason announces: a normalised host is renamed (A3); a multi-zone
# service's endpoints are the zones' own, which only Global knows (A5).
_EXPLAINED = {"renamed": "A3", "endpoints": "A5"}
EVERYWHERE = "Everywhere"


def prove(migration: Migration, migrated: ResourceSet, context: Context) -> Migration:
    """``migration`` with every policy's after side taken from the preview of ``migrated``.

    ``migrated`` is the run with the migration's resources added, read as inputs are.
    """
    if not any(item.resources for item in migration.policies):
        return finished(migration)
    meshes = {item.mesh for item in migration.policies if item.resources}
    switched = switched_on(migrated, meshes)
    if migration.target == "3.0":
        switched = labelled(switched)
    world = service_world_of(switched, context)
    by_mesh: dict[str, list[DataplaneInput]] = {}
    for dataplane in inputs_of(migrated, context).dataplanes:
        by_mesh.setdefault(dataplane.mesh, []).append(dataplane)
    proven = tuple(_proven(item, world, by_mesh.get(item.mesh, [])) for item in migration.policies)
    # The resources applied, then the meshes Exclusive: each step as `vocheck diff` reports it.
    applied = RunState(resolution_of(switched, context), world)
    exclusive = step_changes(applied, exclusive_state(switched, context, sorted({item.mesh for item in proven})), context)
    reports: tuple[str, ...] = ()
    if migration.enabled is not None:
        reports = (migration.enabling, reported(step_changes(migration.enabled, applied, context)), reported(exclusive))
    return finished(dataclasses.replace(migration, policies=proven, removed=removed_pairs(exclusive)), reports)


def finished(migration: Migration, reports: Sequence[str] = ()) -> Migration:
    """The migration with its switch order, counted from the proven comparison.

    ``reports`` are what `vocheck diff` reports for turning MeshServices on,
    applying the resources and turning the meshes Exclusive (none: the steps say it in words).
    """
    return dataclasses.replace(migration, steps=switch_steps(migration.policies, migration.removed, reports))


def switched_on(resources: ResourceSet, meshes: set[str]) -> ResourceSet:
    """The run as it stands after the switch's first step: ``meshServices.mode`` no longer Disabled in ``meshes``."""
    kept: list[Resource] = []
    seen: set[str] = set()
    for resource in resources.resources:
        if resource.kind == "Mesh" and resource.name in meshes:
            spec = dict(resource.spec) if isinstance(resource.spec, Mapping) else {}
            services = dict(spec.get("meshServices") or {}) if isinstance(spec.get("meshServices"), Mapping) else {}
            if services.get("mode") in (None, "Disabled", 0):
                services["mode"] = EVERYWHERE
            spec["meshServices"] = services
            resource = dataclasses.replace(resource, spec=spec)
            seen.add(resource.name or "")
        kept.append(resource)
    form: Form = "kubernetes" if any(item.form == "kubernetes" for item in resources.resources) else "universal"
    for mesh in sorted(meshes - seen):
        spec = {"meshServices": {"mode": EVERYWHERE}}
        data = {"type": "Mesh", "name": mesh, **spec}
        kept.append(Resource("Mesh", form, mesh, None, Document(f"<mesh {mesh}>", 0, data, {}), data, spec))
    return ResourceSet(tuple(kept), resources.workloads)


def labelled(resources: ResourceSet) -> ResourceSet:
    """Kuma 3.0: Universal Dataplanes with the labels the report asks for, what its tags said before.

    ``kuma.io/workload`` names the Dataplane's service (when it has one), and
    every other tag that is not Kuma's own becomes a label of the same name.
    """
    kept = []
    for resource in resources.resources:
        if resource.kind == "Dataplane" and resource.form == "universal" and isinstance(resource.data, Mapping):
            kept.append(dataclasses.replace(resource, data={**resource.data, "labels": _labels_for(resource)}))
        else:
            kept.append(resource)
    return ResourceSet(tuple(kept), resources.workloads)


def _labels_for(resource: Resource) -> dict[str, str]:
    data = resource.data
    labels = dict(data.get("labels") or {}) if isinstance(data.get("labels"), Mapping) else {}
    networking = data.get("networking")
    inbounds = networking.get("inbound") if isinstance(networking, Mapping) else None
    tags: dict[str, str] = {}
    for inbound in inbounds if isinstance(inbounds, list) else ():
        written = inbound.get("tags") if isinstance(inbound, Mapping) else None
        if isinstance(written, Mapping):
            tags.update({str(key): str(value) for key, value in written.items()})
    services = {
        str(inbound["tags"][SERVICE]) for inbound in inbounds or () if isinstance(inbound, Mapping)
        and isinstance(inbound.get("tags"), Mapping) and SERVICE in inbound["tags"]
    }
    if len(services) == 1:
        labels.setdefault("kuma.io/workload", services.pop())
    for key, value in tags.items():
        if not key.startswith(("kuma.io/", "k8s.kuma.io/")):
            labels.setdefault(key, value)
    return labels


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
                pending = not vip and status.service.vips_pending
                after.append(AfterRow(address.hostname, status.kind, status.name, ports, vip, endpoints, address.generator, pending))
    for collision in mesh.collisions if mesh is not None else ():
        if collision.generator in names:
            problems.append(Difference(collision.hostname, 0, "collision", (
                f"{collision.hostname} stays with {collision.kind} {collision.winner} of generator "
                f"{collision.winner_generator} ({collision.why}); Kuma's status on {collision.loser}: {collision.message}"
            )))
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
        at = item.reasons[0] if item.reasons else None
        extra = dataclasses.replace(
            reason("A9", f"the preview of the migrated tree differs: {listed}", ("conf", "host")),
            line=at.line if at else item.line,
            column=at.column if at else 1,
        )
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


def _core_name(resource: Planned) -> str:
    metadata = resource.data.get("metadata")
    if isinstance(metadata, Mapping):
        return f"{metadata['name']}.{metadata['namespace']}"
    return resource.name
