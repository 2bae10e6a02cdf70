"""The address, port and protocol rules Kuma's Dataplane, ExternalService and ZoneIngress validators share.

Each validator lives in its own module: ``vocheck.kuma.dataplane``,
``vocheck.kuma.external_service`` and ``vocheck.kuma.zone_ingress``.
"""

from __future__ import annotations

from vocheck.kuma.dns import is_dns_name, is_ip
from vocheck.kuma.model import JsonPath, Violation
from vocheck.kuma.quote import go_quote
from vocheck.kuma.tags import PROTOCOL_TAG, ProtocolRule

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


# Shared with the ExternalService and ZoneIngress validators (their own modules).
tag_protocol_rule = _tag_protocol_rule
address_violations = _address_violations
port_violations = _port_violation
