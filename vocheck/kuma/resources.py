"""Kuma's ExternalService and ZoneIngress rules, and the address, port and protocol rules resources share.

For these two kinds only the parts of each validator that touch what
resolution reads are restated: addresses, ports, tags and the service tag.
TLS data sources are not checked here. The Dataplane validator, complete,
is in ``vocheck.kuma.dataplane``.
"""

from __future__ import annotations

from vocheck.kuma.dns import is_dns_name, is_ip
from vocheck.kuma.model import ExternalServiceSpec, JsonPath, Violation, ZoneIngressSpec
from vocheck.kuma.netaddr import parse_uint32, split_host_port
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


def _external_address_violations(address: str) -> list[Violation]:
    field = "networking.address"
    path: JsonPath = ("networking", "address")
    if address == "":
        return [Violation(field, "address can't be empty", path)]
    violations = []
    split = split_host_port(address)
    if split is None:
        violations.append(Violation(field, "unable to parse address", path))
    host, port_text = split or ("", "")
    if not is_ip(host) and not is_dns_name(host):
        violations.append(Violation(field, "address has to be a valid IP address or a domain name", path))
    port, parsed = parse_uint32(port_text)
    if not parsed:
        violations.append(Violation(field, "unable to parse port in address", path))
    return violations + _port_violation(field, path, port)


def validate_external_service(
    spec: ExternalServiceSpec, *, kuma_version: tuple[int, int] = CURRENT_KUMA
) -> list[Violation]:
    """Kuma's ExternalService violations for the address and the tags, in Kuma's order."""
    violations: list[Violation] = []
    if not spec.networking_defined:
        violations.append(Violation("networking", "should have networking", ()))
    else:
        violations += _external_address_violations(spec.address)
    violations += validate_tag_map(
        "tags", ("tags",), spec.tags, require_service=True, protocol_rule=_tag_protocol_rule(kuma_version)
    )
    service = spec.tags.get(SERVICE_TAG, "")
    split = split_host_port(spec.address)
    if kuma_version >= (2, 6) and service and split is not None and split[0] == service:
        violations.append(
            Violation(key_field("tags", SERVICE_TAG), "cannot be the same as networking.address", ("tags", SERVICE_TAG))
        )
    return violations


def validate_zone_ingress(spec: ZoneIngressSpec) -> list[Violation]:
    """Kuma's ZoneIngress violations for networking and available services, in Kuma's order."""
    violations: list[Violation] = []
    networking: JsonPath = ("networking",)
    if spec.advertised_address == "" and spec.advertised_port != 0:
        violations.append(
            Violation(
                "networking.advertisedAddress", "has to be defined with advertisedPort", (*networking, "advertisedPort")
            )
        )
    if spec.advertised_port == 0 and spec.advertised_address != "":
        violations.append(
            Violation(
                "networking.advertisedPort",
                "has to be defined with advertisedAddress",
                (*networking, "advertisedAddress"),
            )
        )
    # Kuma roots these at the field and then adds "address" again, hence the doubled segment.
    if spec.address:
        violations += _address_violations("networking.address.address", (*networking, "address"), spec.address)
    if spec.advertised_address:
        violations += _address_violations(
            "networking.advertisedAddress.address", (*networking, "advertisedAddress"), spec.advertised_address
        )
    violations += _port_violation("networking.port", (*networking, "port"), spec.port)
    if spec.advertised_port != 0:
        violations += _port_violation("networking.advertisedPort", (*networking, "advertisedPort"), spec.advertised_port)
    for index, service in enumerate(spec.available_services):
        violations += validate_tag_map(
            f"availableService[{index}].tags",
            ("availableServices", index, "tags"),
            service.tags,
            require_service=True,
        )
    return violations
