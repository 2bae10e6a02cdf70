"""The MeshService world's values: services, generators, and the status Kuma would write for them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import datetime

from vocheck._perf.records import record
from vocheck.resolve.keys import ResourceKey

MESH_SERVICE = "MeshService"
MESH_EXTERNAL_SERVICE = "MeshExternalService"
MESH_MULTI_ZONE_SERVICE = "MeshMultiZoneService"
# The order Kuma's hostname generator walks the kinds in; collisions never cross kinds.
GENERATION_ORDER = (MESH_EXTERNAL_SERVICE, MESH_SERVICE, MESH_MULTI_ZONE_SERVICE)

# Where a service comes from.
AUTHORED = "authored"  # a resource of the run
KUBERNETES_SERVICE = "kubernetes-service"  # Kuma's controller, from a ClusterIP Service
KUBERNETES_HEADLESS = "kubernetes-headless"  # Kuma's controller, one per pod of a headless Service
UNIVERSAL_GENERATED = "universal-generated"  # Kuma's generator, from Dataplane inbounds

# Status values, as Kuma writes them.
GENERATED = "Generated"
TEMPLATE_ERROR = "TemplateError"
COLLISION = "Collision"
ORIGIN_GENERATOR = "HostnameGenerator"
# A zone control plane whose multizone.zone.name is unset is named "default": its resources are
# labelled kuma.io/zone: default and its hostname templates read .Zone as "default".
DEFAULT_ZONE_NAME = "default"


def zone_name(zone: str) -> str:
    """The name Kuma's zone control plane goes by: ``zone``, or ``default`` when not federated."""
    return zone or DEFAULT_ZONE_NAME


@record
class ServicePort:
    """One ``spec.ports`` item: ``target_port`` is an int, a port name, or None when unset."""

    port: int
    target_port: int | str | None
    app_protocol: str
    name: str


@record
class ServiceInput:
    """A MeshService, MeshExternalService or MeshMultiZoneService as Kuma's store holds it.

    ``name`` is Kuma's core name (``<name>.<namespace>`` on Kubernetes),
    ``k8s_name`` the Kubernetes object name ("" on Universal), ``labels`` every
    label Kuma's store gives it (the computed ones included). ``vips`` are the
    addresses it already has: its ``status.vips``, or the ClusterIP or pod IPs
    Kuma's Kubernetes controller writes; ``vips_pending`` says Kubernetes
    assigns them (a ClusterIP or pod IPs a manifest does not hold), so the
    allocator skips it. ``source`` is AUTHORED, KUBERNETES_SERVICE,
    KUBERNETES_HEADLESS or UNIVERSAL_GENERATED; ``ref`` points diagnostics at
    the resource it comes from (the Service of a derived one, a Dataplane's
    for a generated one).
    """

    kind: str
    name: str
    mesh: str
    labels: Mapping[str, str]
    ports: tuple[ServicePort, ...] = ()
    vips: tuple[str, ...] = ()
    creation_time: datetime | None = None
    k8s_name: str = ""
    source: str = AUTHORED
    vips_pending: bool = False
    ref: ResourceKey | None = None


@record
class GeneratorInput:
    """A HostnameGenerator: ``selectors`` maps each kind it selects to its ``matchLabels``.

    ``name`` is Kuma's core name (``<name>.<system namespace>`` on
    Kubernetes); ``default`` is True for the generators Kuma's control
    plane creates itself.
    """

    name: str
    template: str
    selectors: Mapping[str, Mapping[str, str]]
    labels: Mapping[str, str] = field(default_factory=dict)
    creation_time: datetime | None = None
    default: bool = False
    ref: ResourceKey | None = None


@record
class Condition:
    """A ``Generated`` condition of one (service, generator) pair."""

    status: str  # "True" or "False"
    reason: str  # GENERATED, TEMPLATE_ERROR or COLLISION
    message: str = ""
    type: str = "Generated"


@record
class Address:
    """One ``status.addresses`` item."""

    hostname: str
    generator: str  # the generator's core name
    origin: str = ORIGIN_GENERATOR


@record
class GeneratorStatus:
    """One ``status.hostnameGenerators`` item."""

    generator: str
    conditions: tuple[Condition, ...]


@record
class ServiceStatus:
    """A service with the status Kuma would write: VIPs, addresses and generator conditions.

    ``addresses`` and ``generators`` are sorted by generator core name, as
    Kuma sorts them.
    """

    service: ServiceInput
    vips: tuple[str, ...]
    addresses: tuple[Address, ...] = ()
    generators: tuple[GeneratorStatus, ...] = ()

    @property
    def kind(self) -> str:
        return self.service.kind

    @property
    def name(self) -> str:
        return self.service.name


@record
class Collision:
    """A hostname a generator rendered for ``loser`` that ``winner`` (same mesh and kind) already had.

    ``winner_generator`` made the winner's hostname; ``why`` says which
    ordering decided: "generator precedence" (the winner's generator comes
    first) or "service order" (same generator; the winner is older, or as old
    and first by name).
    """

    mesh: str
    kind: str
    hostname: str
    generator: str
    winner: str
    loser: str
    winner_generator: str
    why: str
    message: str


@record
class TemplateFailure:
    """A generator whose template failed for a service: Kuma's ``TemplateError`` message."""

    mesh: str
    kind: str
    service: str
    generator: str
    message: str


@record
class PortConflict:
    """Dataplanes whose inbounds of one service give other ports than the ones Kuma kept.

    Kuma logs ``Port conflict, ports must be identical across Dataplane
    inbounds grouped into a single MeshService``; ``kept_from`` is the
    Dataplane whose ports the MeshService has.
    """

    mesh: str
    service: str
    kept_from: str
    dataplanes: tuple[str, ...]


@record
class SkippedInbound:
    """An inbound (3.0: a Dataplane) that gets no generated MeshService, because of the name its ``key`` gives.

    ``rule`` says which naming rule the name breaks; ``reason`` lists the violations.
    """

    mesh: str
    dataplane: str
    service: str
    reason: str
    key: str = "kuma.io/service"
    rule: str = "is not a DNS-1035 label"


@record
class VipShortage:
    """Services the zone's CIDR for their kind had no address left for."""

    kind: str
    cidr: str
    services: tuple[tuple[str, str], ...]  # (mesh, name)


@record
class MeshServiceWorld:
    """One mesh's services with their status, sorted by (kind, name), and what Kuma only logs or reports in status.

    ``collisions`` and ``failures`` are those of this zone; the synced copies'
    own are in their statuses.
    """

    mesh: str
    services: tuple[ServiceStatus, ...]
    collisions: tuple[Collision, ...] = ()
    failures: tuple[TemplateFailure, ...] = ()
    port_conflicts: tuple[PortConflict, ...] = ()
    skipped: tuple[SkippedInbound, ...] = ()
    # The copies other zones hold of this zone's MeshServices (federated zones only), with the
    # status those zones write for them; their VIPs come from each zone's own pool.
    synced: tuple[ServiceStatus, ...] = ()

    def service(self, kind: str, name: str) -> ServiceStatus | None:
        for status in self.services:
            if status.kind == kind and status.name == name:
                return status
        return None


@record
class ServiceWorld:
    """The whole run: every mesh with services (sorted by name), the generators in Kuma's precedence order."""

    meshes: tuple[MeshServiceWorld, ...]
    generators: tuple[GeneratorInput, ...]
    shortages: tuple[VipShortage, ...] = ()

    def mesh(self, name: str) -> MeshServiceWorld | None:
        for world in self.meshes:
            if world.mesh == name:
                return world
        return None
