"""Kuma's validators of the MeshService world, per Kuma release: the same violations, in the same order, with the same words.

Kuma names every field from the resource's root (``spec.template``,
``name``) in both forms, and each violation's path is the document path
below the resource (``("spec", "template")``).
"""

from __future__ import annotations

from vocheck.kuma.hostname_templates import MUST_NOT_BE_EMPTY, template_messages
from vocheck.kuma.hostnames import is_dns_name, is_ip
from vocheck.kuma.k8s_names import dns1035_label_violations
from vocheck.kuma.service_decode import DEFAULT_SYSTEM_NAMESPACE, SYSTEM_NAMESPACE_ONLY
from vocheck.kuma.service_specs import (
    HostnameGeneratorSpec,
    KumaMeta,
    Match,
    MeshExternalServiceSpec,
    MeshMultiZoneServiceSpec,
    MeshServiceSpec,
    Tls,
    TlsVersion,
    Verification,
)
from vocheck.kuma.specs import JsonPath, Violation

KUMA_3 = (3, 0)
MAX_NAME_LENGTH = 63
PORT_MESSAGE = "port must be a valid (1-65535)"
MATCH_PROTOCOLS = ("tcp", "grpc", "http", "http2")
VERIFICATION_MODES = ("SkipSAN", "SkipCA", "SkipAll", "Secured")
SAN_MATCH_TYPES = ("Prefix", "Exact")
TLS_VERSIONS = ("TLSAuto", "TLS10", "TLS11", "TLS12", "TLS13")
_TLS_ORDER = {"TLS10": 0, "TLS11": 1, "TLS12": 2, "TLS13": 3}


def supported_protocols(kuma_version: tuple[int, int]) -> tuple[str, ...]:
    """The application protocols Kuma lists to users; Kuma 3.0 drops kafka."""
    if kuma_version >= KUMA_3:
        return ("grpc", "http", "http2", "tcp")
    return ("grpc", "http", "http2", "kafka", "tcp")


def must_be_one_of(field: str, allowed: tuple[str, ...]) -> str:
    """Kuma's ``MakeFieldMustBeOneOfErr``: ``"mode" must be one of ["A", "B"]``."""
    return f'"{field}" must be one of [{", ".join(f"{chr(34)}{value}{chr(34)}" for value in allowed)}]'


def _name_violations(meta: KumaMeta, kuma_version: tuple[int, int], name: str | None = None) -> list[Violation]:
    """The display name's rule: at most 63 characters; in Kuma 3.0 an RFC 1035 label."""
    value = meta.display_name if name is None else name
    if kuma_version >= KUMA_3:
        violations = dns1035_label_violations(value) if value else []
        return [Violation("name", ", ".join(violations), ("name",))] if violations else []
    if len(value.encode("utf-8", "surrogateescape")) > MAX_NAME_LENGTH:
        return [Violation("name", f"must not be longer than {MAX_NAME_LENGTH} characters", ("name",))]
    return []


def validate_hostname_generator(spec: HostnameGeneratorSpec, kuma_version: tuple[int, int]) -> list[Violation]:
    """The selector (exactly one), the template (see ``template_messages``), the extension's type (2.11+)."""
    violations = []
    selector = spec.selector
    defined = [selector.mesh_service, selector.mesh_external_service, selector.mesh_multi_zone_service]
    if sum(item is not None for item in defined) != 1:
        violations.append(
            Violation(
                "spec.selector",
                "exact one selector (meshService, meshExternalService) must be defined",
                ("spec", "selector"),
            )
        )
    violations += [
        Violation("spec.template", message, ("spec", "template")) for message in template_messages(spec.template, kuma_version)
    ]
    if kuma_version >= (2, 11) and spec.extension is not None and spec.extension.type == "":
        violations.append(Violation("spec.extension.type", MUST_NOT_BE_EMPTY, ("spec", "extension", "type")))
    return violations


