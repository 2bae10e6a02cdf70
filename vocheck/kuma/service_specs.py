"""The specs and statuses of the MeshService world: HostnameGenerator, MeshService, MeshExternalService, MeshMultiZoneService.

Kuma stores these four kinds as Go structs, not protobuf messages: their
spec sits under ``spec`` in both forms, and Kuma's control plane writes
what it generates (VIPs, hostnames, conditions) under ``status``. A field
the document does not write is None where Kuma tells "absent" from
"empty" (a pointer in Kuma's types), and the zero value elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import datetime

from vocheck._perf.records import record

# The kinds of the MeshService world, in the order Kuma's hostname generator visits them.
SERVICE_KINDS = ("MeshExternalService", "MeshService", "MeshMultiZoneService")
MESH_SERVICE_WORLD_KINDS = ("HostnameGenerator", *SERVICE_KINDS)


@record
class LabelSelector:
    """``{matchLabels: {...}}``; ``match_labels`` is None when not written, and then it matches everything."""

    match_labels: Mapping[str, str] | None = None

    def matches(self, labels: Mapping[str, str]) -> bool:
        """Every key present with an equal value; no wildcard, no "exists"."""
        return all(key in labels and labels[key] == value for key, value in (self.match_labels or {}).items())


@record
class Extension:
    """``spec.extension``: a plugin's type and its free-form config (the JSON value as written)."""

    type: str = ""
    config: object = None


@record
class HostnameGeneratorSelector:
    """``spec.selector`` of a HostnameGenerator: at most one of the three is meant to be set."""

    mesh_service: LabelSelector | None = None
    mesh_external_service: LabelSelector | None = None
    mesh_multi_zone_service: LabelSelector | None = None

    def for_kind(self, kind: str) -> LabelSelector | None:
        """The selector for resources of ``kind`` (one of SERVICE_KINDS), None when the generator has none."""
        if kind == "MeshService":
            return self.mesh_service
        if kind == "MeshExternalService":
            return self.mesh_external_service
        if kind == "MeshMultiZoneService":
            return self.mesh_multi_zone_service
        return None


@record
class HostnameGeneratorSpec:
    """A decoded HostnameGenerator spec."""

    selector: HostnameGeneratorSelector = field(default_factory=HostnameGeneratorSelector)
    template: str = ""
    extension: Extension | None = None


@record
class HostnameGeneratorRef:
    """Which generator made an address: its core name (``<name>.<namespace>`` on Kubernetes)."""

    core_name: str = ""


@record
class Address:
    """One ``status.addresses`` item: a hostname and where it comes from."""

    hostname: str = ""
    origin: str = ""
    hostname_generator_ref: HostnameGeneratorRef = field(default_factory=HostnameGeneratorRef)


@record
class Condition:
    """One status condition (``Generated``, ``MeshServicesMatched`` ...)."""

    type: str = ""
    status: str = ""
    reason: str = ""
    message: str = ""


@record
class HostnameGeneratorStatus:
    """One ``status.hostnameGenerators`` item: a generator and its conditions for this resource."""

    hostname_generator_ref: HostnameGeneratorRef = field(default_factory=HostnameGeneratorRef)
    conditions: tuple[Condition, ...] = ()


@record
class DataplaneRef:
    """``spec.selector.dataplaneRef`` of a MeshService: one Dataplane by name."""

    name: str = ""


@record
class MeshServiceSelector:
    """``spec.selector`` of a MeshService: at most one of the three is meant to be set."""

    dataplane_tags: Mapping[str, str] | None = None
    dataplane_ref: DataplaneRef | None = None
    dataplane_labels: LabelSelector | None = None


@record
class MeshServicePort:
    """One ``spec.ports`` item of a MeshService.

    ``target_port`` is an int, a named port (str), or None when not written;
    ``name`` is None when not written.
    """

    port: int = 0
    name: str | None = None
    target_port: int | str | None = None
    app_protocol: str = ""


@record
class MeshServiceIdentity:
    """One ``spec.identities`` item: ``ServiceTag`` or ``SpiffeID`` and its value."""

    type: str = ""
    value: str = ""


@record
class DataplaneProxies:
    """``status.dataplaneProxies``: how many proxies the service has, as Kuma last counted."""

    connected: int = 0
    healthy: int = 0
    total: int = 0


@record
class MeshServiceSpec:
    """A decoded MeshService spec."""

    state: str = ""
    selector: MeshServiceSelector = field(default_factory=MeshServiceSelector)
    ports: tuple[MeshServicePort, ...] = ()
    identities: tuple[MeshServiceIdentity, ...] | None = None


