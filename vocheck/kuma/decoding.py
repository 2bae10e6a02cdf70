"""Resources decoded the way Kuma decodes them, once per run and shared by every check."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from vocheck.context import Context
from vocheck.golang.quote import unquote
from vocheck.kuma.decode import (
    decode_dataplane,
    decode_external_service,
    decode_mesh,
    decode_mesh_gateway,
    decode_virtual_outbound,
    decode_zone_ingress,
)
from vocheck.kuma.specs import SPEC_KINDS, Decoded, JsonPath, Violation, parse_time
from vocheck.model import Finding, KumaMessage, Resource

if TYPE_CHECKING:
    from vocheck.kuma.service_specs import KumaMeta, ServiceStatus


def _service_decoder(kind: str) -> Callable[[object], Decoded[Any]]:
    """A decoder of the MeshService world, imported when a resource of it is first decoded."""

    def decode(data: object) -> Decoded[Any]:
        from vocheck.kuma.service_decode import decode_spec

        return decode_spec(kind, data)

    return decode


DECODERS: dict[str, Callable[[object], Decoded[Any]]] = {
    "VirtualOutbound": decode_virtual_outbound,
    "Dataplane": decode_dataplane,
    "ExternalService": decode_external_service,
    "ZoneIngress": decode_zone_ingress,
    "Mesh": decode_mesh,
    "MeshGateway": decode_mesh_gateway,
    **{kind: _service_decoder(kind) for kind in sorted(SPEC_KINDS)},
}


def decoded(resource: Resource, context: Context) -> Decoded[Any] | None:
    """The decoded spec of a kind vocheck models, or None for other kinds."""
    decoder = DECODERS.get(resource.kind)
    if decoder is None:
        return None
    return context.memo("decoded", resource, lambda: decoder(resource.spec))


def violations_of(resource: Resource, context: Context) -> list[Violation]:
    """What Kuma's validator of the resource's kind reports on its decoded spec, computed once.

    The checks that report these and the preview that leaves rejected
    resources out both ask; an undecodable spec has none (decoding failed first).
    """

    def compute() -> list[Violation]:
        spec = spec_of(resource, context)
        if spec is None:
            return []
        # Each kind's validator is imported when a resource of that kind is first
        # validated: a run of policies alone never loads the Dataplane or Mesh rules.
        version = context.settings.kuma_version
        if resource.kind in SPEC_KINDS:
            from vocheck.kuma.service_rules import validate_service_kind

            return validate_service_kind(kuma_meta(resource), spec, kuma_version=version)
        if resource.kind == "VirtualOutbound":
            from vocheck.kuma.validate import validate_virtual_outbound

            return validate_virtual_outbound(spec, kuma_version=version)
        if resource.kind == "Dataplane":
            from vocheck.kuma.dataplane import validate_dataplane

            return validate_dataplane(spec, kuma_version=version)
        if resource.kind == "ExternalService":
            from vocheck.kuma.external_service import validate_external_service

            return validate_external_service(spec, kuma_version=version)
        if resource.kind == "Mesh":
            return [violation for stage in mesh_stages(resource, context) for violation in stage]
        if resource.kind == "MeshGateway":
            from vocheck.kuma.gateway import validate_mesh_gateway

            return validate_mesh_gateway(spec)
        from vocheck.kuma.zone_ingress import validate_zone_ingress

        return validate_zone_ingress(spec)

    return context.memo("violations", resource, compute)


def mesh_stages(resource: Resource, context: Context) -> list[list[Violation]]:
    """Kuma's refusals of a Mesh, stage by stage as applying it meets them (see ``mesh_rejections``)."""

    def compute() -> list[list[Violation]]:
        spec = spec_of(resource, context)
        if spec is None:
            return []
        from vocheck.kuma.mesh_spec import mesh_rejections

        return mesh_rejections(resource.name or "", spec, resource.form)

    return context.memo("mesh-stages", resource, compute)


def prepare_specs(resources: Iterable[Resource], context: Context) -> None:
    """Decode and validate every resource of a kind vocheck models, ahead of the checks that ask."""
    for resource in resources:
        if resource.kind in DECODERS:
            try:
                violations_of(resource, context)
            except Exception:  # the checks that ask again report it (VO003), as a serial run does
                pass


def spec_of(resource: Resource, context: Context) -> Any:
    """The decoded spec, or None when Kuma could not decode it."""
    result = decoded(resource, context)
    return result.value if result is not None else None


def kuma_meta(resource: Resource) -> KumaMeta:
    """What Kuma's store keeps of a HostnameGenerator, MeshService, MeshExternalService or MeshMultiZoneService.

    Its core name, name, namespace, mesh, labels (with the ones Kuma's
    Kubernetes store adds) and creation time.
    """
    from vocheck.kuma.service_decode import decode_meta

    return decode_meta(resource.kind, resource.form, resource.data)