def validate_mesh_service(spec: MeshServiceSpec, meta: KumaMeta, kuma_version: tuple[int, int]) -> list[Violation]:
    """The display name; in 3.0 the ports' protocols; since 2.10 at most one selector kind."""
    violations = _name_violations(meta, kuma_version)
    if kuma_version >= KUMA_3:
        allowed = supported_protocols(kuma_version)
        for index, port in enumerate(spec.ports):
            # Kuma 3.0 reads the protocol case-insensitively and checks only a written one.
            if port.app_protocol and port.app_protocol.lower() not in allowed:
                violations.append(
                    Violation(
                        f"spec.ports[{index}].appProtocol",
                        f"appProtocol must be one of: {', '.join(allowed)}",
                        ("spec", "ports", index, "appProtocol"),
                    )
                )
    if kuma_version < (2, 10):
        return violations
    selector = spec.selector
    kinds: list[object] = [selector.dataplane_ref, selector.dataplane_labels]
    if kuma_version < KUMA_3:
        kinds.append(selector.dataplane_tags)
    if sum(item is not None for item in kinds) > 1:
        message = (
            "must specify only one of: dataplaneRef or dataplaneLabels"
            if kuma_version >= KUMA_3
            else "must specify only one of: dataplaneTags, dataplaneRef, or dataplaneLabels"
        )
        violations.append(Violation("spec.selector", message, ("spec", "selector")))
    return violations


def validate_mesh_multi_zone_service(
    spec: MeshMultiZoneServiceSpec, meta: KumaMeta, kuma_version: tuple[int, int]
) -> list[Violation]:
    """In 3.0 the name; the selector's labels and the ports (not empty); since 2.10 each port's name and protocol."""
    violations = _name_violations(meta, kuma_version) if kuma_version >= KUMA_3 else []
    if not spec.mesh_service.match_labels:
        violations.append(
            Violation(
                "spec.selector.meshService.matchLabels", "cannot be empty", ("spec", "selector", "meshService", "matchLabels")
            )
        )
    if not spec.ports:
        violations.append(Violation("spec.ports", "cannot be empty", ("spec", "ports")))
    if kuma_version < (2, 10):
        return violations
    allowed = supported_protocols(kuma_version)
    for index, port in enumerate(spec.ports):
        path: JsonPath = ("spec", "ports", index)
        if port.name == "":
            violations.append(Violation(f"spec.ports[{index}].name", MUST_NOT_BE_EMPTY, (*path, "name")))
        if port.app_protocol not in allowed:
            violations.append(
                Violation(
                    f"spec.ports[{index}].appProtocol",
                    f"appProtocol must be one of: {', '.join(allowed)}",
                    (*path, "appProtocol"),
                )
            )
    return violations


def _match_violations(match: Match, kuma_version: tuple[int, int]) -> list[Violation]:
    path: JsonPath = ("spec", "match")
    violations = []
    # Kuma 2.10 started to accept an empty type, as if it were not written.
    if match.type not in ("HostnameGenerator", "") or (match.type == "" and kuma_version < (2, 10)):
        violations.append(
            Violation(
                "spec.match.type",
                f"unrecognized type '{match.type}' - only 'HostnameGenerator' is supported",
                (*path, "type"),
            )
        )
    if match.port == 0 or match.port > 65535:
        violations.append(Violation("spec.match.port", PORT_MESSAGE, (*path, "port")))
    if match.protocol not in MATCH_PROTOCOLS:
        violations.append(Violation("spec.match.protocol", must_be_one_of("protocol", MATCH_PROTOCOLS), (*path, "protocol")))
    return violations


def _endpoint_violations(spec: MeshExternalServiceSpec) -> list[Violation]:
    violations = []
    for index, endpoint in enumerate(spec.endpoints or ()):
        path: JsonPath = ("spec", "endpoints", index)
        bad_port = endpoint.port == 0 or endpoint.port > 65535
        # An address is an IP or a DNS name, never both; neither is its own violation.
        if (is_ip(endpoint.address) or is_dns_name(endpoint.address)) and bad_port:
            violations.append(Violation(f"spec.endpoints[{index}].port", PORT_MESSAGE, (*path, "port")))
        if not is_ip(endpoint.address) and not is_dns_name(endpoint.address):
            violations.append(
                Violation(f"spec.endpoints[{index}].address", "address has to be a valid IP or hostname", (*path, "address"))
            )
    return violations


def _version_violations(version: TlsVersion) -> list[Violation]:
    path: JsonPath = ("spec", "tls", "version")
    violations = []
    specific = {}
    for bound, value in (("min", version.min), ("max", version.max)):
        if value is None:
            continue
        if value not in TLS_VERSIONS:
            violations.append(Violation(f"spec.tls.version.{bound}", must_be_one_of(bound, TLS_VERSIONS), (*path, bound)))
        elif value != "TLSAuto":
            specific[bound] = _TLS_ORDER[value]
    if len(specific) == 2 and specific["min"] > specific["max"]:
        violations.append(Violation("spec.tls.version.min", "min version must be lower than max", (*path, "min")))
    return violations