@record
class MeshServiceStatus:
    """A MeshService's ``status``: its VIPs (as IP strings), hostnames and their generators' conditions."""

    addresses: tuple[Address, ...] = ()
    vips: tuple[str, ...] = ()
    tls_status: str = ""
    hostname_generators: tuple[HostnameGeneratorStatus, ...] = ()
    dataplane_proxies: DataplaneProxies = field(default_factory=DataplaneProxies)


@record
class Match:
    """``spec.match`` of a MeshExternalService: the port and protocol clients use."""

    type: str = ""
    port: int = 0
    protocol: str = ""


@record
class Endpoint:
    """One ``spec.endpoints`` item of a MeshExternalService; ``priority`` is None when not written."""

    address: str = ""
    port: int = 0
    priority: int | None = None


@record
class SANMatch:
    """One ``subjectAltNames`` item of a MeshExternalService's TLS verification."""

    type: str = ""
    value: str = ""


@record
class DataSource:
    """A certificate or key source: a secret's name, inline bytes (base64 as written) or an inline string."""

    secret: str | None = None
    inline: str | None = None
    inline_string: str | None = None


@record
class Verification:
    """``spec.tls.verification`` of a MeshExternalService."""

    mode: str = ""
    server_name: str | None = None
    subject_alt_names: tuple[SANMatch, ...] | None = None
    ca_cert: DataSource | None = None
    client_cert: DataSource | None = None
    client_key: DataSource | None = None


@record
class TlsVersion:
    """``spec.tls.version``: the minimum and maximum TLS version (``TLSAuto`` when not written)."""

    min: str | None = None
    max: str | None = None


@record
class Tls:
    """``spec.tls`` of a MeshExternalService."""

    enabled: bool = False
    version: TlsVersion | None = None
    allow_renegotiation: bool = False
    verification: Verification | None = None


@record
class MeshExternalServiceSpec:
    """A decoded MeshExternalService spec."""

    match: Match = field(default_factory=Match)
    extension: Extension | None = None
    endpoints: tuple[Endpoint, ...] | None = None
    tls: Tls | None = None


@record
class MeshExternalServiceStatus:
    """A MeshExternalService's ``status``: one VIP (``status.vip.ip``, "" when none), hostnames, conditions."""

    vip: str = ""
    addresses: tuple[Address, ...] = ()
    hostname_generators: tuple[HostnameGeneratorStatus, ...] = ()


@record
class MultiZonePort:
    """One ``spec.ports`` item of a MeshMultiZoneService; ``name`` is None when not written."""

    port: int = 0
    name: str | None = None
    app_protocol: str = ""


@record
class MeshMultiZoneServiceSpec:
    """A decoded MeshMultiZoneService spec: the MeshServices it groups and its ports."""

    mesh_service: LabelSelector = field(default_factory=LabelSelector)
    ports: tuple[MultiZonePort, ...] = ()


@record
class MatchedMeshService:
    """One ``status.meshServices`` item of a MeshMultiZoneService."""

    name: str = ""
    namespace: str = ""
    zone: str = ""
    mesh: str = ""


@record
class MeshMultiZoneServiceStatus:
    """A MeshMultiZoneService's ``status``."""

    addresses: tuple[Address, ...] = ()
    vips: tuple[str, ...] = ()
    mesh_services: tuple[MatchedMeshService, ...] = ()
    hostname_generators: tuple[HostnameGeneratorStatus, ...] = ()
    conditions: tuple[Condition, ...] = ()


ServiceStatus = MeshServiceStatus | MeshExternalServiceStatus | MeshMultiZoneServiceStatus


@record
class KumaMeta:
    """The metadata Kuma's store keeps for a resource of the MeshService world.

    ``name`` is the core name (``<name>.<namespace>`` on Kubernetes);
    ``object_name`` is the name without the namespace, what a hostname
    template reads as ``.Name``; ``namespace`` is "" on Universal; ``mesh``
    is None for the global HostnameGenerator; ``labels`` are the labels as
    written plus the ones Kuma's Kubernetes store adds whatever the zone
    (``kuma.io/display-name``, ``k8s.kuma.io/namespace``, ``kuma.io/mesh``);
    ``creation_time`` is None when the document does not say (a resource
    written by hand: Kuma stamps it on creation).
    """

    kind: str
    name: str
    object_name: str
    namespace: str = ""
    mesh: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    creation_time: datetime | None = None

    @property
    def display_name(self) -> str:
        """``kuma.io/display-name`` when set and not empty, else the core name (Kuma's ``GetDisplayName``)."""
        return self.labels.get("kuma.io/display-name") or self.name
