"""The address, port and protocol rules Kuma's Dataplane, ExternalService and ZoneIngress validators share.

Each validator lives in its own module: ``vocheck.kuma.dataplane``,
``vocheck.kuma.external_service`` and ``vocheck.kuma.zone_ingress``.
"""

from __future__ import annotations

import functools
import ipaddress

from vocheck.kuma.hostnames import is_dns_name, is_ip, parse_ip
from vocheck.kuma.specs import JsonPath, Violation
from vocheck.kuma.quote import go_quote
from vocheck.kuma.tags import PROTOCOL_TAG, ProtocolRule

CURRENT_KUMA = (2, 14)
PORT_RANGE_MESSAGE = "port must be in the range [1, 65535]"
SUPPORTED_PROTOCOLS_HINT = "Allowed values: grpc, http, http2, kafka, tcp"
_LOOPBACK = ipaddress.IPv4Address("127.0.0.1")


@functools.lru_cache(maxsize=None)
def accepted_protocols(kuma_version: tuple[int, int]) -> frozenset[str]:
    """Protocol names Kuma parses (case-insensitively): ``tls`` since 2.8, ``mysql`` since 2.12."""
    protocols = {"http", "http2", "tcp", "grpc", "kafka"}
    if kuma_version >= (2, 8):
        protocols.add("tls")
    if kuma_version >= (2, 12):
        protocols.add("mysql")
    return frozenset(protocols)


@functools.lru_cache(maxsize=None)
def tag_protocol_rule(kuma_version: tuple[int, int]) -> ProtocolRule:
    """The ``kuma.io/protocol`` tag rule of a release (built once per release): a protocol Kuma parses."""
    accepted = accepted_protocols(kuma_version)

    def rule(value: str) -> str | None:
        if value.lower() in accepted:
            return None
        return (
            f"tag {go_quote(PROTOCOL_TAG)} has an invalid value {go_quote(value)}. {SUPPORTED_PROTOCOLS_HINT}"
        )

    return rule


def port_violations(field: str, path: JsonPath, port: int) -> list[Violation]:
    """Kuma's port rule: from 1 to 65535."""
    if port == 0 or port > 65535:
        return [Violation(field, PORT_RANGE_MESSAGE, path)]
    return []


def address_violations(field: str, path: JsonPath, address: str) -> list[Violation]:
    """Kuma's ``validateAddress``: non-empty, not a wildcard, an IP or a DNS name."""
    if address == "":
        return [Violation(field, "address can't be empty", path)]
    violations = []
    if address in ("0.0.0.0", "::"):
        violations.append(Violation(field, "must not be 0.0.0.0 or ::", path))
    if not is_ip(address) and not is_dns_name(address):
        violations.append(Violation(field, "address has to be valid IP address or domain name", path))
    return violations


def overlaps_admin_address(address: str) -> bool:
    """Whether a listener on ``address`` collides with the admin listener on 127.0.0.1.

    It does on 127.0.0.1 itself and on a wildcard (0.0.0.0, ::); an
    IPv4-mapped IPv6 address counts as its IPv4 form, as in Go's ``net.IP``.
    """
    parsed = parse_ip(address)
    return parsed is not None and (parsed.is_unspecified or parsed == _LOOPBACK)
