"""What Kuma checks when it creates a Mesh: its certificate authority backends and their data sources."""

from __future__ import annotations

from vocheck.kuma.hostnames import is_dns_name
from vocheck.kuma.meshschema import BUILTIN_CA, PROVIDED_CA
from vocheck.kuma.specs import JsonPath, MeshSpec, Violation
from vocheck.kuma.quote import go_quote
from vocheck.kuma.mesh_fields import Fields, child, items, text_of, typed_conf


MAX_MESH_NAME = 63
MAX_CA_SECRET_NAME = 255
CA_PLUGINS = ("builtin", "provided")


def _data_source_violations(field: str, path: JsonPath, source: Fields) -> list[Violation]:
    """Kuma's check of a CA data source: one of secret, file, inline chosen, and not empty."""
    chosen = [name for name in ("secret", "file", "inline", "inlineString") if name in source]
    if not chosen:
        return [Violation(field, "data source has to be chosen. Available sources: secret, file, inline", path)]
    # A data source is a oneof: of several written members the last one declared wins.
    kind = chosen[-1]
    if kind != "inlineString" and not source[kind]:
        return [Violation(f"{field}.{kind}", "cannot be empty", (*path, kind))]
    return []


def _builtin_ca(mesh: str, backend: Fields, path: JsonPath) -> list[Violation]:
    field = f"mtls.backends[{path[2]}].conf"
    _, violations = typed_conf(field, (*path, "conf"), backend.get("conf"), BUILTIN_CA, "could not convert backend config: ")
    name = text_of(backend, "name")
    secret = f"{mesh}.ca-builtin-cert-{name}"
    # Kuma roots these two under the backend's conf and then names "mtls.backends.name" again.
    name_field = f"{field}.mtls.backends.name"
    if len(secret.encode("utf-8", "surrogatepass")) > MAX_CA_SECRET_NAME:
        violations.append(
            Violation(name_field, f"Backend name is too long. Max length: {MAX_CA_SECRET_NAME}", (*path, "name"))
        )
    if not is_dns_name(secret) or secret != secret.lower():
        violations.append(Violation(name_field, f"{go_quote(name)} name must be valid dns name", (*path, "name")))
    return violations


def _provided_ca(backend: Fields, path: JsonPath) -> list[Violation]:
    field = f"mtls.backends[{path[2]}].conf"
    conf_path: JsonPath = (*path, "conf")
    typed, violations = typed_conf(field, conf_path, backend.get("conf"), PROVIDED_CA, "could not convert backend config: ")
    if typed is None:
        return violations
    for part in ("cert", "key"):
        source = child(typed, part)
        if source is None:
            violations.append(Violation(f"{field}.{part}", "has to be defined", (*conf_path, part)))
        else:
            violations += _data_source_violations(f"{field}.{part}", (*conf_path, part), source)
    if violations:
        return violations
    cert = _inline_data(child(typed, "cert"))
    key = _inline_data(child(typed, "key"))
    # Kuma then loads both and parses them as a TLS key pair. vocheck sees only inline
    # data, and tells only the plainest failure: a certificate with no PEM block at all.
    if cert is not None and key is not None and _PEM_START not in cert:
        return [
            Violation(
                f"{field}.cert",
                "not a valid TLS key pair: tls: failed to find any PEM data in certificate input",
                (*conf_path, "cert"),
            )
        ]
    return []


_PEM_START = b"-----BEGIN "


def _inline_data(source: Fields | None) -> bytes | None:
    """The bytes of an inline data source, or None for a secret or a file (which only Kuma can read)."""
    chosen = [name for name in ("secret", "file", "inline", "inlineString") if source and name in source]
    if not chosen or source is None:
        return None
    value = source[chosen[-1]]
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8", "surrogatepass") if chosen[-1] == "inlineString" and isinstance(value, str) else None


def create_violations(mesh: str, spec: MeshSpec) -> list[Violation]:
    """What the control plane refuses when it creates the Mesh ``mesh``: a long name, unusable CA backends.

    The name violation has an empty path: it concerns the resource's name,
    not its spec. A ``provided`` backend whose sources are well formed is
    accepted here; Kuma then loads them (secret, file) and checks the
    certificate, which vocheck cannot see.
    """
    violations: list[Violation] = []
    if len(mesh.encode("utf-8", "surrogatepass")) > MAX_MESH_NAME:
        violations.append(Violation("name", f"cannot be longer than {MAX_MESH_NAME} characters"))
    mtls = child(spec.fields, "mtls")
    for index, backend in enumerate(items(mtls, "backends")):
        path: JsonPath = ("mtls", "backends", index)
        kind = text_of(backend, "type")
        if kind not in CA_PLUGINS:
            violations.append(
                Violation(f"mtls.backends[{index}].type", "could not find installed plugin for this type", (*path, "type"))
            )
            break  # Kuma stops at the first backend no plugin handles
        if mtls is not None and mtls.get("skipValidation") is True:
            continue
        if kind == "builtin":
            violations += _builtin_ca(mesh, backend, path)
        else:
            violations += _provided_ca(backend, path)
    return violations
