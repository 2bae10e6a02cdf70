"""Kuma's Mesh rules: the resource validator, the defaulting that precedes it and the checks on create.

``validate_mesh_spec`` is what Kuma 2.14's ``Validate()`` reports, in its
order and words. ``mesh_rejections`` adds what happens around it when the
Mesh is applied: on Kubernetes the defaulting webhook first reads every
Prometheus ``conf`` (and fills in ``tls``), on both forms the control plane
then limits the name to 63 characters and asks the installed CA plugins
(``builtin`` and ``provided``) about each mTLS backend.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from vocheck.kuma.gourl import request_uri_port
from vocheck.kuma.meshschema import DATADOG_TRACING, FILE_LOGGING, TCP_LOGGING, ZIPKIN_TRACING
from vocheck.kuma.specs import JsonPath, MeshSpec, Violation
from vocheck.kuma.netaddr import split_host_port
from vocheck.kuma.prometheus import validate_prometheus_config
from vocheck.kuma.protomessages import PROMETHEUS_CONFIG
from vocheck.kuma.protoschema import MessageSchema
from vocheck.kuma.quote import go_quote
from vocheck.kuma.resources import port_violations
from vocheck.kuma.tags import SELECTOR_VALUE, SELECTOR_VALUE_MESSAGE, validate_tag_map
from vocheck.kuma.mesh_fields import Fields, child, items, number_of, text_of, typed_conf
from vocheck.kuma.mesh_ca import create_violations

# The check of one backend type's ``conf``: (field, path of the conf, the conf).
_ConfCheck = Callable[[str, JsonPath, object], list[Violation]]

MAX_MTLS_BACKENDS = 1
ZIPKIN_API_VERSIONS = ("httpJsonV1", "httpJson", "httpProto")
_KUMA_DURATION = re.compile(r"([0-9]+)(y|w|d|h|m|s|ms)", re.ASCII)


def _unique_name_message(name: str) -> str:
    return f"{go_quote(name)} name is already used for another backend"


def is_kuma_duration(text: str) -> bool:
    """Kuma's own duration format for certificate lifetimes: ``0`` or digits and one of y w d h m s ms."""
    return text == "0" or _KUMA_DURATION.fullmatch(text) is not None


# mTLS


def _mtls_violations(mtls: Fields | None) -> list[Violation]:
    if mtls is None:
        return []
    violations: list[Violation] = []
    backends = items(mtls, "backends")
    if len(backends) > MAX_MTLS_BACKENDS:
        violations.append(
            Violation("mtls.backends", f"cannot have more than {MAX_MTLS_BACKENDS} backends", ("mtls", "backends"))
        )
    used: set[str] = set()
    for index, backend in enumerate(backends):
        path: JsonPath = ("mtls", "backends", index)
        name = text_of(backend, "name")
        if name in used:
            violations.append(Violation(f"mtls.backends[{index}].name", _unique_name_message(name), (*path, "name")))
        used.add(name)
        dp_cert = child(backend, "dpCert")
        if dp_cert is not None and not is_kuma_duration(text_of(child(dp_cert, "rotation"), "expiration")):
            # Kuma names this field without the backend's index, and in lowercase.
            violations.append(
                Violation(
                    "mtls.dpcert.rotation.expiration",
                    "has to be a valid format",
                    (*path, "dpCert", "rotation", "expiration"),
                )
            )
    enabled = text_of(mtls, "enabledBackend")
    if enabled and enabled not in used:
        violations.append(
            Violation("mtls.enabledBackend", "has to be set to one of the backends in the mesh", ("mtls", "enabledBackend"))
        )
    return violations


# Logging


def _file_logging(field: str, path: JsonPath, conf: Fields) -> list[Violation]:
    if text_of(conf, "path") == "":
        return [Violation(f"{field}.path", "cannot be empty", (*path, "path"))]
    return []


def _tcp_logging(field: str, path: JsonPath, conf: Fields) -> list[Violation]:
    address = text_of(conf, "address")
    if address == "":
        return [Violation(f"{field}.address", "cannot be empty", (*path, "address"))]
    split = split_host_port(address)
    if split is None or "" in split:
        return [Violation(f"{field}.address", "has to be in format of HOST:PORT", (*path, "address"))]
    return []


# Tracing