def _verification_violations(verification: Verification, kuma_version: tuple[int, int]) -> list[Violation]:
    path: JsonPath = ("spec", "tls", "verification")
    field = "spec.tls.verification"
    violations = []
    if verification.server_name is not None and not is_dns_name(verification.server_name):
        violations.append(Violation(f"{field}.serverName", "must be a valid DNS name", (*path, "serverName")))
    # Kuma 2.10 started to accept an empty mode, as if it were not written.
    modes = VERIFICATION_MODES + (("",) if kuma_version >= (2, 10) else ())
    if verification.mode not in modes:
        violations.append(Violation(f"{field}.mode", must_be_one_of("mode", VERIFICATION_MODES), (*path, "mode")))
    for index, name in enumerate(verification.subject_alt_names or ()):
        if name.type not in SAN_MATCH_TYPES:
            violations.append(
                Violation(
                    f"{field}.subjectAltNames[{index}].type",
                    must_be_one_of("type", SAN_MATCH_TYPES),
                    (*path, "subjectAltNames", index, "type"),
                )
            )
    if verification.client_cert is not None and verification.client_key is None:
        violations.append(Violation(f"{field}.clientKey", "must be defined when clientCert is defined", (*path, "clientCert")))
    if verification.client_cert is None and verification.client_key is not None:
        violations.append(Violation(f"{field}.clientCert", "must be defined when clientKey is defined", (*path, "clientKey")))
    return violations


def _tls_violations(tls: Tls, kuma_version: tuple[int, int]) -> list[Violation]:
    violations = _version_violations(tls.version) if tls.version is not None else []
    if tls.verification is not None:
        violations += _verification_violations(tls.verification, kuma_version)
    return violations


def validate_mesh_external_service(
    spec: MeshExternalServiceSpec, meta: KumaMeta, kuma_version: tuple[int, int]
) -> list[Violation]:
    """The name, ``spec.match``, then (without an extension) endpoints and TLS, then the extension's type."""
    # Before 2.11 Kuma measured the core name (<name>.<namespace> on Kubernetes), not the display name.
    name = meta.name if kuma_version < (2, 11) else None
    violations = _name_violations(meta, kuma_version, name)
    violations += _match_violations(spec.match, kuma_version)
    if spec.extension is None:
        violations += _endpoint_violations(spec)
        if spec.tls is not None:
            violations += _tls_violations(spec.tls, kuma_version)
    if spec.extension is not None and spec.extension.type == "":
        violations.append(Violation("spec.extension.type", MUST_NOT_BE_EMPTY, ("spec", "extension", "type")))
    return violations


def namespace_violations(meta: KumaMeta, system_namespace: str = DEFAULT_SYSTEM_NAMESPACE) -> list[Violation]:
    """Kuma's admission webhook on a zone: HostnameGenerator and MeshExternalService only in the system namespace.

    The webhook denies the request before it validates anything else, with no field.
    """
    if meta.namespace and meta.kind in SYSTEM_NAMESPACE_ONLY and meta.namespace != system_namespace:
        message = f"resource type {meta.kind} can be created only in the system namespace:{system_namespace}"
        return [Violation("", message, ("metadata", "namespace"))]
    return []


def validate_service_kind(meta: KumaMeta, spec: object, *, kuma_version: tuple[int, int]) -> list[Violation]:
    """Every violation Kuma reports for the resource, in Kuma's order: the namespace, then its kind's validator."""
    denied = namespace_violations(meta)
    if denied:
        return denied
    if isinstance(spec, HostnameGeneratorSpec):
        return validate_hostname_generator(spec, kuma_version)
    if isinstance(spec, MeshServiceSpec):
        return validate_mesh_service(spec, meta, kuma_version)
    if isinstance(spec, MeshExternalServiceSpec):
        return validate_mesh_external_service(spec, meta, kuma_version)
    if isinstance(spec, MeshMultiZoneServiceSpec):
        return validate_mesh_multi_zone_service(spec, meta, kuma_version)
    return []
