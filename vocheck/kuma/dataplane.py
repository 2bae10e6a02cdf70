"""Kuma's Dataplane validator: every rule it enforces on a Dataplane spec, in Kuma's order.

Networking (address, inbounds and their tags, service probes, outbounds and
their ``backendRef``, ``transparentProxying.reachableBackends``), the admin
port, gateways, probes, the metrics backend and zone-proxy listeners. Kuma
names fields by its own paths, ``networking.transparentProxing`` spelling
included; each violation also carries where the value sits in the
document, following the key the user wrote (``inboundPort`` or
``inbound_port``).
"""

from __future__ import annotations

from vocheck.kuma.hostnames import is_ip
from vocheck.kuma.duration import duration_nanoseconds
from vocheck.kuma.gourl import is_request_uri
from vocheck.kuma.meta import SUBDOMAIN, SUBDOMAIN_MESSAGE
from vocheck.kuma.specs import DataplaneSpec, JsonPath, Violation
from vocheck.kuma.prometheus import validate_prometheus_config
from vocheck.kuma.quote import go_quote
from vocheck.kuma.resources import (
    CURRENT_KUMA,
    SUPPORTED_PROTOCOLS_HINT,
    accepted_protocols,
    address_violations,
    overlaps_admin_address,
    port_violations,
    tag_protocol_rule,
)
from vocheck.kuma.tags import SERVICE_TAG, key_field, validate_tag_map
from vocheck.kuma.dataplane_nodes import Node
from vocheck.kuma.dataplane_gateway import gateway_kind, gateway_violations, listener_violations

_SERVICE_MISSING = f"mandatory tag {go_quote(SERVICE_TAG)} is missing"
_DIFFER = "serviceAddress and servicePort has to differ from address and port"
_URL_PATH = "should be a valid URL Path"
_POSITIVE = "must have a positive value"
_MESH_SERVICE = "MeshService"
_MESH_EXTERNAL_SERVICE = "MeshExternalService"
_MESH_MULTI_ZONE_SERVICE = "MeshMultiZoneService"


def _admin_violations(networking: Node, inbounds: list[Node], outbounds: list[Node]) -> list[Violation]:
    admin = networking.child("admin")
    if admin is None:
        return []
    port = admin.number("port")
    path = admin.at("port")
    address = networking.text("address")
    violations = []
    for inbound in inbounds:
        dataplane_ip = inbound.text("address") or address
        workload_ip = inbound.text("serviceAddress") or dataplane_ip
        workload_port = inbound.number("servicePort") or inbound.number("port")
        if (port == inbound.number("port") and overlaps_admin_address(dataplane_ip)) or (
            port == workload_port and overlaps_admin_address(workload_ip)
        ):
            violations.append(Violation("networking.admin.port", "must differ from inbound", path))
            break
    for outbound in outbounds:
        if port == outbound.number("port") and overlaps_admin_address(outbound.text("address") or "127.0.0.1"):
            violations.append(Violation("networking.admin.port", "must differ from outbound", path))
            break
    return violations


def _duration_violations(field: str, node: Node, name: str) -> list[Violation]:
    if not node.has(name):
        return []
    # The decoder has already refused what Go cannot parse; a zero duration parses.
    if duration_nanoseconds(node.text(name)) == 0:
        return [Violation(field, _POSITIVE, node.at(name))]
    return []


def _service_probe_violations(field: str, inbound: Node) -> list[Violation]:
    probe = inbound.child("serviceProbe")
    if probe is None:
        return []
    field = f"{field}.serviceProbe"
    violations = _duration_violations(f"{field}.interval", probe, "interval")
    violations += _duration_violations(f"{field}.timeout", probe, "timeout")
    for name, json_name in (("unhealthy_threshold", "unhealthyThreshold"), ("healthy_threshold", "healthyThreshold")):
        if probe.has(name) and probe.number(name) == 0:
            violations.append(Violation(f"{field}.{json_name}", _POSITIVE, probe.at(name, json_name)))
    return violations


def _inbound_violations(
    field: str, inbound: Node, dataplane_address: str, kuma_version: tuple[int, int]
) -> list[Violation]:
    port = inbound.number("port")
    service_port = inbound.number("servicePort")
    service_address = inbound.text("serviceAddress")
    address = inbound.text("address")
    same_port = service_port in (0, port)
    violations = port_violations(f"{field}.port", inbound.at("port"), port)
    if service_port != 0:
        violations += port_violations(f"{field}.servicePort", inbound.at("servicePort"), service_port)
    if service_address:
        service_address_path = inbound.at("serviceAddress")
        if not is_ip(service_address):
            violations.append(
                Violation(f"{field}.serviceAddress", "serviceAddress has to be valid IP address", service_address_path)
            )
        if service_address == dataplane_address and same_port:
            violations.append(Violation(f"{field}.serviceAddress", _DIFFER, service_address_path))
    if address:
        if not is_ip(address):
            violations.append(Violation(f"{field}.address", "address has to be valid IP address", inbound.at("address")))
        if address == service_address and same_port:
            violations.append(Violation(f"{field}.serviceAddress", _DIFFER, inbound.at("serviceAddress")))
    violations += validate_tag_map(
        f"{field}.tags", inbound.at("tags"), inbound.tags("tags"), protocol_rule=tag_protocol_rule(kuma_version)
    )
    protocol = inbound.text("protocol")
    if kuma_version >= (2, 14) and protocol and protocol.lower() not in accepted_protocols(kuma_version):
        violations.append(
            Violation(
                f"{field}.protocol",
                f"has an invalid value {go_quote(protocol)}. {SUPPORTED_PROTOCOLS_HINT}",
                inbound.at("protocol"),
            )
        )
    return violations + _service_probe_violations(field, inbound)


