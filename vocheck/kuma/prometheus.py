"""Kuma's check of a ``prometheus`` metrics backend ``conf``, shared by Dataplanes and Meshes."""

from __future__ import annotations

from vocheck.kuma.decode import decode_struct_as
from vocheck.kuma.goregexp import regexp_error
from vocheck.kuma.specs import JsonPath, Violation
from vocheck.kuma.protomessages import PROMETHEUS_CONFIG
from vocheck.kuma.resources import CURRENT_KUMA


def _tls_settings_agree(skip_mtls: bool, mode: object) -> bool:
    return (not skip_mtls and mode == "activeMTLSBackend") or (skip_mtls and mode == "disabled")


def validate_prometheus_config(
    conf: object, *, kuma_version: tuple[int, int] = CURRENT_KUMA, defaulted: bool = False
) -> list[Violation]:
    """Kuma's violations for a prometheus ``conf``, with fields and paths relative to ``conf``.

    Kuma converts the loose ``conf`` to its typed config first and stops at
    the first problem of each stage: the conversion, ``skipMTLS`` against
    ``tls`` (since 2.4), the ``envoy.filterRegex`` pattern (Go's regexp
    syntax; patterns over 400 bytes are not judged); duplicate
    ``aggregate`` names are all reported. ``defaulted`` checks the conf as
    Kuma's Mesh defaulting (the Kubernetes webhook) leaves it: it drops
    ``skipMTLS`` next to ``tls.mode: providedTLS``.
    """
    if not isinstance(conf, dict):
        return []
    decoded = decode_struct_as(PROMETHEUS_CONFIG, conf)
    if decoded.value is None:
        first = decoded.errors[0]
        return [Violation("", f"could not parse config: {first.message}", first.path)]
    config = decoded.value
    tls = config.get("tls")
    # A tls mode may also be a number no name stands for; it then matches neither setting.
    mode = tls.get("mode", "activeMTLSBackend") if isinstance(tls, dict) else "activeMTLSBackend"
    skip_mtls = config.get("skipMTLS")
    if defaulted and mode == "providedTLS":
        skip_mtls = None
    if kuma_version >= (2, 4) and skip_mtls is not None and isinstance(tls, dict):
        if not _tls_settings_agree(skip_mtls is True, mode):
            return [Violation("", "skipMTLS and tls configuration cannot be defined together", ("skipMTLS",))]
    envoy = config.get("envoy")
    pattern = envoy.get("filterRegex", "") if isinstance(envoy, dict) else ""
    problem = regexp_error(pattern) if isinstance(pattern, str) else None
    if problem is not None:
        return [Violation("envoy.filterRegex", f"provided regexp isn't correct: {problem}", ("envoy", "filterRegex"))]
    violations: list[Violation] = []
    seen: set[str] = set()
    aggregates = config.get("aggregate")
    for index, aggregate in enumerate(aggregates if isinstance(aggregates, list) else []):
        name = aggregate.get("name", "") if isinstance(aggregate, dict) else ""
        if name in seen:
            path: JsonPath = ("aggregate", index, "name")
            violations.append(Violation(f"aggregate[{index}].name", f"duplicate entry: {name}, values have to be unique", path))
            continue
        seen.add(name)
    return violations
