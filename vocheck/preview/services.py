"""The run's MeshService world: which resources feed it and the settings it is resolved with.

Authored MeshServices, MeshExternalServices and MeshMultiZoneServices and
HostnameGenerators take part when Kuma would accept them. Universal
Dataplanes and plain Kubernetes manifests give the MeshServices Kuma's zone
control plane generates, in meshes whose Mesh of the run sets
``meshServices.mode`` to anything but ``Disabled`` (Kuma's default; from
Kuma 3.0 in every mesh). The zone runs on Kubernetes when the run holds
Kubernetes manifests or Kuma resources in that form and no Universal
Dataplane.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from vocheck.context import Context, ResourceSet
from vocheck.kuma.acceptance import accepted
from vocheck.kuma.decoding import kuma_meta, spec_of, status_of
from vocheck.kuma.meshmodes import DISABLED, mesh_modes
from vocheck.kuma.service_specs import (
    HostnameGeneratorSpec,
    MeshExternalServiceSpec,
    MeshExternalServiceStatus,
    MeshMultiZoneServiceSpec,
    MeshServiceSpec,
)
from vocheck.model import Resource
from vocheck.preview.resolution import inputs_of, key_of, resource_of
from vocheck.resolve.inputs import UNIVERSAL
from vocheck.schema.schemas import SchemaSet
from vocheck.resolve.services import (
    MESH_EXTERNAL_SERVICE,
    MESH_MULTI_ZONE_SERVICE,
    MESH_SERVICE,
    GeneratorInput,
    ServiceInput,
    ServicePort,
    ServiceSettings,
    ServiceWorld,
    resolve_services,
    zone_name,
)
from vocheck.resolve.services.defaults import SYSTEM_NAMESPACE
from vocheck.resolve.services.names import kds_hashed_name
from vocheck.resolve.workloads import KubernetesObject
from vocheck.settings import KumaSettings

SERVICE_WORLD_KINDS = ("HostnameGenerator", MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE)
ORIGIN = "kuma.io/origin"


def service_settings(settings: KumaSettings, kubernetes: bool) -> ServiceSettings:
    """The zone control plane the run's settings describe."""
    return ServiceSettings(
        zone=settings.zone,
        kubernetes=kubernetes,
        kuma_version=settings.kuma_version,
        cidrs={
            MESH_SERVICE: settings.mesh_service_cidr,
            MESH_EXTERNAL_SERVICE: settings.mesh_external_service_cidr,
            MESH_MULTI_ZONE_SERVICE: settings.mesh_multizone_service_cidr,
        },
    )


def has_service_world(resources: ResourceSet, settings: KumaSettings) -> bool:
    """Whether the run can have a MeshService world at all (cheap: no decoding)."""
    if any(resource.kind in SERVICE_WORLD_KINDS for resource in resources.resources):
        return True
    if settings.kuma_version >= (3, 0):
        return resources.has_resolution_inputs()
    return any(found.mode != DISABLED for found in mesh_modes(resources).values())


def rejected_services(resources: ResourceSet, context: Context) -> list[Resource]:
    """The run's resources of the MeshService world that Kuma would reject, which take no part."""
    return [
        resource
        for resource in resources.resources
        if resource.kind in SERVICE_WORLD_KINDS and not _taken(resource, context)
    ]


@cache
def _schemas() -> SchemaSet:
    from vocheck.schema.schemas import FORMS, builtin_schema, schema_file_name

    return SchemaSet(
        {f"{kind}/{form}": [builtin_schema(schema_file_name(kind, form))] for kind in SERVICE_WORLD_KINDS for form in FORMS}
    )


def _taken(resource: Resource, context: Context) -> bool:
    """Whether Kuma stores the resource: it passes the schema (which the API server and `kumactl apply`
    check before decoding, so the decoders here never see a value of the wrong type) and the validator."""
    return not _schemas().findings(resource) and accepted(resource, context)


def service_world_of(resources: ResourceSet, context: Context) -> ServiceWorld:
    """The MeshService world of the run, computed once and shared by the preview and whole-set checks.

    Raises ValueError for a VIP CIDR that does not parse.
    """
    return context.memo("service world", resources, lambda: _world(resources, context))


def _kubernetes_zone(resources: ResourceSet) -> bool:
    kuma_forms = {resource.form for resource in resources.resources}
    universal_dataplanes = any(
        resource.kind == "Dataplane" and resource.form == UNIVERSAL for resource in resources.resources
    )
    return not universal_dataplanes and (bool(resources.workloads) or "kubernetes" in kuma_forms)