def _backend_kinds(kuma_version: tuple[int, int]) -> tuple[str, ...]:
    """The kinds an outbound ``backendRef`` may name, sorted as Kuma lists them."""
    if kuma_version >= (2, 9):
        return (_MESH_EXTERNAL_SERVICE, _MESH_MULTI_ZONE_SERVICE, _MESH_SERVICE)
    if kuma_version >= (2, 8):
        return (_MESH_EXTERNAL_SERVICE, _MESH_SERVICE)
    return (_MESH_SERVICE,)


def _outbound_violations(field: str, outbound: Node, kuma_version: tuple[int, int]) -> list[Violation]:
    violations = port_violations(f"{field}.port", outbound.at("port"), outbound.number("port"))
    address = outbound.text("address")
    if address and not is_ip(address):
        violations.append(Violation(f"{field}.address", "address has to be valid IP address", outbound.at("address")))
    # Outbounds have no backendRef before 2.7: the decoder ignored it then.
    backend = outbound.child("backendRef") if kuma_version >= (2, 7) else None
    tags = outbound.tags("tags")
    if backend is not None:
        kinds = _backend_kinds(kuma_version)
        kind = backend.text("kind")
        if kind not in kinds:
            violations.append(
                Violation(
                    f"{field}.backendRef.kind",
                    f"invalid value. Available values are: {','.join(kinds)}",
                    backend.at("kind"),
                )
            )
        if kuma_version >= (2, 9):
            if not backend.text("name") and not backend.tags("labels"):
                violations.append(
                    Violation(
                        f"{field}.backendRef", "either 'name' or 'labels' should be specified", outbound.at("backendRef")
                    )
                )
        elif not backend.text("name"):
            violations.append(Violation(f"{field}.backendRef.name", "cannot be empty", backend.at("name")))
        # The port of a MeshExternalService comes from its endpoints (since 2.8).
        if kuma_version < (2, 8) or kind != _MESH_EXTERNAL_SERVICE:
            violations += port_violations(f"{field}.backendRef.port", backend.at("port"), backend.number("port"))
    elif not tags:
        # Up to 2.3 an outbound could name its service in a field of its own, "service".
        legacy_service = outbound.written.get("service") if kuma_version < (2, 4) else None
        if not (isinstance(legacy_service, str) and legacy_service):
            violations.append(Violation(f"{field}.tags", _SERVICE_MISSING, outbound.at("tags")))
    else:
        violations += validate_tag_map(f"{field}.tags", outbound.at("tags"), tags, require_service=True)
    if backend is not None and tags:
        violations.append(
            Violation(f"{field}.backendRef", "both backendRef and tags/service cannot be defined", outbound.at("backendRef"))
        )
    return violations


def _identifier_violations(field: str, path: JsonPath, value: str) -> list[Violation]:
    if len(value.encode("utf-8", "surrogatepass")) > 253:
        return [Violation(field, "value length must less or equal 253", path)]
    if SUBDOMAIN.fullmatch(value) is None:
        return [Violation(field, SUBDOMAIN_MESSAGE, path)]
    return []


def _reachable_backend_violations(networking: Node, kuma_version: tuple[int, int]) -> list[Violation]:
    if kuma_version < (2, 9):
        return []
    proxying = networking.child("transparent_proxying", "transparentProxying")
    backends = proxying.child("reachable_backends", "reachableBackends") if proxying else None
    if backends is None:
        return []
    kinds = _backend_kinds(kuma_version)
    violations = []
    # Kuma's own spelling of the field: "transparentProxing".
    for index, ref in enumerate(backends.children("refs")):
        field = f"networking.transparentProxing.reachableBackends.refs[{index}]"
        name = ref.text("name")
        namespace = ref.text("namespace")
        labels = ref.tags("labels")
        if ref.text("kind") not in kinds:
            violations.append(
                Violation(f"{field}.kind", f"invalid value. Available values are: {','.join(kinds)}", ref.at("kind"))
            )
        if name:
            violations += _identifier_violations(f"{field}.name", ref.at("name"), name)
        if not name and not namespace and not labels:
            violations.append(Violation(f"{field}.name", "name or labels are required", ref.at("name")))
        if not name and namespace:
            violations.append(Violation(f"{field}.name", "name is required, when namespace is defined", ref.at("namespace")))
        if (name or namespace) and labels:
            violations.append(Violation(f"{field}.labels", "labels cannot be defined when name is specified", ref.at("labels")))
    return violations


