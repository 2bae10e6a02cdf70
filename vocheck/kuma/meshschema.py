"""Kuma's Mesh message and the typed messages its backend ``conf`` blocks are read as.

A backend's ``conf`` is a ``google.protobuf.Struct``: Kuma keeps it as free
JSON when it decodes the Mesh and reads it into one of the typed messages
below only when it validates (or defaults) the backend. In every message
here the proto name and the JSON name are the same.
"""

from __future__ import annotations

from vocheck.kuma.protoschema import DATA_SOURCE, EnumSchema, FieldSchema, Kind, MessageSchema

_MESH = "kuma.mesh.v1alpha1."


def _field(name: str, kind: Kind, repeated: bool = False) -> FieldSchema:
    return FieldSchema(name, kind, repeated=repeated)


def _nested(name: str, message: MessageSchema, repeated: bool = False) -> FieldSchema:
    return FieldSchema(name, "message", repeated=repeated, message=message)


def _enum(name: str, enum: EnumSchema) -> FieldSchema:
    return FieldSchema(name, "enum", enum=enum)


def _tags(name: str) -> FieldSchema:
    return FieldSchema(name, "string", is_map=True)


# Wrapper types (BoolValue, DoubleValue, UInt32Value, StringValue) decode exactly
# like the scalar they wrap; a decoded message keeps a field only when it was
# written and not null, which is the presence a wrapper adds.

CA_MODE = EnumSchema(_MESH + "CertificateAuthorityBackend.Mode", ("STRICT", "PERMISSIVE"))
MESH_SERVICES_MODE = EnumSchema(
    _MESH + "Mesh.MeshServices.Mode", ("Disabled", "Everywhere", "ReachableBackends", "Exclusive")
)

CA_BACKEND = MessageSchema(
    _MESH + "CertificateAuthorityBackend",
    (
        _field("name", "string"),
        _field("type", "string"),
        _nested(
            "dpCert",
            MessageSchema(
                _MESH + "CertificateAuthorityBackend.DpCert",
                (
                    _nested(
                        "rotation",
                        MessageSchema(
                            _MESH + "CertificateAuthorityBackend.DpCert.Rotation", (_field("expiration", "string"),)
                        ),
                    ),
                    _field("requestTimeout", "duration"),
                ),
            ),
        ),
        _field("conf", "struct"),
        _enum("mode", CA_MODE),
        _nested(
            "rootChain",
            MessageSchema(_MESH + "CertificateAuthorityBackend.RootChain", (_field("requestTimeout", "duration"),)),
        ),
    ),
)

TRACING_BACKEND = MessageSchema(
    _MESH + "TracingBackend",
    (_field("name", "string"), _field("sampling", "double"), _field("type", "string"), _field("conf", "struct")),
)
LOGGING_BACKEND = MessageSchema(
    _MESH + "LoggingBackend",
    (_field("name", "string"), _field("format", "string"), _field("type", "string"), _field("conf", "struct")),
)
METRICS_BACKEND = MessageSchema(
    _MESH + "MetricsBackend", (_field("name", "string"), _field("type", "string"), _field("conf", "struct"))
)
CONSTRAINT_RULES = MessageSchema(_MESH + "Mesh.DataplaneProxyConstraints.Rules", (_tags("tags"),))

MESH = MessageSchema(
    _MESH + "Mesh",
    (
        _nested(
            "mtls",
            MessageSchema(
                _MESH + "Mesh.Mtls",
                (
                    _field("enabledBackend", "string"),
                    _nested("backends", CA_BACKEND, repeated=True),
                    _field("skipValidation", "bool"),
                ),
            ),
        ),
        _nested(
            "tracing",
            MessageSchema(
                _MESH + "Tracing",
                (_field("defaultBackend", "string"), _nested("backends", TRACING_BACKEND, repeated=True)),
            ),
        ),
        _nested(
            "logging",
            MessageSchema(
                _MESH + "Logging",
                (_field("defaultBackend", "string"), _nested("backends", LOGGING_BACKEND, repeated=True)),
            ),
        ),
        _nested(
            "metrics",
            MessageSchema(
                _MESH + "Metrics",
                (_field("enabledBackend", "string"), _nested("backends", METRICS_BACKEND, repeated=True)),
            ),
        ),
        _nested(
            "networking",
            MessageSchema(
                _MESH + "Networking",
                (
                    _nested(
                        "outbound",
                        MessageSchema(_MESH + "Networking.Outbound", (_field("passthrough", "bool"),)),
                    ),
                ),
            ),
        ),
        _nested(
            "routing",
            MessageSchema(
                _MESH + "Routing",
                (
                    _field("localityAwareLoadBalancing", "bool"),
                    _field("zoneEgress", "bool"),
                    _field("defaultForbidMeshExternalServiceAccess", "bool"),
                ),
            ),
        ),
        _nested(
            "constraints",
            MessageSchema(
                _MESH + "Mesh.Constraints",
                (
                    _nested(
                        "dataplaneProxy",
                        MessageSchema(
                            _MESH + "Mesh.DataplaneProxyConstraints",
                            (
                                _nested("requirements", CONSTRAINT_RULES, repeated=True),
                                _nested("restrictions", CONSTRAINT_RULES, repeated=True),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        _field("skipCreatingInitialPolicies", "string", repeated=True),
        _nested("meshServices", MessageSchema(_MESH + "Mesh.MeshServices", (_enum("mode", MESH_SERVICES_MODE),))),
    ),
)

# The typed ``conf`` of each backend type (a prometheus one is PROMETHEUS_CONFIG, shared with Dataplanes).

FILE_LOGGING = MessageSchema(_MESH + "FileLoggingBackendConfig", (_field("path", "string"),))
TCP_LOGGING = MessageSchema(_MESH + "TcpLoggingBackendConfig", (_field("address", "string"),))
ZIPKIN_TRACING = MessageSchema(
    _MESH + "ZipkinTracingBackendConfig",
    (
        _field("url", "string"),
        _field("traceId128bit", "bool"),
        _field("apiVersion", "string"),
        _field("sharedSpanContext", "bool"),
    ),
)
DATADOG_TRACING = MessageSchema(
    _MESH + "DatadogTracingBackendConfig",
    (_field("address", "string"), _field("port", "uint32"), _field("splitService", "bool")),
)
BUILTIN_CA = MessageSchema(
    "kuma.plugins.ca.BuiltinCertificateAuthorityConfig",
    (
        _nested(
            "caCert",
            MessageSchema(
                "kuma.plugins.ca.BuiltinCertificateAuthorityConfig.CaCert",
                (_field("RSAbits", "uint32"), _field("expiration", "string")),
            ),
        ),
    ),
)
PROVIDED_CA = MessageSchema(
    "kuma.plugins.ca.ProvidedCertificateAuthorityConfig", (_nested("cert", DATA_SOURCE), _nested("key", DATA_SOURCE))
)
