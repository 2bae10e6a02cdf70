"""Kuma's ExternalService validator: the same violations, in the same order, with the same words."""

from __future__ import annotations

from vocheck.kuma.hostnames import is_dns_name, is_ip
from vocheck.kuma.specs import DataSourceSpec, ExternalServiceSpec, JsonPath, Violation
from vocheck.kuma.netaddr import parse_uint32, split_host_port
from vocheck.kuma.resources import CURRENT_KUMA, port_violations, tag_protocol_rule
from vocheck.kuma.tags import SERVICE_TAG, key_field, validate_tag_map

_TLS: JsonPath = ("networking", "tls")


def _address_violations(address: str) -> list[Violation]:
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
    return violations + port_violations(field, path, port)


def _data_source_violations(name: str, source: DataSourceSpec | None) -> list[Violation]:
    if source is None or not source.empty:
        return []
    return [Violation(f"networking.tls.{name}", "data source cannot be empty", (*_TLS, source.key))]


def _tls_violations(spec: ExternalServiceSpec) -> list[Violation]:
    tls = spec.tls
    if tls is None:
        return []
    violations = []
    if tls.server_name == "":
        violations.append(Violation("networking.tls.serverName", "cannot be empty", (*_TLS, tls.server_name_key)))
    violations += _data_source_violations("caCert", tls.ca_cert)
    violations += _data_source_violations("clientCert", tls.client_cert)
    violations += _data_source_violations("clientKey", tls.client_key)
    return violations


def validate_external_service(
    spec: ExternalServiceSpec, *, kuma_version: tuple[int, int] = CURRENT_KUMA
) -> list[Violation]:
    """Every violation Kuma's ExternalService ``Validate()`` reports for ``spec``, in Kuma's order.

    Networking (the ``host:port`` address, the TLS server name and data
    sources), then the tags (``kuma.io/protocol`` first, then each tag in
    key order, then the mandatory ``kuma.io/service``), then since 2.6 the
    service tag that repeats the address's host.
    """
    violations: list[Violation] = []
    if not spec.networking_defined:
        violations.append(Violation("networking", "should have networking", ()))
    else:
        violations += _address_violations(spec.address)
        violations += _tls_violations(spec)
    violations += validate_tag_map(
        "tags", ("tags",), spec.tags, require_service=True, protocol_rule=tag_protocol_rule(kuma_version)
    )
    service = spec.tags.get(SERVICE_TAG, "")
    split = split_host_port(spec.address)
    if kuma_version >= (2, 6) and service and split is not None and split[0] == service:
        violations.append(
            Violation(key_field("tags", SERVICE_TAG), "cannot be the same as networking.address", ("tags", SERVICE_TAG))
        )
    return violations
