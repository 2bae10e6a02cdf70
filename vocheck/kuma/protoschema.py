"""The slice of Kuma's protobuf messages vocheck decodes: field names, order and kinds."""

from __future__ import annotations

from typing import Literal

from vocheck._perf.records import record

Kind = Literal["string", "bool", "bytes", "uint32", "int32", "double", "enum", "message", "struct", "duration"]


@record
class EnumSchema:
    """An enum's value names; ``numbers`` gives their numbers when they are not 0, 1, 2 ..."""

    full_name: str
    values: tuple[str, ...]
    numbers: tuple[int, ...] = ()

    def name_of(self, number: int) -> str | None:
        numbers = self.numbers or range(len(self.values))
        for name, value in zip(self.values, numbers):
            if value == number:
                return name
        return None


@record
class FieldSchema:
    """One proto field. ``json_name`` is the camelCase name jsonpb also accepts."""

    name: str
    kind: Kind
    json_name: str = ""
    repeated: bool = False
    is_map: bool = False
    message: MessageSchema | None = None
    enum: EnumSchema | None = None

    @property
    def names(self) -> tuple[str, str]:
        return self.name, self.json_name or self.name


@record
class MessageSchema:
    """A message; ``fields`` in declaration order, which is the order jsonpb walks them."""

    full_name: str
    fields: tuple[FieldSchema, ...]


def _message(full_name: str, *fields: FieldSchema) -> MessageSchema:
    return MessageSchema(full_name, fields)


def _string(name: str, json_name: str = "") -> FieldSchema:
    return FieldSchema(name, "string", json_name)


def _uint32(name: str, json_name: str = "") -> FieldSchema:
    return FieldSchema(name, "uint32", json_name)


def _tags(name: str) -> FieldSchema:
    return FieldSchema(name, "string", is_map=True)


def _nested(name: str, message: MessageSchema, json_name: str = "", repeated: bool = False) -> FieldSchema:
    return FieldSchema(name, "message", json_name, repeated=repeated, message=message)


def _enum(name: str, enum: EnumSchema, json_name: str = "") -> FieldSchema:
    return FieldSchema(name, "enum", json_name, enum=enum)


_MESH = "kuma.mesh.v1alpha1."

SELECTOR = _message(_MESH + "Selector", _tags("match"))
TEMPLATE_PARAMETER = _message(
    _MESH + "VirtualOutbound.Conf.TemplateParameter", _string("name"), _string("tag_key", "tagKey")
)
VIRTUAL_OUTBOUND_CONF = _message(
    _MESH + "VirtualOutbound.Conf",
    _string("host"),
    _string("port"),
    _nested("parameters", TEMPLATE_PARAMETER, repeated=True),
)
VIRTUAL_OUTBOUND = _message(
    _MESH + "VirtualOutbound",
    _nested("selectors", SELECTOR, repeated=True),
    _nested("conf", VIRTUAL_OUTBOUND_CONF),
)

ENVOY_ADMIN = _message(_MESH + "EnvoyAdmin", _uint32("port"))
INBOUND_STATE = EnumSchema(_MESH + "Dataplane.Networking.Inbound.State", ("Ready", "NotReady", "Ignored"))
GATEWAY_TYPE = EnumSchema(_MESH + "Dataplane.Networking.Gateway.GatewayType", ("DELEGATED", "BUILTIN"))
IP_FAMILY_MODE = EnumSchema(
    _MESH + "Dataplane.Networking.TransparentProxying.IpFamilyMode", ("UnSpecified", "DualStack", "IPv4", "IPv6")
)
LISTENER_TYPE = EnumSchema(_MESH + "Dataplane.Networking.Listener.Type", ("Unspecified", "ZoneIngress", "ZoneEgress"))
LISTENER_STATE = EnumSchema(_MESH + "Dataplane.Networking.Listener.State", ("Ready", "NotReady"))

