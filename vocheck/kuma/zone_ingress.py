"""Kuma's ZoneIngress validator: the same violations, in the same order, with the same words."""

from __future__ import annotations

from vocheck.kuma.specs import JsonPath, Violation, ZoneIngressSpec
from vocheck.kuma.resources import address_violations, overlaps_admin_address, port_violations
from vocheck.kuma.tags import validate_tag_map

_NETWORKING: JsonPath = ("networking",)


def _admin_violations(spec: ZoneIngressSpec) -> list[Violation]:
    port = spec.admin_port
    if port is None:
        return []
    if (port == spec.port and overlaps_admin_address(spec.address)) or (
        port == spec.advertised_port and overlaps_admin_address(spec.advertised_address)
    ):
        return [Violation("networking.admin.port", "must differ from port", (*_NETWORKING, "admin", "port"))]
    return []


def validate_zone_ingress(spec: ZoneIngressSpec) -> list[Violation]:
    """Every violation Kuma's ZoneIngress ``Validate()`` reports for ``spec``, in Kuma's order.

    The admin port against the listeners, the advertised address and port
    (both or neither), the addresses, the ports, then the tags of every
    available service.
    """
    violations = _admin_violations(spec)
    if spec.advertised_address == "" and spec.advertised_port != 0:
        violations.append(
            Violation(
                "networking.advertisedAddress", "has to be defined with advertisedPort", (*_NETWORKING, "advertisedPort")
            )
        )
    if spec.advertised_port == 0 and spec.advertised_address != "":
        violations.append(
            Violation(
                "networking.advertisedPort",
                "has to be defined with advertisedAddress",
                (*_NETWORKING, "advertisedAddress"),
            )
        )
    # Kuma roots these at the field and then adds "address" again, hence the doubled segment.
    if spec.address:
        violations += address_violations("networking.address.address", (*_NETWORKING, "address"), spec.address)
    if spec.advertised_address:
        violations += address_violations(
            "networking.advertisedAddress.address", (*_NETWORKING, "advertisedAddress"), spec.advertised_address
        )
    violations += port_violations("networking.port", (*_NETWORKING, "port"), spec.port)
    if spec.advertised_port != 0:
        violations += port_violations("networking.advertisedPort", (*_NETWORKING, "advertisedPort"), spec.advertised_port)
    for index, service in enumerate(spec.available_services):
        violations += validate_tag_map(
            f"availableService[{index}].tags",
            ("availableServices", index, "tags"),
            service.tags,
            require_service=True,
        )
    return violations