def _networking_violations(
    networking: Node, inbounds: list[Node], outbounds: list[Node], kuma_version: tuple[int, int]
) -> list[Violation]:
    address = networking.text("address")
    violations = address_violations("networking.address", networking.at("address"), address)
    for index, inbound in enumerate(inbounds):
        field = f"networking.inbound[{index}]"
        violations += _inbound_violations(field, inbound, address, kuma_version)
        tags = inbound.tags("tags")
        # Since 2.14 an inbound may carry no tags at all; with tags, the service tag stays mandatory.
        if SERVICE_TAG not in tags and (kuma_version < (2, 14) or tags):
            violations.append(Violation(key_field(f"{field}.tags", SERVICE_TAG), "tag has to exist", inbound.at("tags")))
    for index, outbound in enumerate(outbounds):
        violations += _outbound_violations(f"networking.outbound[{index}]", outbound, kuma_version)
    return violations + _reachable_backend_violations(networking, kuma_version)


def _probes_violations(probes: Node) -> list[Violation]:
    violations = port_violations("probes.port", probes.at("port"), probes.number("port"))
    for index, endpoint in enumerate(probes.children("endpoints")):
        field = f"probes.endpoints[{index}]"
        violations += port_violations(
            f"{field}.inboundPort", endpoint.at("inbound_port", "inboundPort"), endpoint.number("inbound_port")
        )
        if not is_request_uri(endpoint.text("inbound_path")):
            violations.append(Violation(f"{field}.inboundPath", _URL_PATH, endpoint.at("inbound_path", "inboundPath")))
        if not is_request_uri(endpoint.text("path")):
            violations.append(Violation(f"{field}.path", _URL_PATH, endpoint.at("path")))
    return violations


def _metrics_violations(metrics: Node, kuma_version: tuple[int, int]) -> list[Violation]:
    if metrics.text("type") != "prometheus":
        return [Violation("metrics.type", 'unknown backend type. Available backends: "prometheus"', metrics.at("type"))]
    conf_path = metrics.at("conf")
    return [
        violation.rooted("metrics.conf", conf_path)
        for violation in validate_prometheus_config(metrics.decoded.get("conf"), kuma_version=kuma_version)
    ]


def _decoded_from_fields(spec: DataplaneSpec) -> dict[str, object]:
    """The decoded form of a spec built from its typed fields only (not by the decoder)."""
    inbounds = [
        {
            "port": inbound.port,
            "tags": dict(inbound.tags),
            "servicePort": inbound.service_port,
            "serviceAddress": inbound.service_address,
            "address": inbound.address,
            "protocol": inbound.protocol,
        }
        for inbound in spec.inbounds
    ]
    networking: dict[str, object] = {"address": spec.address, "inbound": inbounds}
    if spec.gateway is not None:
        networking["gateway"] = {"type": spec.gateway.type, "tags": dict(spec.gateway.tags)}
    return {"networking": networking}


def validate_dataplane(spec: DataplaneSpec, *, kuma_version: tuple[int, int] = CURRENT_KUMA) -> list[Violation]:
    """Every violation Kuma's Dataplane validator reports for ``spec``, in Kuma's order."""
    decoded = spec.decoded if spec.decoded or not spec.networking_defined else _decoded_from_fields(spec)
    root = Node(decoded, spec.written, ())
    networking = root.child("networking")
    if not spec.networking_defined or networking is None:
        return [Violation("networking", "must be defined", ())]
    inbounds = networking.children("inbound")
    outbounds = networking.children("outbound")
    # Listeners came with 2.14; older releases ignore them.
    listeners = networking.children("listeners") if kuma_version >= (2, 14) else []
    violations = _admin_violations(networking, inbounds, outbounds)
    kind = gateway_kind(networking)
    probes = root.child("probes")
    if kind:
        if inbounds:
            violations.append(
                Violation("networking.inbound", f"inbound cannot be defined for {kind} gateways", networking.at("inbound"))
            )
        if kind == "builtin" and outbounds:
            violations.append(
                Violation("networking.outbound", "outbound cannot be defined for builtin gateways", networking.at("outbound"))
            )
        if listeners:
            violations.append(
                Violation(
                    "networking.listeners", f"listeners cannot be defined for {kind} gateways", networking.at("listeners")
                )
            )
        if kind == "builtin" and probes is not None:
            # Kuma roots this one under "networking" though probes sit beside it.
            violations.append(Violation("networking.probes", "probes cannot be defined for builtin gateways", probes.path))
        violations += gateway_violations(networking, kuma_version)
        violations += _networking_violations(networking, inbounds, outbounds, kuma_version)
        if kind == "delegated" and probes is not None:
            violations += _probes_violations(probes)
        return violations
    if kuma_version < (2, 14) and not inbounds:
        violations.append(
            Violation("networking", "has to contain at least one inbound interface or gateway", networking.path)
        )
    violations += _networking_violations(networking, inbounds, outbounds, kuma_version)
    if probes is not None:
        violations += _probes_violations(probes)
    metrics = root.child("metrics")
    if metrics is not None:
        violations += _metrics_violations(metrics, kuma_version)
    return violations + listener_violations(networking, inbounds, listeners)