def _zipkin(field: str, path: JsonPath, conf: Fields) -> list[Violation]:
    violations = []
    api_version = text_of(conf, "apiVersion")
    if api_version and api_version not in ZIPKIN_API_VERSIONS:
        violations.append(
            Violation(
                f"{field}.apiVersion",
                f"has invalid value. Allowed values: {', '.join(ZIPKIN_API_VERSIONS)}",
                (*path, "apiVersion"),
            )
        )
    url = text_of(conf, "url")
    if url == "":
        violations.append(Violation(f"{field}.url", "cannot be empty", (*path, "url")))
        return violations
    port = request_uri_port(url)
    if port is None:
        violations.append(Violation(f"{field}.url", "invalid URL", (*path, "url")))
    elif port == "":
        violations.append(Violation(f"{field}.url", "port has to be explicitly specified", (*path, "url")))
    return violations


def _datadog(field: str, path: JsonPath, conf: Fields) -> list[Violation]:
    violations = []
    if text_of(conf, "address") == "":
        violations.append(Violation(f"{field}.address", "cannot be empty", (*path, "address")))
    return violations + port_violations(f"{field}.port", (*path, "port"), number_of(conf, "port"))


def _sampling_violations(field: str, path: JsonPath, backend: Fields) -> list[Violation]:
    sampling = backend.get("sampling", 0.0)
    # NaN is neither below 0 nor above 100, so Kuma lets it through.
    if isinstance(sampling, float) and (sampling < 0.0 or sampling > 100.0):
        return [Violation(f"{field}.sampling", "has to be in [0.0 - 100.0] range", (*path, "sampling"))]
    return []


# Logging and tracing backends are walked alike


def _no_backend_violations(field: str, path: JsonPath, backend: Fields) -> list[Violation]:
    return []


def _backends_violations(
    section: str,
    fields: Fields | None,
    conf_checks: Mapping[str, _ConfCheck],
    backend_checks: Callable[[str, JsonPath, Fields], list[Violation]] = _no_backend_violations,
) -> list[Violation]:
    """Kuma's walk of the logging or tracing backends.

    Each backend needs a name, a known type (``conf_checks`` maps each type
    to the check of its ``conf``, in the order Kuma lists them) and a name
    no earlier backend took; ``defaultBackend`` must name one of them.
    """
    if fields is None:
        return []
    violations: list[Violation] = []
    used: set[str] = set()
    available = ", ".join(f'"{kind}"' for kind in conf_checks)
    for index, backend in enumerate(items(fields, "backends")):
        field = f"{section}.backends[{index}]"
        path: JsonPath = (section, "backends", index)
        name = text_of(backend, "name")
        if name == "":
            violations.append(Violation(f"{field}.name", "cannot be empty", (*path, "name")))
        violations += backend_checks(field, path, backend)
        conf_check = conf_checks.get(text_of(backend, "type"))
        if conf_check is None:
            message = f"unknown backend type. Available backends: {available}"
            violations.append(Violation(f"{field}.type", message, (*path, "type")))
        else:
            violations += conf_check(f"{field}.config", (*path, "conf"), backend.get("conf"))
        if name in used:
            violations.append(Violation(f"{field}.name", _unique_name_message(name), (*path, "name")))
        used.add(name)
    default = text_of(fields, "defaultBackend")
    if default and default not in used:
        violations.append(
            Violation(
                f"{section}.defaultBackend",
                f"has to be set to one of the {section} backend in mesh",
                (section, "defaultBackend"),
            )
        )
    return violations


def _typed_conf_check(schema: MessageSchema, check: Callable[[str, JsonPath, Fields], list[Violation]]) -> _ConfCheck:
    """A backend's ``conf`` check: read as ``schema`` first (Kuma's "could not parse config"), then ``check``."""

    def run(field: str, path: JsonPath, conf: object) -> list[Violation]:
        typed, violations = typed_conf(field, path, conf, schema)
        return violations if typed is None else check(field, path, typed)

    return run


_LOGGING_CONFS = {
    "tcp": _typed_conf_check(TCP_LOGGING, _tcp_logging),
    "file": _typed_conf_check(FILE_LOGGING, _file_logging),
}
_TRACING_CONFS = {
    "zipkin": _typed_conf_check(ZIPKIN_TRACING, _zipkin),
    "datadog": _typed_conf_check(DATADOG_TRACING, _datadog),
}


# Metrics


def _prometheus(field: str, path: JsonPath, conf: object, defaulted: bool) -> list[Violation]:
    return [violation.rooted(field, path) for violation in validate_prometheus_config(conf, defaulted=defaulted)]


