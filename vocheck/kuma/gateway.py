"""Kuma's MeshGateway validator: the same violations, with the same words.

Where Kuma walks a Go map (listeners grouped by port, protocol and
hostname), its order varies from run to run; vocheck takes the order in
which the listeners first appear.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vocheck.kuma.specs import JsonPath, MeshGatewayListener, MeshGatewaySpec, Violation
from vocheck.kuma.tags import SELECTOR_VALUE, SELECTOR_VALUE_MESSAGE, SERVICE_TAG, validate_tag_map

_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DOMAIN = re.compile(_LABEL + r"(\." + _LABEL + r")*", re.ASCII)
# Tags a gateway or listener may not set: they are properties of the Dataplanes.
_RESERVED_TAGS = frozenset({"kuma.io/external-service", "kuma.io/protocol", SERVICE_TAG, "kuma.io/zone"})
CANNOT_BE_EMPTY = "cannot be empty"


def validate_mesh_gateway(spec: MeshGatewaySpec) -> list[Violation]:
    """Every violation Kuma's MeshGateway ``Validate()`` reports for ``spec``."""
    cross_mesh = any(listener.cross_mesh for listener in spec.listeners)
    violations: list[Violation] = []
    if not spec.selectors:
        violations.append(Violation("selectors", "must have at least one element", ("selectors",)))
    for index, match in enumerate(spec.selectors):
        field, path = f"selectors[{index}].match", ("selectors", index, "match")
        violations.extend(_selector(field, path, match, require_tags_and_service=True))
        if index > 0 and cross_mesh:
            violations.append(Violation(f"selectors[{index}]", "there can be at most one selector", ("selectors", index)))
    violations.extend(_selector("tags", ("tags",), spec.tags, forbid_reserved=True))
    if not spec.conf_defined:
        violations.append(Violation("conf", CANNOT_BE_EMPTY, ("conf",)))
        return violations
    if not spec.listeners:
        violations.append(Violation("conf.listeners", CANNOT_BE_EMPTY, ("conf", "listeners")))
    for index, listener in enumerate(spec.listeners):
        violations.extend(_listener(index, listener))
    violations.extend(_collapsibility(spec.listeners))
    return violations


def _selector(
    field: str,
    path: JsonPath,
    tags: Mapping[str, str],
    *,
    require_tags_and_service: bool = False,
    forbid_reserved: bool = False,
) -> list[Violation]:
    """Kuma's ``ValidateSelector``: per key, the name, reserved names, then the value."""
    return validate_tag_map(
        field,
        path,
        tags,
        value_pattern=SELECTOR_VALUE,
        value_message=SELECTOR_VALUE_MESSAGE,
        require_at_least_one=require_tags_and_service,
        require_service=require_tags_and_service,
        reserved=_RESERVED_TAGS if forbid_reserved else frozenset(),
    )


def _hostname(field: str, path: JsonPath, hostname: str) -> list[Violation]:
    if hostname == "*":
        return []
    violations = []
    if len(hostname.encode("utf-8", "surrogatepass")) > 253:
        violations.append(Violation(field, "must be at most 253 characters", path))
    if hostname.startswith("*."):
        if _DOMAIN.fullmatch(hostname[2:]) is None:
            violations.append(Violation(field, "invalid wildcard domain", path))
        return violations
    if _DOMAIN.fullmatch(hostname) is None:
        violations.append(Violation(field, "invalid hostname", path))
    return violations


def _listener(index: int, listener: MeshGatewayListener) -> list[Violation]:
    field, path = f"conf.listeners[{index}]", ("conf", "listeners", index)
    violations: list[Violation] = []
    if listener.hostname:
        violations.extend(_hostname(f"{field}.hostname", (*path, "hostname"), listener.hostname))
    if listener.port == 0 or listener.port > 65535:
        violations.append(Violation(f"{field}.port", "port must be in the range [1, 65535]", (*path, "port")))
    tls = listener.tls
    if listener.protocol == "NONE":
        violations.append(Violation(f"{field}.protocol", CANNOT_BE_EMPTY, (*path, "protocol")))
    elif listener.protocol == "HTTPS":
        if listener.cross_mesh:
            violations.append(Violation(f"{field}.protocol", "protocol is not supported with crossMesh", (*path, "protocol")))
        elif tls is None:
            violations.append(Violation(f"{field}.tls", CANNOT_BE_EMPTY, (*path, "tls")))
        elif tls.mode == "PASSTHROUGH":
            violations.append(Violation(f"{field}.tls.mode", "mode is not supported on HTTPS listeners", (*path, "tls", "mode")))
    if tls is not None and not listener.cross_mesh:
        if tls.mode == "NONE":
            violations.append(Violation(f"{field}.tls.mode", CANNOT_BE_EMPTY, (*path, "tls", "mode")))
        elif tls.mode == "TERMINATE" and tls.certificates == 0:
            violations.append(
                Violation(f"{field}.tls.certificates", "cannot be empty in TLS termination mode", (*path, "tls", "certificates"))
            )
        elif tls.mode == "TERMINATE" and tls.certificates > 2:
            violations.append(
                Violation(f"{field}.tls.certificates", "cannot have more than 2 certificates", (*path, "tls", "certificates"))
            )
    if tls is not None and listener.cross_mesh and (tls.mode != "NONE" or tls.certificates > 0):
        violations.append(Violation(f"{field}.tls", "must be empty with crossMesh", (*path, "tls")))
    violations.extend(_selector(f"{field}.tags", (*path, "tags"), listener.tags, forbid_reserved=True))
    return violations


def _collapsibility(listeners: tuple[MeshGatewayListener, ...]) -> list[Violation]:
    """Listeners that share a port must agree on the protocol, differ in hostname, share a limit."""
    protocols: dict[int, dict[str, list[int]]] = {}
    hostnames: dict[int, dict[str, list[int]]] = {}
    limits: dict[int, tuple[set[int], list[int]]] = {}
    for index, listener in enumerate(listeners):
        protocols.setdefault(listener.port, {}).setdefault(listener.protocol, []).append(index)
        hostnames.setdefault(listener.port, {}).setdefault(listener.hostname or "*", []).append(index)
        if listener.connection_limit:
            values, limited = limits.setdefault(listener.port, (set(), []))
            values.add(listener.connection_limit)
            limited.append(index)
    violations: list[Violation] = []
    for by_protocol in protocols.values():
        if len(by_protocol) > 1:
            violations.extend(
                _at_listener(index, "protocol conflicts with other listeners on this port")
                for indexes in by_protocol.values()
                for index in indexes
            )
    for by_hostname in hostnames.values():
        for indexes in by_hostname.values():
            if len(indexes) > 1:
                violations.extend(_at_listener(index, "multiple listeners for hostname on this port") for index in indexes)
    for values, limited in limits.values():
        if len(values) > 1:
            violations.extend(
                Violation(
                    f"conf.listeners[{index}].resources.connectionLimit",
                    "conflicting values for this port",
                    ("conf", "listeners", index, "resources", "connectionLimit"),
                )
                for index in limited
            )
    return violations


def _at_listener(index: int, message: str) -> Violation:
    return Violation(f"conf.listeners[{index}]", message, ("conf", "listeners", index))
