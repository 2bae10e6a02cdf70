"""Kuma resource specs as Kuma's control plane sees them after decoding."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import datetime, timezone
from typing import Generic, TypeVar

from vocheck._perf.records import record

JsonPath = tuple[str | int, ...]
"""Keys and indexes from a spec's root to one value: ("conf", "parameters", 0)."""

# The kinds vocheck reads, in both forms.
KUMA_KINDS = (
    "VirtualOutbound",
    "Dataplane",
    "ExternalService",
    "ZoneIngress",
    "Mesh",
    "MeshGateway",
    "HostnameGenerator",
    "MeshService",
    "MeshExternalService",
    "MeshMultiZoneService",
)
# Kinds Kuma stores as Go structs rather than protobuf messages: the spec sits under
# ``spec`` in both forms, next to a ``status`` Kuma's control plane writes.
SPEC_KINDS = frozenset({"HostnameGenerator", "MeshService", "MeshExternalService", "MeshMultiZoneService"})


@record
class Violation:
    """One rule Kuma's control plane enforces, broken: Kuma's field path and message.

    ``field`` and ``message`` are byte for byte what Kuma reports; ``path`` is
    where the offending value sits in the spec, for placing a diagnostic.
    """

    field: str
    message: str
    path: JsonPath = ()

    def rooted(self, prefix: str, path_prefix: JsonPath) -> Violation:
        """Re-root under ``prefix`` the way Kuma's admission webhook does (``spec.``)."""
        rooted_field = f"{prefix}.{self.field}" if self.field else prefix
        return Violation(rooted_field, self.message, path_prefix + self.path)


@record
class Parameter:
    """One ``conf.parameters`` item: a template key and the tag it reads."""

    name: str
    tag_key: str = ""
    # Kuma accepts ``tagKey`` and the proto name ``tag_key``; remember which one
    # the user wrote so a diagnostic can point at it.
    tag_key_source: str = "tagKey"

    @property
    def tag_key_or_name(self) -> str:
        return self.tag_key or self.name


@record
class Conf:
    """``conf`` of a VirtualOutbound."""

    host: str = ""
    port: str = ""
    parameters: tuple[Parameter, ...] = ()


@record
class VirtualOutboundSpec:
    """A decoded VirtualOutbound spec; ``conf`` is None when it was absent or null."""

    selectors: tuple[Mapping[str, str], ...] = ()
    conf: Conf | None = None


@record
class Inbound:
    """One ``networking.inbound`` item; only what resolution reads."""

    port: int = 0
    tags: Mapping[str, str] = field(default_factory=dict)
    state: str = "Ready"
    service_port: int = 0
    service_address: str = ""
    address: str = ""
    protocol: str = ""


@record
class Gateway:
    """``networking.gateway`` of a gateway Dataplane."""

    type: str = "DELEGATED"
    tags: Mapping[str, str] = field(default_factory=dict)


@record
class DataplaneSpec:
    """A decoded Dataplane spec."""

    address: str = ""
    inbounds: tuple[Inbound, ...] = ()
    gateway: Gateway | None = None
    # Kuma refuses a Dataplane whose ``networking`` is absent or null.
    networking_defined: bool = True
    # The whole decoded spec (proto field names as keys) next to the mapping
    # it came from, for the rules resolution does not need (probes, metrics,
    # outbounds, listeners...): the written keys tell where a value sits.
    decoded: Mapping[str, object] = field(default_factory=dict)
    written: Mapping[str, object] = field(default_factory=dict)


@record
class DataSourceSpec:
    """A written TLS data source (``caCert``, ``clientCert``, ``clientKey``) of an ExternalService.

    ``key`` is the spelling the document uses (``caCert`` or ``ca_cert``);
    ``empty`` says the source holds nothing: no member written, or the one
    that counts (the last declared of secret, file, inline, inlineString)
    is empty.
    """

    key: str
    empty: bool


@record
class ExternalServiceTls:
    """``networking.tls`` of an ExternalService; ``server_name`` is None when not written."""

    server_name: str | None = None
    server_name_key: str = "serverName"
    ca_cert: DataSourceSpec | None = None
    client_cert: DataSourceSpec | None = None
    client_key: DataSourceSpec | None = None


@record
class ExternalServiceSpec:
    """A decoded ExternalService spec."""

    address: str = ""
    tags: Mapping[str, str] = field(default_factory=dict)
    disable_host_dns_entry: bool = False
    # Kuma refuses an ExternalService whose ``networking`` is absent or null.
    networking_defined: bool = True
    tls: ExternalServiceTls | None = None


@record
class AvailableService:
    """One ``availableServices`` item of a ZoneIngress."""

    tags: Mapping[str, str] = field(default_factory=dict)
    mesh: str = ""
    instances: int = 0
    external_service: bool = False


@record
class ZoneIngressSpec:
    """A decoded ZoneIngress spec."""

    zone: str = ""
    available_services: tuple[AvailableService, ...] = ()
    address: str = ""
    advertised_address: str = ""
    port: int = 0
    advertised_port: int = 0
    # ``networking.admin.port``; None when ``admin`` is not written.
    admin_port: int | None = None


@record
class MeshSpec:
    """A decoded Mesh spec, kept as jsonpb decoded it.

    ``fields`` holds every written, non-null field by proto name (nested
    messages as mappings, backend ``conf`` blocks as the free JSON Kuma
    stores); ``written`` is the spec as the document holds it.
    """

    fields: Mapping[str, object]
    written: object = None


@record
class GatewayTLS:
    """``tls`` of a MeshGateway listener: its mode and how many certificates it names."""

    mode: str = "NONE"
    certificates: int = 0


@record
class MeshGatewayListener:
    """One ``conf.listeners`` item of a MeshGateway.

    ``protocol`` and ``tls.mode`` hold the enum name, or the number when
    it names no value.
    """

    hostname: str = ""
    port: int = 0
    protocol: str = "NONE"
    tags: Mapping[str, str] = field(default_factory=dict)
    cross_mesh: bool = False
    tls: GatewayTLS | None = None
    connection_limit: int = 0


@record
class MeshGatewaySpec:
    """A decoded MeshGateway spec."""

    selectors: tuple[Mapping[str, str], ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    listeners: tuple[MeshGatewayListener, ...] = ()
    conf_defined: bool = False


@record
class DecodeError:
    """A value Kuma's decoder (golang/protobuf jsonpb) refuses: where, and jsonpb's exact text."""

    path: JsonPath
    message: str


T = TypeVar("T")


@record
class Decoded(Generic[T]):
    """A decoded spec, or the reasons it could not be decoded.

    ``errors`` lists every refused value in the order jsonpb meets them;
    Kuma stops at the first, so ``errors[0]`` is the one Kuma reports.
    ``value`` is None whenever ``errors`` is not empty.
    """

    value: T | None
    errors: tuple[DecodeError, ...] = ()


def parse_time(value: object) -> datetime | None:
    """An RFC 3339 time as Kuma writes it (``creationTime``, ``creationTimestamp``); None when unreadable."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