def status_of(resource: Resource) -> ServiceStatus | None:
    """The ``status`` Kuma wrote for a MeshService, MeshExternalService or MeshMultiZoneService (empty when
    the document has none); None for other kinds."""
    if resource.kind not in SPEC_KINDS or not isinstance(resource.data, dict):
        return None
    from vocheck.kuma.service_decode import decode_status

    return decode_status(resource.kind, resource.data.get("status"))


def placed(resource: Resource, violation: Violation) -> Violation:
    """A violation with Kuma's field as this form reports it and the path in the document.

    The Kubernetes admission webhook roots spec fields under ``spec.``;
    ``kumactl apply`` reports them as they are. When the field Kuma names
    is written in the document (``host: ~``, ``conf: null``), the
    diagnostic points at it rather than at the mapping that holds it.
    """
    if resource.kind in SPEC_KINDS:
        # Kuma names these from the document's root (``spec.template``, ``name``) in both forms;
        # Kubernetes keeps the name in metadata.
        path = violation.path
        if resource.form == "kubernetes" and path == ("name",):
            path = ("metadata", "name")
        return Violation(violation.field, violation.message, written_place(resource, resource.field(*path)))
    named = resource.at(*field_path(violation.field))
    path = named if named in resource.document.positions else written_place(resource, resource.at(*violation.path))
    if resource.form == "kubernetes":
        rooted = violation.rooted("spec", ())
        return Violation(rooted.field, rooted.message, path)
    return Violation(violation.field, violation.message, path)


def written_place(resource: Resource, path: JsonPath) -> JsonPath:
    """The nearest part of ``path`` the document writes; for the resource as a whole, its name (or kind).

    A missing block (``conf: has to be defined``) has no place of its own: the
    finding goes to the key that should hold it, or, when that is the resource
    itself, to the resource's name, so it never spans the whole document.
    """
    positions = resource.document.positions
    while len(path) > len(resource.root) and path not in positions:
        path = path[:-1]
    if path != resource.root:
        return path
    kubernetes = resource.form == "kubernetes"
    for candidate in (("metadata", "name") if kubernetes else ("name",), ("kind",) if kubernetes else ("type",)):
        if resource.field(*candidate) in positions:
            return resource.field(*candidate)
    return path


@functools.cache
def _field_part() -> re.Pattern[str]:
    """Compiled on first use: only a resource Kuma's validators refuse has field strings to read."""
    return re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def field_path(field: str) -> JsonPath:
    """Kuma's field string as a path: ``selectors[0].match["kuma.io/service"]``."""
    parts: list[str | int] = []
    position = 0
    while position < len(field):
        match = _field_part().match(field, position)
        if match is None:
            return ()
        name, index, quoted = match.groups()
        if name is not None:
            parts.append(name)
        elif index is not None:
            parts.append(int(index))
        else:
            try:
                parts.append(unquote(quoted))  # Kuma quotes keys as Go does: \a, \x1b, \U0010fffd are not JSON
            except ValueError:
                return ()
        position = match.end()
    return tuple(parts)


def creation_time(resource: Resource) -> datetime | None:
    """When Kuma created the resource, if the document says (exports from a live mesh do).

    Kuma stamps the time of creation itself and ignores the field on apply,
    so a policy written by hand has none.
    """
    if resource.form == "kubernetes":
        metadata = resource.data.get("metadata")
        value = metadata.get("creationTimestamp") if isinstance(metadata, dict) else None
    else:
        value = resource.data.get("creationTime")
    return parse_time(value)


def with_kuma_messages(resource: Resource, findings: list[Finding], context: Context) -> list[Finding]:
    """Schema findings with Kuma's own decoding error attached where Kuma stops.

    Kuma's decoder gives up at the first value it refuses and reports only
    that one, with no field path; vocheck reports every refused value and
    marks the one Kuma would name. A value Kuma refuses that the schema let
    through becomes a finding of its own.
    """
    result = decoded(resource, context)
    if result is None or not result.errors:
        return findings
    first = result.errors[0]
    kuma = KumaMessage("", first.message)
    first_path = resource.at(*first.path)
    placed_findings = [
        replace(finding, kuma=kuma, message=f"{finding.message} (Kuma: {first.message})")
        if finding.path == first_path
        else finding
        for finding in findings
    ]
    paths = {finding.path for finding in findings}
    for error in result.errors:
        path = resource.at(*error.path)
        if path not in paths:
            placed_findings.append(
                Finding(f"Kuma cannot decode this value: {error.message}", path, kuma=kuma if error is first else None)
            )
    return placed_findings