def _metrics_violations(metrics: Fields | None, defaulted: bool) -> list[Violation]:
    if metrics is None:
        return []
    violations: list[Violation] = []
    used: set[str] = set()
    for index, backend in enumerate(items(metrics, "backends")):
        field = f"metrics.backends[{index}]"
        path: JsonPath = ("metrics", "backends", index)
        name = text_of(backend, "name")
        if name in used:
            violations.append(Violation(f"{field}.name", _unique_name_message(name), (*path, "name")))
        if text_of(backend, "type") != "prometheus":
            violations.append(
                Violation(f"{field}.type", 'unknown backend type. Available backends: "prometheus"', (*path, "type"))
            )
        else:
            violations += _prometheus(f"{field}.conf", (*path, "conf"), backend.get("conf"), defaulted)
        used.add(name)
    enabled = text_of(metrics, "enabledBackend")
    if enabled and enabled not in used:
        violations.append(
            Violation(
                "metrics.enabledBackend",
                "has to be set to one of the backends in the mesh",
                ("metrics", "enabledBackend"),
            )
        )
    return violations


# Constraints and routing


def _constraints_violations(constraints: Fields | None) -> list[Violation]:
    proxy = child(constraints, "dataplaneProxy")
    if proxy is None:
        return []
    violations: list[Violation] = []
    for group in ("requirements", "restrictions"):
        for index, rules in enumerate(items(proxy, group)):
            tags = rules.get("tags")
            violations += validate_tag_map(
                f"constraints.dataplaneProxy.{group}[{index}].tags",
                ("constraints", "dataplaneProxy", group, index, "tags"),
                tags if isinstance(tags, Mapping) else {},
                value_pattern=SELECTOR_VALUE,
                value_message=SELECTOR_VALUE_MESSAGE,
                require_at_least_one=True,
            )
    return violations


def _zone_egress_violations(routing: Fields | None, mtls: Fields | None) -> list[Violation]:
    if routing is None or routing.get("zoneEgress") is not True or text_of(mtls, "enabledBackend"):
        return []
    return [Violation("mtls", "has to be set when zoneEgress enabled", ("routing", "zoneEgress"))]


def validate_mesh_spec(spec: MeshSpec, *, defaulted: bool = False) -> list[Violation]:
    """Every violation Kuma's Mesh ``Validate()`` reports for ``spec``, in Kuma's order.

    ``defaulted`` validates the spec as Kuma's defaulting left it (on
    Kubernetes the mutating webhook runs first).
    """
    fields = spec.fields
    mtls = child(fields, "mtls")
    return [
        *_mtls_violations(mtls),
        *_backends_violations("logging", child(fields, "logging"), _LOGGING_CONFS),
        *_backends_violations("tracing", child(fields, "tracing"), _TRACING_CONFS, _sampling_violations),
        *_metrics_violations(child(fields, "metrics"), defaulted),
        *_constraints_violations(child(fields, "constraints")),
        *_zone_egress_violations(child(fields, "routing"), mtls),
    ]


def defaulting_violations(spec: MeshSpec) -> list[Violation]:
    """What Kuma's defaulting (the Kubernetes mutating webhook) refuses: a Prometheus ``conf`` it cannot read."""
    for index, backend in enumerate(items(child(spec.fields, "metrics"), "backends")):
        if text_of(backend, "type") != "prometheus":
            continue
        path: JsonPath = ("metrics", "backends", index, "conf")
        _, violations = typed_conf("", path, backend.get("conf"), PROMETHEUS_CONFIG, "could not convert the backend: ")
        if violations:
            return violations
    return []


# Create-time checks of the control plane


def mesh_rejections(mesh: str, spec: MeshSpec, form: str) -> list[list[Violation]]:
    """Kuma's refusals of applying the Mesh ``mesh``, stage by stage; Kuma reports the first non-empty stage.

    Universal (``kumactl apply``): the validator, then the control plane's
    create checks. Kubernetes: the defaulting webhook, the validator on the
    defaulted spec, then the create checks. A Mesh without a name is never
    created, so it gets no create checks.
    """
    create = create_violations(mesh, spec) if mesh else []
    if form == "kubernetes":
        defaulting = defaulting_violations(spec)
        # The validator would read the same unreadable conf again: say it once.
        unreadable = {violation.path for violation in defaulting}
        validator = [
            violation for violation in validate_mesh_spec(spec, defaulted=True) if violation.path not in unreadable
        ]
        return [defaulting, validator, create]
    return [validate_mesh_spec(spec), create]


__all__ = [
    "create_violations",
    "defaulting_violations",
    "is_kuma_duration",
    "mesh_rejections",
    "validate_mesh_spec",
]
