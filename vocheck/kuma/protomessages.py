"""Kuma's protobuf messages of the kinds besides VirtualOutbound: Dataplane, ExternalService, ZoneIngress, Mesh, MeshGateway.

Apart from vocheck.kuma.protoschema so that a run decoding VirtualOutbounds alone never builds them.
"""

from __future__ import annotations

from vocheck.kuma.protoschema import (
    DATA_SOURCE,
    ENVOY_ADMIN,
    MESH_PACKAGE,
    SELECTOR,
    EnumSchema,
    FieldSchema,
    enumeration,
    message,
    nested,
    string,
    tags,
    uint32,
)

INBOUND_STATE = EnumSchema(MESH_PACKAGE + "Dataplane.Networking.Inbound.State", ("Ready", "NotReady", "Ignored"))
GATEWAY_TYPE = EnumSchema(MESH_PACKAGE + "Dataplane.Networking.Gateway.GatewayType", ("DELEGATED", "BUILTIN"))
IP_FAMILY_MODE = EnumSchema(
    MESH_PACKAGE + "Dataplane.Networking.TransparentProxying.IpFamilyMode", ("UnSpecified", "DualStack", "IPv4", "IPv6")
)
LISTENER_TYPE = EnumSchema(MESH_PACKAGE + "Dataplane.Networking.Listener.Type", ("Unspecified", "ZoneIngress", "ZoneEgress"))
LISTENER_STATE = EnumSchema(MESH_PACKAGE + "Dataplane.Networking.Listener.State", ("Ready", "NotReady"))

SERVICE_PROBE = message(
    MESH_PACKAGE + "Dataplane.Networking.Inbound.ServiceProbe",
    FieldSchema("interval", "duration"),
    FieldSchema("timeout", "duration"),
    uint32("unhealthy_threshold", "unhealthyThreshold"),
    uint32("healthy_threshold", "healthyThreshold"),
    nested("tcp", message(MESH_PACKAGE + "Dataplane.Networking.Inbound.ServiceProbe.Tcp")),
)
INBOUND = message(
    MESH_PACKAGE + "Dataplane.Networking.Inbound",
    uint32("port"),
    uint32("servicePort"),
    string("serviceAddress"),
    string("address"),
    tags("tags"),
    nested("health", message(MESH_PACKAGE + "Dataplane.Networking.Inbound.Health", FieldSchema("ready", "bool"))),
    nested("serviceProbe", SERVICE_PROBE),
    enumeration("state", INBOUND_STATE),
    string("name"),
    string("protocol"),
)
BACKEND_REF = message(
    MESH_PACKAGE + "Dataplane.Networking.Outbound.BackendRef",
    string("kind"),
    string("name"),
    uint32("port"),
    tags("labels"),
)
OUTBOUND = message(
    MESH_PACKAGE + "Dataplane.Networking.Outbound",
    string("address"),
    uint32("port"),
    tags("tags"),
    nested("backendRef", BACKEND_REF),
)
GATEWAY = message(MESH_PACKAGE + "Dataplane.Networking.Gateway", tags("tags"), enumeration("type", GATEWAY_TYPE))
REACHABLE_BACKEND_REF = message(
    MESH_PACKAGE + "Dataplane.Networking.TransparentProxying.ReachableBackendRef",
    string("kind"),
    string("name"),
    string("namespace"),
    uint32("port"),
    tags("labels"),
)
TRANSPARENT_PROXYING = message(
    MESH_PACKAGE + "Dataplane.Networking.TransparentProxying",
    uint32("redirect_port_inbound", "redirectPortInbound"),
    uint32("redirect_port_outbound", "redirectPortOutbound"),
    FieldSchema("direct_access_services", "string", "directAccessServices", repeated=True),
    FieldSchema("reachable_services", "string", "reachableServices", repeated=True),
    enumeration("ip_family_mode", IP_FAMILY_MODE, "ipFamilyMode"),
    nested(
        "reachable_backends",
        message(
            MESH_PACKAGE + "Dataplane.Networking.TransparentProxying.ReachableBackends",
            nested("refs", REACHABLE_BACKEND_REF, repeated=True),
        ),
        "reachableBackends",
    ),
)
LISTENER = message(
    MESH_PACKAGE + "Dataplane.Networking.Listener",
    enumeration("type", LISTENER_TYPE),
    string("address"),
    uint32("port"),
    string("name"),
    enumeration("state", LISTENER_STATE),
)
DATAPLANE_NETWORKING = message(
    MESH_PACKAGE + "Dataplane.Networking",
    string("address"),
    string("advertisedAddress"),
    nested("gateway", GATEWAY),
    nested("inbound", INBOUND, repeated=True),
    nested("outbound", OUTBOUND, repeated=True),
    nested("transparent_proxying", TRANSPARENT_PROXYING, "transparentProxying"),
    nested("admin", ENVOY_ADMIN),
    nested("listeners", LISTENER, repeated=True),
)
METRICS_BACKEND = message(
    MESH_PACKAGE + "MetricsBackend", string("name"), string("type"), FieldSchema("conf", "struct")
)
PROBES = message(
    MESH_PACKAGE + "Dataplane.Probes",
    uint32("port"),
    nested(
        "endpoints",
        message(
            MESH_PACKAGE + "Dataplane.Probes.Endpoint",
            uint32("inbound_port", "inboundPort"),
            string("inbound_path", "inboundPath"),
            string("path"),
        ),
        repeated=True,
    ),
)
DATAPLANE = message(
    MESH_PACKAGE + "Dataplane",
    nested("networking", DATAPLANE_NETWORKING),
    nested("metrics", METRICS_BACKEND),
    nested("probes", PROBES),
)