SERVICE_PROBE = _message(
    _MESH + "Dataplane.Networking.Inbound.ServiceProbe",
    FieldSchema("interval", "duration"),
    FieldSchema("timeout", "duration"),
    _uint32("unhealthy_threshold", "unhealthyThreshold"),
    _uint32("healthy_threshold", "healthyThreshold"),
    _nested("tcp", _message(_MESH + "Dataplane.Networking.Inbound.ServiceProbe.Tcp")),
)
INBOUND = _message(
    _MESH + "Dataplane.Networking.Inbound",
    _uint32("port"),
    _uint32("servicePort"),
    _string("serviceAddress"),
    _string("address"),
    _tags("tags"),
    _nested("health", _message(_MESH + "Dataplane.Networking.Inbound.Health", FieldSchema("ready", "bool"))),
    _nested("serviceProbe", SERVICE_PROBE),
    _enum("state", INBOUND_STATE),
    _string("name"),
    _string("protocol"),
)
BACKEND_REF = _message(
    _MESH + "Dataplane.Networking.Outbound.BackendRef",
    _string("kind"),
    _string("name"),
    _uint32("port"),
    _tags("labels"),
)
OUTBOUND = _message(
    _MESH + "Dataplane.Networking.Outbound",
    _string("address"),
    _uint32("port"),
    _tags("tags"),
    _nested("backendRef", BACKEND_REF),
)
GATEWAY = _message(_MESH + "Dataplane.Networking.Gateway", _tags("tags"), _enum("type", GATEWAY_TYPE))
REACHABLE_BACKEND_REF = _message(
    _MESH + "Dataplane.Networking.TransparentProxying.ReachableBackendRef",
    _string("kind"),
    _string("name"),
    _string("namespace"),
    _uint32("port"),
    _tags("labels"),
)
TRANSPARENT_PROXYING = _message(
    _MESH + "Dataplane.Networking.TransparentProxying",
    _uint32("redirect_port_inbound", "redirectPortInbound"),
    _uint32("redirect_port_outbound", "redirectPortOutbound"),
    FieldSchema("direct_access_services", "string", "directAccessServices", repeated=True),
    FieldSchema("reachable_services", "string", "reachableServices", repeated=True),
    _enum("ip_family_mode", IP_FAMILY_MODE, "ipFamilyMode"),
    _nested(
        "reachable_backends",
        _message(
            _MESH + "Dataplane.Networking.TransparentProxying.ReachableBackends",
            _nested("refs", REACHABLE_BACKEND_REF, repeated=True),
        ),
        "reachableBackends",
    ),
)
LISTENER = _message(
    _MESH + "Dataplane.Networking.Listener",
    _enum("type", LISTENER_TYPE),
    _string("address"),
    _uint32("port"),
    _string("name"),
    _enum("state", LISTENER_STATE),
)
DATAPLANE_NETWORKING = _message(
    _MESH + "Dataplane.Networking",
    _string("address"),
    _string("advertisedAddress"),
    _nested("gateway", GATEWAY),
    _nested("inbound", INBOUND, repeated=True),
    _nested("outbound", OUTBOUND, repeated=True),
    _nested("transparent_proxying", TRANSPARENT_PROXYING, "transparentProxying"),
    _nested("admin", ENVOY_ADMIN),
    _nested("listeners", LISTENER, repeated=True),
)
METRICS_BACKEND = _message(
    _MESH + "MetricsBackend", _string("name"), _string("type"), FieldSchema("conf", "struct")
)
PROBES = _message(
    _MESH + "Dataplane.Probes",
    _uint32("port"),
    _nested(
        "endpoints",
        _message(
            _MESH + "Dataplane.Probes.Endpoint",
            _uint32("inbound_port", "inboundPort"),
            _string("inbound_path", "inboundPath"),
            _string("path"),
        ),
        repeated=True,
    ),
)
DATAPLANE = _message(
    _MESH + "Dataplane",
    _nested("networking", DATAPLANE_NETWORKING),
    _nested("metrics", METRICS_BACKEND),
    _nested("probes", PROBES),
)

