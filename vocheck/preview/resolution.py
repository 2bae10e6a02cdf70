"""The resolution preview: which resources feed it, and how it is shown.

Only resources Kuma would accept take part, as on a real control plane:
a VirtualOutbound, Dataplane, ZoneIngress, ExternalService or MeshGateway
that Kuma rejects never reaches its store. Plain Kubernetes workloads of the run are
turned into the dataplanes Kuma's pod converter would create.
"""

from __future__ import annotations

from typing import Any

from vocheck._perf.records import record
from vocheck.context import Context, ResourceSet
from vocheck.kuma.acceptance import accepted
from vocheck.kuma.decoding import creation_time, spec_of
from vocheck._perf.gcpause import paused_collector
from vocheck.kuma.meshmodes import exclusive_meshes
from vocheck.model import Resource
from vocheck._perf.workers import auto_jobs_for_resolving
from vocheck.resolve import (
    DataplaneInput,
    ExternalServiceInput,
    MeshGatewayInput,
    PolicyInput,
    Resolution,
    ZoneIngressInput,
    resolve,
)
from vocheck.resolve.keys import ResourceKey
from vocheck.resolve.kubernetes import derive_dataplanes
from vocheck.resolve.workloads import KubernetesObject
from vocheck.resolve.previous import PersistedView

RESOLUTION_KINDS = ("Dataplane", "ZoneIngress", "ExternalService", "MeshGateway")
_INPUT_KINDS = frozenset(("VirtualOutbound", *RESOLUTION_KINDS))


@record
class Inputs:
    """What resolution reads, and the resources left out because Kuma rejects them."""

    policies: tuple[PolicyInput, ...]
    dataplanes: tuple[DataplaneInput, ...]
    zone_ingresses: tuple[ZoneIngressInput, ...]
    external_services: tuple[ExternalServiceInput, ...]
    rejected: tuple[Resource, ...]
    mesh_gateways: tuple[MeshGatewayInput, ...] = ()


def inputs_of(resources: ResourceSet, context: Context) -> Inputs:
    """Turn the run's resources into resolution inputs; the last of two same-named resources wins.

    Computed once per run: the resolution and the list of left-out resources both ask.
    """
    return context.memo("resolution inputs", resources, lambda: _inputs(resources, context))


def _inputs(resources: ResourceSet, context: Context) -> Inputs:
    latest: dict[tuple[str, str, str], tuple[Resource, Any]] = {}
    rejected: list[Resource] = []
    for resource in resources.resources:
        if resource.kind not in _INPUT_KINDS:
            continue
        if not accepted(resource, context):
            rejected.append(resource)
            continue
        latest[(resource.kind, resource.mesh or "", resource.name or "")] = (resource, spec_of(resource, context))
    policies, dataplanes, ingresses, externals, gateways = [], [], [], [], []
    for resource, spec in latest.values():
        name, mesh, key = resource.name or "", resource.mesh or "default", key_of(resource)
        if resource.kind == "VirtualOutbound":
            policies.append(PolicyInput(name, mesh, creation_time(resource), spec, key))
        elif resource.kind == "Dataplane":
            dataplanes.append(DataplaneInput(name, mesh, spec, key, resource.form))
        elif resource.kind == "ZoneIngress":
            ingresses.append(ZoneIngressInput(name, spec, key))
        elif resource.kind == "MeshGateway":
            gateways.append(MeshGatewayInput(name, mesh, spec, key))
        else:
            externals.append(ExternalServiceInput(name, mesh, spec, key))
    if resources.workloads:
        objects = [KubernetesObject(workload.data, key_of(workload)) for workload in resources.workloads]
        dataplanes.extend(derive_dataplanes(objects, context.settings.zone).dataplanes)
    return Inputs(
        tuple(policies), tuple(dataplanes), tuple(ingresses), tuple(externals), tuple(rejected), tuple(gateways)
    )


def key_of(resource: Resource) -> ResourceKey:
    """The key resolution values use to point back at ``resource``."""
    return ResourceKey(resource.file, resource.document.index, resource.root)


def resource_of(key: ResourceKey | None, resources: ResourceSet, context: Context) -> Resource | None:
    """The resource of the run a resolution value points at (None when it points at none)."""
    if key is None:
        return None
    return context.memo("resources by key", resources, lambda: _by_key(resources)).get(key)


def _by_key(resources: ResourceSet) -> dict[ResourceKey, Resource]:
    return {key_of(resource): resource for resource in (*resources.resources, *resources.workloads)}


# Kuma 3.0 has no meshServices.mode: every mesh works as Exclusive, so no mesh serves a VIP view.
KUMA_3_NOT_SERVED = ResourceKey("<Kuma 3.0>")


def _unserved(resources: ResourceSet, context: Context, found: Inputs) -> dict[str, ResourceKey]:
    """The meshes whose VIP view Kuma does not serve, each with the Mesh (its key) that says so."""
    unserved = {name: key_of(mesh.resource) for name, mesh in exclusive_meshes(resources).items()}
    if context.settings.kuma_version >= (3, 0):
        meshes = {item.mesh for item in found.policies} | {item.mesh for item in found.dataplanes}
        meshes |= {item.mesh for item in found.external_services} | {item.mesh for item in found.mesh_gateways}
        meshes.update(service.mesh for ingress in found.zone_ingresses for service in ingress.spec.available_services)
        for mesh in meshes:
            unserved.setdefault(mesh, KUMA_3_NOT_SERVED)
    return unserved


def resolution_of(
    resources: ResourceSet,
    context: Context,
    previous: dict[str, PersistedView] | None = None,
    jobs: int | None = 1,
) -> Resolution:
    """The resolution of the run, computed once and shared by every whole-set check.

    ``jobs`` processes share the meshes (None: as many as a run of this size
    uses). That pays only for callers that read what Kuma logs (conflicts,
    failures, exhaustion) and not every entry of a large mesh.
    """

    def compute() -> Resolution:
        found = inputs_of(resources, context)
        return resolve(
            found.policies,
            found.dataplanes,
            found.zone_ingresses,
            found.external_services,
            context.settings,
            previous,
            jobs or auto_jobs_for_resolving(len(found.policies) + len(found.dataplanes)),
            _unserved(resources, context, found),
            found.mesh_gateways,
        )

    # Decoding and resolving allocate as much as reading did, with every document
    # of the run still alive: automatic collections would walk them all, again and again.
    with paused_collector():
        return context.memo("resolution", resources, compute)
