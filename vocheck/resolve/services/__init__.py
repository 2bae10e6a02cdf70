"""The MeshService world, offline: services, their hostnames from HostnameGenerators, and their VIPs.

``resolve_services`` reproduces what Kuma 2.14's zone control plane makes of
a run: the MeshServices its Kubernetes controller creates from Services
(``kubernetes``), the ones its Universal generator creates from Dataplanes
(``universal``), the authored ones; the default HostnameGenerators
(``defaults``) next to the authored ones; every hostname with the status
Kuma writes (``hostnames``); and VIPs from the zone's pools (``vips``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field

from vocheck._perf.records import record
from vocheck.resolve.inputs import DataplaneInput
from vocheck.resolve.services.defaults import default_generators
from vocheck.resolve.services.hostnames import HostnameError, evaluate, generate, matches, sort_generators
from vocheck.resolve.services.kubernetes import kubernetes_services
from vocheck.resolve.services.model import (
    AUTHORED,
    COLLISION,
    GENERATED,
    GENERATION_ORDER,
    KUBERNETES_HEADLESS,
    KUBERNETES_SERVICE,
    MESH_EXTERNAL_SERVICE,
    MESH_MULTI_ZONE_SERVICE,
    MESH_SERVICE,
    TEMPLATE_ERROR,
    UNIVERSAL_GENERATED,
    Address,
    Collision,
    Condition,
    GeneratorInput,
    GeneratorStatus,
    MeshServiceWorld,
    PortConflict,
    ServiceInput,
    ServicePort,
    ServiceStatus,
    ServiceWorld,
    SkippedInbound,
    TemplateFailure,
    VipShortage,
    zone_name,
)
from vocheck.resolve.services.synced import synced_copies
from vocheck.resolve.services.universal import generate_universal
from vocheck.resolve.services.vips import DEFAULT_CIDRS, allocate_service_vips
from vocheck.resolve.workloads import KubernetesObject

__all__ = [
    "AUTHORED",
    "COLLISION",
    "DEFAULT_CIDRS",
    "GENERATED",
    "GENERATION_ORDER",
    "KUBERNETES_HEADLESS",
    "KUBERNETES_SERVICE",
    "MESH_EXTERNAL_SERVICE",
    "MESH_MULTI_ZONE_SERVICE",
    "MESH_SERVICE",
    "TEMPLATE_ERROR",
    "UNIVERSAL_GENERATED",
    "Address",
    "Collision",
    "Condition",
    "GeneratorInput",
    "GeneratorStatus",
    "HostnameError",
    "MeshServiceWorld",
    "PortConflict",
    "ServiceInput",
    "ServicePort",
    "ServiceSettings",
    "ServiceStatus",
    "ServiceWorld",
    "SkippedInbound",
    "TemplateFailure",
    "VipShortage",
    "zone_name",
    "default_generators",
    "evaluate",
    "matches",
    "resolve_services",
    "sort_generators",
]


@record
class ServiceSettings:
    """The zone control plane the world is resolved for.

    ``zone`` is its name ("" when not federated: Kuma then names it
    ``default``, its ``multizone.zone.name`` default, which labels and
    templates see); ``kubernetes`` says it runs
    on Kubernetes (which default generators it has); ``kuma_version`` picks
    the rules (2.14 validates rendered hostnames; 3.0 generates MeshServices
    from ``kuma.io/workload`` in every mesh); ``cidrs`` are the VIP pools by
    kind; ``default_generators`` is False for ``defaults.skipHostnameGenerators``.
    """

    zone: str = ""
    kubernetes: bool = False
    kuma_version: tuple[int, int] = (2, 14)
    cidrs: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_CIDRS))
    default_generators: bool = True


def resolve_services(
    authored: Iterable[ServiceInput],
    generators: Iterable[GeneratorInput],
    dataplanes: Sequence[DataplaneInput] = (),
    kubernetes_objects: Sequence[KubernetesObject] = (),
    enabled: Callable[[str], bool] = lambda mesh: False,
    settings: ServiceSettings | None = None,
    dataplane_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> ServiceWorld:
    """Every mesh's services with the status Kuma would write.

    ``dataplanes`` are the run's Universal Dataplanes; ``kubernetes_objects``
    its plain manifests; ``enabled(mesh)`` says whether Kuma generates
    MeshServices in a mesh (``meshServices.mode`` is not ``Disabled``).
    ``dataplane_labels`` (by Dataplane name) feed the 3.0 ``kuma.io/workload``
    generation. Of a generator of the run and a default of the same name, the
    run's wins. Raises ValueError for a CIDR that does not parse.
    """
    settings = settings or ServiceSettings()
    version_3 = settings.kuma_version >= (3, 0)
    is_enabled = (lambda mesh: True) if version_3 else enabled
    services = list(authored)
    taken = {(service.kind, service.mesh, service.name) for service in services}
    authored_names = frozenset((mesh, name) for kind, mesh, name in taken if kind == MESH_SERVICE)
    name = zone_name(settings.zone)
    derived = kubernetes_services(kubernetes_objects, name, is_enabled, settings.kuma_version) if kubernetes_objects else ()
    services.extend(service for service in derived if (service.kind, service.mesh, service.name) not in taken)
    universal = generate_universal(
        [dataplane for dataplane in dataplanes if is_enabled(dataplane.mesh)],
        name,
        (dataplane_labels or {}) if version_3 else None,
        authored_names,
        settings.kuma_version,
    )
    services.extend(universal.services)
    run_generators = list(generators)
    names = {generator.name for generator in run_generators}
    if settings.default_generators:
        defaults = default_generators(settings.zone, settings.kubernetes)
        run_generators.extend(generator for generator in defaults if generator.name not in names)
    validate_dns = settings.kuma_version >= (2, 14)
    generation = generate(services, run_generators, name, validate_dns)
    vips, shortages = allocate_service_vips(services, settings.cidrs)
    meshes: dict[str, list[ServiceStatus]] = {}
    for service in services:
        key = (service.kind, service.mesh, service.name)
        addresses, statuses = generation.statuses.get(key, ((), ()))
        meshes.setdefault(service.mesh, []).append(ServiceStatus(service, vips.get(key, ()), addresses, statuses))
    copies = synced_copies(services, settings.zone, settings.kubernetes)
    # Another zone runs the same generators (the global ones arrive everywhere; the run's stand for its own).
    remote = generate(copies, run_generators, name, validate_dns)
    synced: dict[str, list[ServiceStatus]] = {}
    for copy in copies:
        addresses, statuses = remote.statuses.get((copy.kind, copy.mesh, copy.name), ((), ()))
        synced.setdefault(copy.mesh, []).append(ServiceStatus(copy, (), addresses, statuses))
    worlds = []
    for mesh in sorted(meshes):
        worlds.append(
            MeshServiceWorld(
                mesh,
                tuple(sorted(meshes[mesh], key=lambda status: (status.kind, status.name))),
                tuple(item for item in generation.collisions if item.mesh == mesh),
                tuple(item for item in generation.failures if item.mesh == mesh),
                tuple(item for item in universal.conflicts if item.mesh == mesh),
                tuple(item for item in universal.skipped if item.mesh == mesh),
                tuple(sorted(synced.get(mesh, ()), key=lambda status: status.name)),
            )
        )
    return ServiceWorld(tuple(worlds), tuple(sort_generators(run_generators)), shortages)
