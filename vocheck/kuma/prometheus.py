"""Kuma's check of a ``prometheus`` metrics backend ``conf``, shared by Dataplanes and Meshes."""

from __future__ import annotations

from vocheck.kuma.decode import decode_message
from vocheck.kuma.goregexp import regexp_error
from vocheck.kuma.model import JsonPath, Violation
from vocheck.kuma.protoschema import PROMETHEUS_CONFIG


def as_struct(value: object) -> object:
    """``value`` as a ``google.protobuf.Struct`` holds it: every number a float64."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return float("inf") if value > 0 else float("-inf")
    if isinstance(value, dict):
        return {key: as_struct(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_struct(item) for item in value]
    return value


def validate_prometheus_config(conf: object, *, kuma_version: tuple[int, int]) -> list[Violation]:
    """Kuma's violations for a prometheus ``conf``, with fields and paths relative to ``conf``.

    Kuma converts the loose ``conf`` to its typed config first and stops at
    the first problem of each stage: the conversion, ``skipMTLS`` against
    ``tls`` (since 2.4), the ``envoy.filterRegex`` pattern (Go's regexp
    syntax; patterns over 400 bytes are not judged); duplicate
    ``aggregate`` names are all reported.
    """
    if not isinstance(conf, dict):
        return []
    decoded = decode_message(PROMETHEUS_CONFIG, as_struct(conf))
    if decoded.value is None:
        first = decoded.errors[0]
        return [Violation("", f"could not parse config: {first.message}", first.path)]
    config = decoded.value
    tls = config.get("tls")
    if kuma_version >= (2, 4) and "skipMTLS" in config and isinstance(tls, dict):
        skip = config.get("skipMTLS") is True
        mode = tls.get("mode", "activeMTLSBackend")
        if not ((not skip and mode == "activeMTLSBackend") or (skip and mode == "disabled")):
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