DATA_SOURCE = _message(
    "kuma.system.v1alpha1.DataSource",
    _string("secret"),
    _string("file"),
    FieldSchema("inline", "bytes"),
    _string("inlineString"),
)
EXTERNAL_SERVICE_TLS = _message(
    _MESH + "ExternalService.Networking.TLS",
    FieldSchema("enabled", "bool"),
    _nested("ca_cert", DATA_SOURCE, "caCert"),
    _nested("client_cert", DATA_SOURCE, "clientCert"),
    _nested("client_key", DATA_SOURCE, "clientKey"),
    FieldSchema("allowRenegotiation", "bool"),
    _string("server_name", "serverName"),
    FieldSchema("skipHostnameVerification", "bool"),
)
EXTERNAL_SERVICE = _message(
    _MESH + "ExternalService",
    _nested(
        "networking",
        _message(
            _MESH + "ExternalService.Networking",
            _string("address"),
            _nested("tls", EXTERNAL_SERVICE_TLS),
            FieldSchema("disableHostDNSEntry", "bool"),
        ),
    ),
    _tags("tags"),
)

ZONE_INGRESS = _message(
    _MESH + "ZoneIngress",
    _string("zone"),
    _nested(
        "networking",
        _message(
            _MESH + "ZoneIngress.Networking",
            _string("address"),
            _string("advertisedAddress"),
            _uint32("port"),
            _uint32("advertisedPort"),
            _nested("admin", ENVOY_ADMIN),
        ),
    ),
    _nested(
        "availableServices",
        _message(
            _MESH + "ZoneIngress.AvailableService",
            _tags("tags"),
            _uint32("instances"),
            _string("mesh"),
            FieldSchema("externalService", "bool"),
        ),
        repeated=True,
    ),
)

PROMETHEUS_TLS_MODE = EnumSchema(
    _MESH + "PrometheusTlsConfig.Mode", ("activeMTLSBackend", "providedTLS", "disabled")
)
PROMETHEUS_CONFIG = _message(
    _MESH + "PrometheusMetricsBackendConfig",
    _uint32("port"),
    _string("path"),
    _tags("tags"),
    FieldSchema("skipMTLS", "bool"),
    _nested(
        "aggregate",
        _message(
            _MESH + "PrometheusAggregateMetricsConfig",
            _string("name"),
            _uint32("port"),
            _string("path"),
            FieldSchema("enabled", "bool"),
            _string("address"),
        ),
        repeated=True,
    ),
    _nested(
        "envoy",
        _message(_MESH + "PrometheusEnvoyConfig", _string("filterRegex"), FieldSchema("usedOnly", "bool")),
    ),
    _nested("tls", _message(_MESH + "PrometheusTlsConfig", _enum("mode", PROMETHEUS_TLS_MODE))),
)
"""What a ``prometheus`` metrics backend's ``conf`` decodes into (``skipMTLS``, ``enabled``, ``usedOnly`` are BoolValue)."""
LISTENER_PROTOCOL = EnumSchema(
    _MESH + "MeshGateway.Listener.Protocol", ("NONE", "TCP", "TLS", "HTTP", "HTTPS"), (0, 1, 3, 4, 5)
)
GATEWAY_TLS_MODE = EnumSchema(_MESH + "MeshGateway.TLS.Mode", ("NONE", "TERMINATE", "PASSTHROUGH"))
MESH_GATEWAY_LISTENER = _message(
    _MESH + "MeshGateway.Listener",
    _string("hostname"),
    _uint32("port"),
    _enum("protocol", LISTENER_PROTOCOL),
    _nested(
        "tls",
        _message(
            _MESH + "MeshGateway.TLS.Conf",
            _enum("mode", GATEWAY_TLS_MODE),
            _nested("certificates", DATA_SOURCE, repeated=True),
            _nested("options", _message(_MESH + "MeshGateway.TLS.Options")),
        ),
    ),
    _tags("tags"),
    FieldSchema("crossMesh", "bool"),
    _nested(
        "resources",
        _message(_MESH + "MeshGateway.Listener.Resources", _uint32("connection_limit", "connectionLimit")),
    ),
)
MESH_GATEWAY = _message(
    _MESH + "MeshGateway",
    _nested("selectors", SELECTOR, repeated=True),
    _tags("tags"),
    _nested("conf", _message(_MESH + "MeshGateway.Conf", _nested("listeners", MESH_GATEWAY_LISTENER, repeated=True))),
)