EXTERNAL_SERVICE_TLS = message(
    MESH_PACKAGE + "ExternalService.Networking.TLS",
    FieldSchema("enabled", "bool"),
    nested("ca_cert", DATA_SOURCE, "caCert"),
    nested("client_cert", DATA_SOURCE, "clientCert"),
    nested("client_key", DATA_SOURCE, "clientKey"),
    FieldSchema("allowRenegotiation", "bool"),
    string("server_name", "serverName"),
    FieldSchema("skipHostnameVerification", "bool"),
)
EXTERNAL_SERVICE = message(
    MESH_PACKAGE + "ExternalService",
    nested(
        "networking",
        message(
            MESH_PACKAGE + "ExternalService.Networking",
            string("address"),
            nested("tls", EXTERNAL_SERVICE_TLS),
            FieldSchema("disableHostDNSEntry", "bool"),
        ),
    ),
    tags("tags"),
)

ZONE_INGRESS = message(
    MESH_PACKAGE + "ZoneIngress",
    string("zone"),
    nested(
        "networking",
        message(
            MESH_PACKAGE + "ZoneIngress.Networking",
            string("address"),
            string("advertisedAddress"),
            uint32("port"),
            uint32("advertisedPort"),
            nested("admin", ENVOY_ADMIN),
        ),
    ),
    nested(
        "availableServices",
        message(
            MESH_PACKAGE + "ZoneIngress.AvailableService",
            tags("tags"),
            uint32("instances"),
            string("mesh"),
            FieldSchema("externalService", "bool"),
        ),
        repeated=True,
    ),
)

PROMETHEUS_TLS_MODE = EnumSchema(
    MESH_PACKAGE + "PrometheusTlsConfig.Mode", ("activeMTLSBackend", "providedTLS", "disabled")
)
PROMETHEUS_CONFIG = message(
    MESH_PACKAGE + "PrometheusMetricsBackendConfig",
    uint32("port"),
    string("path"),
    tags("tags"),
    FieldSchema("skipMTLS", "bool"),
    nested(
        "aggregate",
        message(
            MESH_PACKAGE + "PrometheusAggregateMetricsConfig",
            string("name"),
            uint32("port"),
            string("path"),
            FieldSchema("enabled", "bool"),
            string("address"),
        ),
        repeated=True,
    ),
    nested(
        "envoy",
        message(MESH_PACKAGE + "PrometheusEnvoyConfig", string("filterRegex"), FieldSchema("usedOnly", "bool")),
    ),
    nested("tls", message(MESH_PACKAGE + "PrometheusTlsConfig", enumeration("mode", PROMETHEUS_TLS_MODE))),
)
"""What a ``prometheus`` metrics backend's ``conf`` decodes into (``skipMTLS``, ``enabled``, ``usedOnly`` are BoolValue)."""
LISTENER_PROTOCOL = EnumSchema(
    MESH_PACKAGE + "MeshGateway.Listener.Protocol", ("NONE", "TCP", "TLS", "HTTP", "HTTPS"), (0, 1, 3, 4, 5)
)
GATEWAY_TLS_MODE = EnumSchema(MESH_PACKAGE + "MeshGateway.TLS.Mode", ("NONE", "TERMINATE", "PASSTHROUGH"))
MESH_GATEWAY_LISTENER = message(
    MESH_PACKAGE + "MeshGateway.Listener",
    string("hostname"),
    uint32("port"),
    enumeration("protocol", LISTENER_PROTOCOL),
    nested(
        "tls",
        message(
            MESH_PACKAGE + "MeshGateway.TLS.Conf",
            enumeration("mode", GATEWAY_TLS_MODE),
            nested("certificates", DATA_SOURCE, repeated=True),
            nested("options", message(MESH_PACKAGE + "MeshGateway.TLS.Options")),
        ),
    ),
    tags("tags"),
    FieldSchema("crossMesh", "bool"),
    nested(
        "resources",
        message(MESH_PACKAGE + "MeshGateway.Listener.Resources", uint32("connection_limit", "connectionLimit")),
    ),
)
MESH_GATEWAY = message(
    MESH_PACKAGE + "MeshGateway",
    nested("selectors", SELECTOR, repeated=True),
    tags("tags"),
    nested("conf", message(MESH_PACKAGE + "MeshGateway.Conf", nested("listeners", MESH_GATEWAY_LISTENER, repeated=True))),
)
