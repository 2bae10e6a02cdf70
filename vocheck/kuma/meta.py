"""Kuma's rules for resource names and meshes, as ``kumactl apply`` enforces them per Kuma version."""

from __future__ import annotations

import re

from vocheck.kuma.k8s_names import dns1123_subdomain_violations
from vocheck.kuma.quote import go_quote
from vocheck.kuma.specs import Violation

GLOBAL_KINDS = frozenset({"Mesh", "ZoneIngress", "ZoneEgress", "Zone", "GlobalSecret", "Config", "HostnameGenerator"})
MAX_NAME_LENGTH = 253

_LEGACY_CHARACTERS = re.compile(r"[0-9a-z\-_]*", re.ASCII)
_LEGACY_MESSAGE = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_' symbols."
_MESH_CHARACTERS = re.compile(r"[0-9a-z\-_.]*", re.ASCII)
_MESH_MESSAGE = "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols."
SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", re.ASCII)
SUBDOMAIN_MESSAGE = (
    "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
    "characters, '-' or '.', and must start and end with an alphanumeric character"
)
NAME_WARNING = (
    "[WARNING] Kuma 2.5.x introduces more strict validation rules for resource name, it must consist of "
    "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character. "
    "You can't CREATE resources with invalid names anymore, but it's possible to UPDATE such resources until "
    "Kuma 2.7.x is released."
)


def is_mesh_scoped(kind: str) -> bool:
    return kind not in GLOBAL_KINDS


def _identifier(field: str, value: str, pattern: re.Pattern[str], message: str) -> list[Violation]:
    """Kuma's ``validateIdentifier`` (2.5+): empty, then length, then characters; one message at most."""
    if value == "":
        return [Violation(field, "cannot be empty", (field,))]
    if len(value.encode("utf-8", "surrogatepass")) > MAX_NAME_LENGTH:
        return [Violation(field, "value length must less or equal 253", (field,))]
    if pattern.fullmatch(value) is None:
        return [Violation(field, message, (field,))]
    return []


def _legacy(field: str, value: str) -> list[Violation]:
    """Before 2.5.0: emptiness and characters were checked separately, with no length limit."""
    violations = []
    if value == "":
        violations.append(Violation(field, "cannot be empty", (field,)))
    if _LEGACY_CHARACTERS.fullmatch(value) is None:
        violations.append(Violation(field, _LEGACY_MESSAGE, (field,)))
    return violations


def validate_mesh(mesh: str | None, kuma_version: tuple[int, int]) -> list[Violation]:
    """Kuma's ``ValidateMesh`` (also what the Kubernetes webhook checks on the top-level ``mesh``)."""
    value = mesh or ""
    if kuma_version < (2, 5):
        return _legacy("mesh", value)
    return _identifier("mesh", value, _MESH_CHARACTERS, _MESH_MESSAGE)


def _strict(kind: str, name: str, mesh: str | None, kuma_version: tuple[int, int]) -> list[Violation]:
    violations = _identifier("name", name, SUBDOMAIN, SUBDOMAIN_MESSAGE)
    if is_mesh_scoped(kind):
        violations += validate_mesh(mesh, kuma_version)
    return violations


def validate_meta(kind: str, name: str, mesh: str | None, kuma_version: tuple[int, int]) -> list[Violation]:
    """The name/mesh violations ``kumactl apply`` of ``kuma_version`` reports (errors only).

    2.5-2.9 kumactl falls back to the older character set when the strict
    rules fail; a name that passes only that way is accepted with a printed
    warning (see :func:`meta_warning`), and one that fails both gets the
    older message.
    """
    scoped = is_mesh_scoped(kind)
    if kuma_version < (2, 5):
        return _legacy("name", name) + (_legacy("mesh", mesh or "") if scoped else [])
    strict = _strict(kind, name, mesh, kuma_version)
    if not strict or kuma_version >= (2, 10):
        return strict
    fallback = _identifier("name", name, _MESH_CHARACTERS, _MESH_MESSAGE)
    if scoped:
        fallback += validate_mesh(mesh, kuma_version)
    return fallback


def meta_warning(kind: str, name: str, mesh: str | None, kuma_version: tuple[int, int]) -> str | None:
    """The ``[WARNING] ...`` line kumactl 2.5-2.9 prints for a name only the older rules accept."""
    if not (2, 5) <= kuma_version < (2, 10):
        return None
    if _strict(kind, name, mesh, kuma_version) and not validate_meta(kind, name, mesh, kuma_version):
        return NAME_WARNING
    return None


def kubernetes_name(data: object) -> str | None:
    """A Kubernetes object's own ``metadata.name`` (Kuma's name of a namespaced object adds the namespace)."""
    metadata = data.get("metadata") if isinstance(data, dict) else None
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return name if isinstance(name, str) else None


def kubernetes_name_violations(name: str | None) -> list[str]:
    """What the Kubernetes API server says of a custom resource's ``metadata.name``, one line per rule broken.

    Every Kuma kind is a custom resource there, whose name must be a DNS-1123
    subdomain; the server refuses the object before Kuma sees it, whatever
    the Kuma release. A missing name is left to the schema.
    """
    if not name:
        return []
    return [f"metadata.name: Invalid value: {go_quote(name)}: {message}" for message in dns1123_subdomain_violations(name)]