def _world(resources: ResourceSet, context: Context) -> ServiceWorld:
    settings = context.settings
    kubernetes = _kubernetes_zone(resources)
    zone_settings = service_settings(settings, kubernetes)
    modes = {name: found.mode for name, found in mesh_modes(resources).items()}
    # A later resource of the same kind, mesh and name replaces an earlier one, as a second apply would;
    # the same name in two meshes is two resources.
    latest: dict[tuple[str, str | None, str], Resource] = {}
    for resource in resources.resources:
        if resource.kind in SERVICE_WORLD_KINDS and _taken(resource, context):
            meta = kuma_meta(resource)
            latest[(resource.kind, meta.mesh, meta.name)] = resource
    services = []
    generators = []
    zone = zone_name(settings.zone)
    for resource in latest.values():
        if resource.kind == "HostnameGenerator":
            generators.append(_generator(resource, context, zone))
        else:
            services.append(_service(resource, context, zone, kubernetes))
    dataplanes = [item for item in inputs_of(resources, context).dataplanes if item.form == UNIVERSAL]
    labels = {item.name: _dataplane_labels(resource_of(item.ref, resources, context)) for item in dataplanes}
    objects = [KubernetesObject(workload.data, key_of(workload)) for workload in resources.workloads]
    return resolve_services(
        services,
        generators,
        dataplanes,
        objects,
        lambda mesh: modes.get(mesh, DISABLED) != DISABLED,
        zone_settings,
        labels,
    )


def _dataplane_labels(resource: Resource | None) -> Mapping[str, str]:
    data = resource.data if resource is not None else None
    labels = data.get("labels") if isinstance(data, dict) else None
    return {str(key): value for key, value in labels.items() if isinstance(value, str)} if isinstance(labels, dict) else {}


def _stored_labels(resource: Resource, labels: Mapping[str, str], zone: str) -> dict[str, str]:
    """The labels a zone control plane's store gives a resource it holds (Kuma's computed labels)."""
    stored = dict(labels)
    if resource.kind == MESH_MULTI_ZONE_SERVICE:
        stored.setdefault(ORIGIN, "global")  # made on the global control plane only
    stored.setdefault(ORIGIN, "zone")
    if stored[ORIGIN] != "global":
        stored.setdefault("kuma.io/zone", zone)
        stored.setdefault("kuma.io/env", "kubernetes" if resource.form == "kubernetes" else "universal")
    return stored


def _generator(resource: Resource, context: Context, zone: str) -> GeneratorInput:
    meta = kuma_meta(resource)
    spec = spec_of(resource, context)
    assert isinstance(spec, HostnameGeneratorSpec)
    selectors = {}
    for kind in (MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE):
        selector = spec.selector.for_kind(kind)
        if selector is not None:
            selectors[kind] = dict(selector.match_labels or {})
    labels = _stored_labels(resource, meta.labels, zone)
    return GeneratorInput(meta.name, spec.template, selectors, labels, meta.creation_time, ref=key_of(resource))


def _service(resource: Resource, context: Context, zone: str, kubernetes: bool) -> ServiceInput:
    meta = kuma_meta(resource)
    spec: Any = spec_of(resource, context)
    status = status_of(resource)
    labels = _stored_labels(resource, meta.labels, zone)
    name, object_name = meta.name, meta.object_name if resource.form == "kubernetes" else ""
    vips: tuple[str, ...] = ()
    if isinstance(status, MeshExternalServiceStatus):
        vips = (status.vip,) if status.vip else ()
    elif status is not None:
        vips = tuple(status.vips)
    if isinstance(spec, MeshServiceSpec):
        ports = tuple(
            ServicePort(port.port, port.target_port, port.app_protocol or "tcp", port.name or "") for port in spec.ports
        )
    elif isinstance(spec, MeshExternalServiceSpec):
        ports = (ServicePort(spec.match.port, spec.match.port, spec.match.protocol or "tcp", ""),)
    else:
        assert isinstance(spec, MeshMultiZoneServiceSpec)
        ports = tuple(ServicePort(port.port, port.port, port.app_protocol or "tcp", port.name or "") for port in spec.ports)
        # A zone holds the global control plane's MeshMultiZoneService under the name KDS gives it.
        values = [labels[key] for key in ("kuma.io/zone", "k8s.kuma.io/namespace") if key in labels]
        labels.setdefault("kuma.io/display-name", meta.object_name)
        name, object_name = kds_hashed_name(meta.mesh or "default", meta.object_name, *values), ""
        if kubernetes:  # a Kubernetes zone stores it in its system namespace
            name, object_name = f"{name}.{SYSTEM_NAMESPACE}", name
        vips = ()  # KDS does not copy the status
    return ServiceInput(
        resource.kind, name, meta.mesh or "default", labels, ports, vips, meta.creation_time, object_name, ref=key_of(resource)
    )
