"""Kuma's rules for a gateway Dataplane: its kind and its listeners."""

from __future__ import annotations

from vocheck.kuma.specs import Violation
from vocheck.kuma.quote import go_quote
from vocheck.kuma.resources import address_violations, port_violations
from vocheck.kuma.tags import ProtocolRule, validate_tag_map
from vocheck.kuma.dataplane_nodes import Node


def _section_name(inbound: Node) -> str:
    return inbound.text("name") or str(inbound.number("port"))


def listener_violations(networking: Node, inbounds: list[Node], listeners: list[Node]) -> list[Violation]:
    """Zone-proxy listeners (2.14): type, address, port, unique names and address:port pairs."""
    if not listeners:
        return []
    names = {_section_name(inbound) for inbound in inbounds}
    taken: dict[str, object] = {}
    violations: list[Violation] = []
    dataplane_address = networking.text("address")
    inbound_keys = [f"{inbound.text('address') or dataplane_address}:{inbound.number('port')}" for inbound in inbounds]
    for index, listener in enumerate(listeners):
        field = f"networking.listeners[{index}]"
        listener_type = listener.decoded.get("type", "Unspecified")
        address = listener.text("address")
        port = listener.number("port")
        name = listener.text("name")
        if listener_type == "Unspecified":
            violations.append(Violation(f"{field}.type", "type must be ZoneIngress or ZoneEgress", listener.at("type")))
        violations += address_violations(f"{field}.address", listener.at("address"), address)
        violations += port_violations(f"{field}.port", listener.at("port"), port)
        if name:
            if name in names:
                violations.append(
                    Violation(
                        f"{field}.name",
                        f"name {go_quote(name)} must be unique across inbounds and listeners",
                        listener.at("name"),
                    )
                )
            names.add(name)
        key = f"{address}:{port}"
        if key in taken:
            problem = "is already used by another listener" if taken[key] == listener_type else (
                "is used by listeners of different types"
            )
            violations.append(Violation(field, f"address:port {key} {problem}", listener.path))
        else:
            taken[key] = listener_type
        if key in inbound_keys:
            violations.append(Violation(field, f"address:port {key} collides with an inbound listener", listener.path))
    return violations


def gateway_kind(networking: Node) -> str:
    """"delegated", "builtin" or "" (no gateway, or a type number Kuma does not name)."""
    gateway = networking.child("gateway")
    if gateway is None:
        return ""
    gateway_type = gateway.decoded.get("type", "DELEGATED")
    return {"DELEGATED": "delegated", "BUILTIN": "builtin"}.get(gateway_type if isinstance(gateway_type, str) else "", "")


def gateway_violations(networking: Node, kuma_version: tuple[int, int]) -> list[Violation]:
    gateway = networking.child("gateway")
    assert gateway is not None
    tags = gateway.tags("tags")
    return validate_tag_map(
        "networking.gateway.tags",
        gateway.at("tags"),
        tags,
        require_service=kuma_version < (2, 14) or bool(tags),
        protocol_rule=_gateway_protocol_rule(kuma_version),
    )


def _gateway_protocol_rule(kuma_version: tuple[int, int]) -> ProtocolRule:
    def rule(value: str) -> str | None:
        if kuma_version < (2, 12):
            # Before 2.12 the value was compared as written and printed unquoted.
            return None if value == "tcp" else f'other values than tcp are not allowed, provided value "{value}"'
        if value.lower() == "tcp":
            return None
        return f"other values than tcp are not allowed, provided value {go_quote(value)}"

    return rule
