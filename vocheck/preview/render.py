"""The preview as text: a table or markdown per mesh, or the whole resolution as JSON or YAML."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from vocheck._perf.gcpause import paused_collector
from vocheck.context import ResourceSet
from vocheck.kuma.meshmodes import ExclusiveMesh
from vocheck.model import Resource
from vocheck.preview.resolution import key_of
from vocheck.resolve import MeshResolution, Resolution
from vocheck.preview.json_view import to_json, to_json_text
from vocheck.resolve.entries import EntryType


def render(
    resolution: Resolution, output_format: str, meshes: Sequence[str] = (), resources: ResourceSet | None = None
) -> str:
    """The preview in one of PREVIEW_FORMATS, optionally for some meshes only.

    ``resources``, the run's, let the table and markdown say where a Mesh sets
    ``meshServices.mode: Exclusive``.
    """
    with paused_collector():  # the text of a large run is millions of short-lived strings
        return _render(resolution, output_format, meshes, resources or ResourceSet())


def _render(resolution: Resolution, output_format: str, meshes: Sequence[str], resources: ResourceSet) -> str:
    if meshes:
        resolution = Resolution(tuple(mesh for mesh in resolution.meshes if mesh.mesh in meshes))
    if output_format == "json":
        return to_json_text(resolution)
    if output_format == "yaml":
        return yaml.safe_dump(to_json(resolution), sort_keys=False, allow_unicode=True, width=120).rstrip("\n")
    if output_format == "markdown":
        return "\n\n".join(_markdown(mesh, resources) for mesh in resolution.meshes) or "No meshes."
    return "\n\n".join(_table(mesh, resources) for mesh in resolution.meshes) or "No meshes."


HEADER = ("HOSTNAME", "VIP", "PORT", "SERVICE", "TAGS", "ORIGIN", "INBOUNDS")


def _rows(mesh: MeshResolution) -> Iterator[tuple[str, ...]]:
    domains: dict[Any, list[str]] = {}
    for record in mesh.dns:
        if record.address:
            domains.setdefault(record.entry, []).append(record.domain)
    ports: dict[Any, list[int]] = {}
    for vip_outbound in mesh.vip_outbounds:
        ports.setdefault(vip_outbound.entry, []).append(vip_outbound.port)
    for entry in mesh.entries:
        names = ", ".join(domains.get(entry.key, [])) or entry.key.name
        address = entry.address or "(none: no VIP left)"
        if entry.key.type is EntryType.SERVICE:
            first = entry.outbounds[0]
            shown = ", ".join(str(port) for port in sorted(set(ports.get(entry.key, [])))) or "-"
            count = sum(outbound.contributions for outbound in entry.outbounds)
            yield names, address, shown, first.tags.get("kuma.io/service", ""), "", first.origin, str(count)
            continue
        for outbound in entry.outbounds:
            service = outbound.tags.get("kuma.io/service", "")
            tags = ", ".join(f"{key}={value}" for key, value in sorted(outbound.tags.items()) if key != "kuma.io/service")
            yield names, address, str(outbound.port), service, tags, outbound.origin, str(outbound.contributions)


def _notes(mesh: MeshResolution) -> Iterator[str]:
    for conflict in mesh.conflicts:
        yield (
            f"lost: {conflict.entry.name}:{conflict.port} from {conflict.loser.origin} "
            f"({conflict.loser.source.describe()}); kept {conflict.winner.origin} "
            f"({conflict.winner.source.describe()}), by {conflict.why}"
        )
    for failure in mesh.failures:
        yield f"failed: virtual-outbound:{failure.policy} on {failure.source.describe()}: {failure.message}"
    if mesh.exhaustion is not None:
        names = ", ".join(key.name for key in mesh.exhaustion.unallocated)
        yield f"no VIP left in {mesh.exhaustion.cidr} for: {names}"
    for unused in mesh.unused:
        yield f"unused: virtual-outbound:{unused.policy} matches no inbound"
    for shadowed in mesh.shadowed:
        yield f"shadowed: {shadowed.domain} now points at the {shadowed.fqdn.name} entry of {', '.join(shadowed.origins)}"
    # What Kuma logs as "mesh VIPs changed" against the persisted view.
    for change in mesh.changes:
        yield f"changed: {change}"


def _not_served(mesh: MeshResolution, resources: ResourceSet) -> str | None:
    """The mark of a mesh whose view Kuma does not serve, naming the Mesh that says so."""
    if mesh.served:
        return None
    where = ""
    found = _mesh_resource(mesh, resources)
    if found is not None:
        where = f" ({ExclusiveMesh(mesh.mesh, found).where})"
    return (
        f"meshServices.mode: Exclusive{where}: Kuma builds this view but serves none of it, so its "
        "VirtualOutbound entries (and default service names) give proxies no DNS record and no outbound"
    )


def _mesh_resource(mesh: MeshResolution, resources: ResourceSet) -> Resource | None:
    return next((found for found in resources.of_kind("Mesh") if key_of(found) == mesh.exclusive), None)


def _table(mesh: MeshResolution, resources: ResourceSet) -> str:
    rows = [HEADER, *_rows(mesh)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines = [f"mesh {mesh.mesh}"]
    mark = _not_served(mesh, resources)
    if mark is not None:
        lines.append(f"  {mark}")
    lines.extend("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)
    lines.extend(f"  {note}" for note in _notes(mesh))
    return "\n".join(lines)


def _markdown(mesh: MeshResolution, resources: ResourceSet) -> str:
    lines = [f"### mesh `{mesh.mesh}`", ""]
    mark = _not_served(mesh, resources)
    if mark is not None:
        lines.extend([f"**{mark}**", ""])
    lines.extend(["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)])
    lines.extend("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in _rows(mesh))
    notes = list(_notes(mesh))
    if notes:
        lines.append("")
        lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines)
