"""Kuma's violations as findings: placed where the user wrote the value, with a hint for the common ones."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from vocheck import Finding, KumaMessage, Resource
from vocheck.kuma.api import Violation, placed, written_place

# What to do about the most common rejections, keyed by the start of Kuma's message.
HINTS = (
    ("must contain a parameter with kuma.io/service as a tagKey", 'add a parameter with "tagKey: kuma.io/service"'),
    ("must have at least one element", 'add a selector, for example "- match: {kuma.io/service: \\"*\\"}"'),
    ("must consist of alphanumeric characters to be used as a gotemplate key", "use letters and digits only"),
    ("name is already used", "give each parameter its own name"),
    ("must be a valid tag name", "tag names are letters, digits and . - _ : /"),
    ("tag value must be non-empty", 'use "*" to match any value'),
)


TEMPLATES = ("conf.host", "conf.port")


UNREADABLE_CONF = ("could not parse config: ", "could not convert backend config: ")


def findings(resource: Resource, violations: Iterable[Violation], reported_by_kuma: bool = True) -> Iterator[Finding]:
    for violation in violations:
        where = placed(resource, violation)
        text = f"Kuma rejects this: {where.field}: {where.message}" if where.field else f"Kuma rejects this: {where.message}"
        hint = next((hint for start, hint in HINTS if where.message.startswith(start)), None)
        if hint:
            text += f" ({hint})"
        kuma = KumaMessage(where.field, where.message) if reported_by_kuma else None
        yield Finding(text, where.path, kuma=kuma)


def at_root(resource: Resource, violation: Violation) -> Violation:
    return Violation(violation.field, violation.message, written_place(resource, resource.root + violation.path))


def raw_findings(resource: Resource, violations: list[Violation], reported: bool) -> Iterator[Finding]:
    for violation in violations:
        text = f"Kuma rejects this: {violation.field}: {violation.message}"
        kuma = KumaMessage(violation.field, violation.message) if reported else None
        yield Finding(text, violation.path, kuma=kuma)


def mesh_finding(resource: Resource, violation: Violation, reported: bool) -> Finding:
    if violation.field == "name" and not violation.path:
        # The name length is a check on the resource's name, which Kubernetes keeps in metadata.
        kubernetes = resource.form == "kubernetes"
        path = resource.field("metadata", "name") if kubernetes else resource.field("name")
        where = Violation("spec.name" if kubernetes else "name", violation.message, path)
    elif violation.field == "":
        # The defaulting webhook's error names no field; point at the value it could not read.
        where = Violation("", violation.message, resource.at(*violation.path))
    elif violation.message.startswith(UNREADABLE_CONF):
        # Kuma names the whole conf; the value it could not read is more use.
        placed_field = placed(resource, violation).field
        where = Violation(placed_field, violation.message, resource.at(*violation.path))
    else:
        where = placed(resource, violation)
    text = f"Kuma rejects this: {where.field}: {where.message}" if where.field else f"Kuma rejects this: {where.message}"
    hint = next((hint for part, hint in MESH_HINTS if part in where.message), None)
    if hint:
        text += f" ({hint})"
    return Finding(text, where.path, kuma=KumaMessage(where.field, where.message) if reported else None)


# What to do about a Mesh rejection, keyed by a part of Kuma's message.
MESH_HINTS = (
    ("has to be set when zoneEgress enabled", "enable mTLS: set mtls.enabledBackend to one of mtls.backends"),
    ("has to be set to one of the", "name one of the backends listed next to it"),
    ("name is already used for another backend", "give each backend its own name"),
    ("could not find installed plugin for this type", "Kuma ships the CA types builtin and provided"),
    ("has to be a valid format", 'use a number and one of y, w, d, h, m, s, ms, such as "30d"'),
    ("port has to be explicitly specified", 'write the port, such as "http://zipkin:9411/api/v2/spans"'),
    ("skipMTLS and tls configuration cannot be defined together", "keep tls.mode and drop skipMTLS"),
    ("values have to be unique", "give each aggregate its own name"),
    ("name must be valid dns name", "use lowercase letters, digits, '-' and '.'"),
)
