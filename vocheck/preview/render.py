"""The preview as text: a table or markdown per mesh, or the whole resolution as JSON or YAML."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import yaml

from vocheck._perf.gcpause import paused_collector
from vocheck.context import ResourceSet
from vocheck.kuma.meshmodes import ExclusiveMesh
from vocheck.model import Resource
from vocheck.preview.resolution import KUMA_3_NOT_SERVED, key_of
from vocheck.resolve import MeshResolution, Resolution
from vocheck.preview.json_view import to_json, to_json_text
from vocheck.resolve.entries import EntryType

if TYPE_CHECKING:  # the MeshService world is loaded only for a run that has one
    from vocheck.resolve.services import ServiceWorld


def render(
    resolution: Resolution,
    output_format: str,
    meshes: Sequence[str] = (),
    resources: ResourceSet | None = None,
    services: ServiceWorld | None = None,
) -> str:
    """The preview in one of PREVIEW_FORMATS, optionally for some meshes only.

    ``resources``, the run's, let the table and markdown say where a Mesh sets
    ``meshServices.mode: Exclusive``; ``services`` is the MeshService world, shown
    next to each of its meshes.
    """
    with paused_collector():  # the text of a large run is millions of short-lived strings
        return _render(resolution, output_format, meshes, resources or ResourceSet(), services)


def _render(
    resolution: Resolution,
    output_format: str,
    meshes: Sequence[str],
    resources: ResourceSet,
    services: ServiceWorld | None,
) -> str:
    if services is not None:
        from vocheck.preview.services_view import with_service_meshes

        resolution = with_service_meshes(resolution, services)
    if meshes:
        resolution = Resolution(tuple(mesh for mesh in resolution.meshes if mesh.mesh in meshes))
    if output_format == "json":
        return to_json_text(resolution, services)
    if output_format == "yaml":
        return yaml.safe_dump(to_json(resolution, services), sort_keys=False, allow_unicode=True, width=120).rstrip("\n")
    if output_format == "markdown":
        return "\n\n".join(_markdown(mesh, resources, services) for mesh in resolution.meshes) or "No meshes."
    return "\n\n".join(_table(mesh, resources, services) for mesh in resolution.meshes) or "No meshes."


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
    if mesh.exclusive == KUMA_3_NOT_SERVED:
        return (
            "Kuma 3.0: every mesh works as meshServices.mode Exclusive, so this view is served to no proxy: "
            "its VirtualOutbound entries and default service names give no DNS record and no outbound"
        )
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


def _aligned(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    table = [header, *rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    return ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]


def _has_vip_view(mesh: MeshResolution) -> bool:
    return bool(mesh.entries or mesh.conflicts or mesh.failures or mesh.unused or mesh.changes or mesh.exhaustion)


def _table(mesh: MeshResolution, resources: ResourceSet, services: ServiceWorld | None = None) -> str:
    world = services.mesh(mesh.mesh) if services is not None else None
    lines = [f"mesh {mesh.mesh}"]
    mark = _not_served(mesh, resources)
    if mark is not None:
        lines.append(f"  {mark}")
    if world is None or _has_vip_view(mesh):
        lines.extend(_aligned(HEADER, list(_rows(mesh))))
        lines.extend(f"  {note}" for note in _notes(mesh))
    if world is not None:
        from vocheck.preview.services_view import SERVICE_HEADER, service_notes, service_rows

        lines.append("  MeshService world (HostnameGenerator hostnames, zone VIPs):")
        lines.extend(_aligned(SERVICE_HEADER, list(service_rows(world))))
        lines.extend(f"  {note}" for note in service_notes(world, services))
        if world.synced:
            lines.append("  as other zones hold them (KDS copies, hostnames from the generators there):")
            lines.extend(_aligned(SERVICE_HEADER, list(service_rows(world, synced=True))))
    return "\n".join(lines)


def _markdown_table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines.extend("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows)
    return lines


def _markdown(mesh: MeshResolution, resources: ResourceSet, services: ServiceWorld | None = None) -> str:
    world = services.mesh(mesh.mesh) if services is not None else None
    lines = [f"### mesh `{mesh.mesh}`", ""]
    mark = _not_served(mesh, resources)
    if mark is not None:
        lines.extend([f"**{mark}**", ""])
    if world is None or _has_vip_view(mesh):
        lines.extend(_markdown_table(HEADER, _rows(mesh)))
        notes = list(_notes(mesh))
        if notes:
            lines.append("")
            lines.extend(f"- {note}" for note in notes)
    if world is not None:
        from vocheck.preview.services_view import SERVICE_HEADER, service_notes, service_rows

        if lines[-1]:
            lines.append("")
        lines.extend(["MeshService world (HostnameGenerator hostnames, zone VIPs):", ""])
        lines.extend(_markdown_table(SERVICE_HEADER, service_rows(world)))
        service_lines = list(service_notes(world, services))
        if service_lines:
            lines.append("")
            lines.extend(f"- {note}" for note in service_lines)
        if world.synced:
            lines.extend(["", "As other zones hold them (KDS copies, hostnames from the generators there):", ""])
            lines.extend(_markdown_table(SERVICE_HEADER, service_rows(world, synced=True)))
    return "\n".join(lines)
