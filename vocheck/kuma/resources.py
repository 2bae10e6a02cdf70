"""Kuma's Dataplane rules that matter before resolving VirtualOutbounds, and the helpers other kinds share.

Only the parts of each validator that touch what resolution reads are
restated: addresses, ports, tags and the service tag. Probes, metrics,
outbounds, admin ports, listeners, TLS data sources and service probes are
not checked here.
"""

from __future__ import annotations

from vocheck.kuma.dns import is_dns_name, is_ip
from vocheck.kuma.model import DataplaneSpec, Inbound, JsonPath, Violation
from vocheck.kuma.quote import go_quote
from vocheck.kuma.tags import PROTOCOL_TAG, SERVICE_TAG, ProtocolRule, key_field, validate_tag_map

CURRENT_KUMA = (2, 14)
PORT_RANGE_MESSAGE = "port must be in the range [1, 65535]"
_SUPPORTED_PROTOCOLS_HINT = "Allowed values: grpc, http, http2, kafka, tcp"


def accepted_protocols(kuma_version: tuple[int, int]) -> frozenset[str]:
    """Protocol names Kuma parses (case-insensitively): ``tls`` since 2.8, ``mysql`` since 2.12."""
    protocols = {"http", "http2", "tcp", "grpc", "kafka"}
    if kuma_version >= (2, 8):
        protocols.add("tls")
    if kuma_version >= (2, 12):
        protocols.add("mysql")
    return frozenset(protocols)


def _tag_protocol_rule(kuma_version: tuple[int, int]) -> ProtocolRule:
    accepted = accepted_protocols(kuma_version)

    def rule(value: str) -> str | None:
        if value.lower() in accepted:
            return None
        return (
            f"tag {go_quote(PROTOCOL_TAG)} has an invalid value {go_quote(value)}. {_SUPPORTED_PROTOCOLS_HINT}"
        )

    return rule


def _gateway_protocol_rule(value: str) -> str | None:
    if value.lower() == "tcp":
        return None
    return f"other values than tcp are not allowed, provided value {go_quote(value)}"


def _port_violation(field: str, path: JsonPath, port: int) -> list[Violation]:
    if port == 0 or port > 65535:
        return [Violation(field, PORT_RANGE_MESSAGE, path)]
    return []


def _address_violations(field: str, path: JsonPath, address: str) -> list[Violation]:
    """Kuma's ``validateAddress``: non-empty, not a wildcard, an IP or a DNS name."""
    if address == "":
        return [Violation(field, "address can't be empty", path)]
    violations = []
    if address in ("0.0.0.0", "::"):
        violations.append(Violation(field, "must not be 0.0.0.0 or ::", path))
    if not is_ip(address) and not is_dns_name(address):
        violations.append(Violation(field, "address has to be valid IP address or domain name", path))
    return violations


def _inbound_violations(
    index: int, inbound: Inbound, dataplane_address: str, kuma_version: tuple[int, int]
) -> list[Violation]:
    field = f"networking.inbound[{index}]"
    path: JsonPath = ("networking", "inbound", index)
    differ = "serviceAddress and servicePort has to differ from address and port"
    same_port = inbound.service_port in (0, inbound.port)
    violations = _port_violation(f"{field}.port", (*path, "port"), inbound.port)
    if inbound.service_port != 0:
        violations += _port_violation(f"{field}.servicePort", (*path, "servicePort"), inbound.service_port)
    if inbound.service_address:
        service_address_path: JsonPath = (*path, "serviceAddress")
        if not is_ip(inbound.service_address):
            violations.append(
                Violation(f"{field}.serviceAddress", "serviceAddress has to be valid IP address", service_address_path)
            )
        if inbound.service_address == dataplane_address and same_port:
            violations.append(Violation(f"{field}.serviceAddress", differ, service_address_path))
    if inbound.address:
        if not is_ip(inbound.address):
            violations.append(
                Violation(f"{field}.address", "address has to be valid IP address", (*path, "address"))
            )
        if inbound.address == inbound.service_address and same_port:
            violations.append(Violation(f"{field}.serviceAddress", differ, (*path, "serviceAddress")))
    violations += validate_tag_map(
        f"{field}.tags", (*path, "tags"), inbound.tags, protocol_rule=_tag_protocol_rule(kuma_version)
    )
    if kuma_version >= (2, 14) and inbound.protocol and inbound.protocol.lower() not in accepted_protocols(
        kuma_version
    ):
        violations.append(
            Violation(
                f"{field}.protocol",
                f"has an invalid value {go_quote(inbound.protocol)}. {_SUPPORTED_PROTOCOLS_HINT}",
                (*path, "protocol"),
            )
        )
    # Since 2.14 an inbound may carry no tags at all; with tags, the service tag stays mandatory.
    if SERVICE_TAG not in inbound.tags and (kuma_version < (2, 14) or inbound.tags):
        violations.append(
            Violation(key_field(f"{field}.tags", SERVICE_TAG), "tag has to exist", (*path, "tags"))
        )
    return violations


def _networking_violations(spec: DataplaneSpec, kuma_version: tuple[int, int]) -> list[Violation]:
    violations = _address_violations("networking.address", ("networking", "address"), spec.address)
    for index, inbound in enumerate(spec.inbounds):
        violations += _inbound_violations(index, inbound, spec.address, kuma_version)
    return violations


def validate_dataplane(spec: DataplaneSpec, *, kuma_version: tuple[int, int] = CURRENT_KUMA) -> list[Violation]:
    """Kuma's Dataplane violations for networking, inbounds and gateway tags, in Kuma's order."""
    if not spec.networking_defined:
        return [Violation("networking", "must be defined", ())]
    violations: list[Violation] = []
    gateway = spec.gateway
    if gateway is None:
        if kuma_version < (2, 14) and not spec.inbounds:
            violations.append(
                Violation("networking", "has to contain at least one inbound interface or gateway", ("networking",))
            )
        return violations + _networking_violations(spec, kuma_version)
    kind = "builtin" if gateway.type == "BUILTIN" else "delegated"
    if spec.inbounds:
        violations.append(
            Violation(
                "networking.inbound", f"inbound cannot be defined for {kind} gateways", ("networking", "inbound")
            )
        )
    violations += validate_tag_map(
        "networking.gateway.tags",
        ("networking", "gateway", "tags"),
        gateway.tags,
        require_service=kuma_version < (2, 14) or bool(gateway.tags),
        protocol_rule=_gateway_protocol_rule,
    )
    return violations + _networking_violations(spec, kuma_version)


# Shared with the ExternalService and ZoneIngress validators (their own modules).
tag_protocol_rule = _tag_protocol_rule
address_violations = _address_violations
port_violations = _port_violation
