"""A resolution as JSON: the plain data of ``vocheck preview --format json`` (and YAML), and its text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from vocheck._perf import jsontext
from vocheck.resolve.entries import DnsRecord, Entry, EntryKey, Outbound, Source
from vocheck.resolve.events import Claim, Conflict, Failure
from vocheck.resolve import MeshResolution, Resolution

if TYPE_CHECKING:  # the MeshService world is loaded only for a run that has one
    from vocheck.resolve.services import ServiceWorld


def to_json(resolution: Resolution, services: ServiceWorld | None = None) -> dict[str, Any]:
    """The resolution as plain JSON-able data, in a deterministic order.

    With ``services``, each mesh of the MeshService world gains ``services``
    (and a mesh only that world has is listed too).
    """
    resolution = _with_service_meshes(resolution, services)
    return {"meshes": [_with_services(_mesh_json(mesh), mesh, services) for mesh in resolution.meshes]}


def to_json_text(resolution: Resolution, services: ServiceWorld | None = None) -> str:
    """``json.dumps(to_json(resolution, services), indent=2, ensure_ascii=False)``, several times faster.

    Entries and DNS records, nearly all of a large preview, are written
    straight from the resolution rather than through intermediate dicts.
    """
    resolution = _with_service_meshes(resolution, services)
    data = {"meshes": [_with_services(_mesh_json(mesh, written=True), mesh, services) for mesh in resolution.meshes]}
    parts: list[str] = []
    try:
        jsontext.write(data, "\n", parts)
    except (jsontext.Unsupported, RecursionError):
        return json.dumps(to_json(resolution, services), indent=2, ensure_ascii=False)
    return "".join(parts)


def _with_service_meshes(resolution: Resolution, services: ServiceWorld | None) -> Resolution:
    if services is None:
        return resolution
    from vocheck.preview.services_view import with_service_meshes

    return with_service_meshes(resolution, services)


def _with_services(data: dict[str, Any], mesh: MeshResolution, services: ServiceWorld | None) -> dict[str, Any]:
    world = services.mesh(mesh.mesh) if services is not None else None
    if world is not None:
        from vocheck.preview.services_view import services_json, synced_json

        # Only meshes of the MeshService world gain the key: every other output stays as it was.
        data["services"] = services_json(world)
        if world.synced:
            data["synced_services"] = synced_json(world)
    return data


def _mesh_json(mesh: MeshResolution, written: bool = False) -> dict[str, Any]:
    entries: object
    dns: object
    # The ports each VIP listens on, as the table shows them: a service entry's outbound keeps
    # Kuma's port 0, which stands for the service VIP port (80 by default).
    ports = _listener_ports(mesh)
    if written:
        entries = jsontext.Written(partial(_write_entries, mesh.entries, ports))
        dns = jsontext.Written(partial(_write_dns, mesh.dns))
    else:
        entries = [_entry_json(entry, ports.get(entry.key, [])) for entry in mesh.entries]
        dns = [
            {"domain": record.domain, "address": record.address, "ports": list(record.ports)}
            for record in mesh.dns
        ]
    marks: dict[str, Any] = {}
    if not mesh.served:
        # Only for such a mesh, so the output of every other mesh stays as it was.
        marks = {"mesh_services_mode": "Exclusive", "served": False}
    return {
        "mesh": mesh.mesh,
        **marks,
        "entries": entries,
        "dns": dns,
        "conflicts": [_conflict_json(conflict) for conflict in mesh.conflicts],
        "failures": [_failure_json(failure) for failure in mesh.failures],
        "exhaustion": (
            None
            if mesh.exhaustion is None
            else {
                "cidr": mesh.exhaustion.cidr,
                "message": mesh.exhaustion.message,
                "unallocated": [_key_json(key) for key in mesh.exhaustion.unallocated],
            }
        ),
        "unused_policies": [unused.policy for unused in mesh.unused],
        "shadowed": [
            {
                "domain": shadowed.domain,
                "service": shadowed.service.name,
                "fqdn": shadowed.fqdn.name,
                "origins": list(shadowed.origins),
            }
            for shadowed in mesh.shadowed
        ],
        "changes": [str(change) for change in mesh.changes],
    }


def _listener_ports(mesh: MeshResolution) -> dict[EntryKey, list[int]]:
    found: dict[EntryKey, set[int]] = {}
    for vip_outbound in mesh.vip_outbounds:
        found.setdefault(vip_outbound.entry, set()).add(vip_outbound.port)
    return {key: sorted(ports) for key, ports in found.items()}


def _write_entries(
    entries: tuple[Entry, ...], ports: Mapping[EntryKey, list[int]], newline: str, parts: list[str]
) -> None:
    """What ``jsontext.write`` makes of ``[_entry_json(entry, ports[entry.key]) for entry in entries]``."""
    if not entries:
        parts.append("[]")
        return
    scalar = jsontext.scalar
    entry_line = newline + "  "
    entry_key = entry_line + "  "
    outbound_line = entry_key + "  "
    outbound_key = outbound_line + "  "
    inner_key = outbound_key + "  "
    tags_texts: dict[int, str] = {}  # outbounds of one service share their tags mapping
    append = parts.append
    append("[")
    for position, entry in enumerate(entries):
        append(
            f"{',' if position else ''}{entry_line}{{{entry_key}\"type\": {scalar(entry.key.type.label)},"
            f"{entry_key}\"name\": {scalar(entry.key.name)},{entry_key}\"address\": {scalar(entry.address)},"
            f"{entry_key}\"outbounds\": "
        )
        if not entry.outbounds:
            append("[]")
        else:
            append("[")
            for index, outbound in enumerate(entry.outbounds):
                tags = outbound.tags
                tags_text = tags_texts.get(id(tags))
                if tags_text is None:
                    tags_text = _tags_text(tags, inner_key, outbound_key)
                    tags_texts[id(tags)] = tags_text
                source = outbound.source
                append(
                    f"{',' if index else ''}{outbound_line}{{{outbound_key}\"port\": {scalar(outbound.port)},"
                    f"{outbound_key}\"tags\": {tags_text},{outbound_key}\"origin\": {scalar(outbound.origin)},"
                    f"{outbound_key}\"contributions\": {scalar(outbound.contributions)},"
                    f"{outbound_key}\"source\": {{{inner_key}\"kind\": {scalar(source.kind)},"
                    f"{inner_key}\"name\": {scalar(source.name)},{inner_key}\"index\": {scalar(source.index)}"
                    f"{outbound_key}}}{outbound_line}}}"
                )
            append(entry_key + "]")
        listening = ports.get(entry.key)
        if not listening:
            append(f",{entry_key}\"ports\": []")
        else:
            append(f",{entry_key}\"ports\": [" + ",".join(f"{outbound_line}{port}" for port in listening) + f"{entry_key}]")
        append(entry_line + "}")
    append(newline + "]")


def _tags_text(tags: Mapping[str, str], key_line: str, closing_line: str) -> str:
    if not tags:
        return "{}"
    for key in tags:
        if type(key) is not str:
            raise jsontext.Unsupported(type(key))
    separator = "," + key_line
    items = separator.join(
        f"{jsontext.scalar(key)}: {jsontext.scalar(value)}" for key, value in sorted(tags.items())
    )
    return f"{{{key_line}{items}{closing_line}}}"


def _write_dns(records: tuple[DnsRecord, ...], newline: str, parts: list[str]) -> None:
    """What ``jsontext.write`` makes of the ``dns`` list of ``_mesh_json``."""
    if not records:
        parts.append("[]")
        return
    scalar = jsontext.scalar
    record_line = newline + "  "
    record_key = record_line + "  "
    port_line = record_key + "  "
    port_separator = "," + port_line
    append = parts.append
    append("[")
    for position, record in enumerate(records):
        if record.ports:
            ports = f"[{port_line}{port_separator.join(map(scalar, record.ports))}{record_key}]"
        else:
            ports = "[]"
        append(
            f"{',' if position else ''}{record_line}{{{record_key}\"domain\": {scalar(record.domain)},"
            f"{record_key}\"address\": {scalar(record.address)},{record_key}\"ports\": {ports}{record_line}}}"
        )
    append(newline + "]")


def _entry_json(entry: Entry, ports: list[int]) -> dict[str, Any]:
    return {
        "type": entry.type.label,
        "name": entry.name,
        "address": entry.address,
        "outbounds": [_outbound_json(outbound) for outbound in entry.outbounds],
        "ports": list(ports),
    }


def _outbound_json(outbound: Outbound) -> dict[str, Any]:
    return {
        "port": outbound.port,
        "tags": dict(sorted(outbound.tags.items())),
        "origin": outbound.origin,
        "contributions": outbound.contributions,
        "source": _source_json(outbound.source),
    }


def _key_json(key: EntryKey) -> dict[str, str]:
    return {"type": key.type.label, "name": key.name}


def _source_json(source: Source) -> dict[str, Any]:
    return {"kind": source.kind, "name": source.name, "index": source.index}


def _claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "origin": claim.origin,
        "policy": claim.policy,
        "source": _source_json(claim.source),
        "tags": dict(sorted(claim.tags.items())),
    }


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {
        **_key_json(conflict.entry),
        "port": conflict.port,
        "winner": _claim_json(conflict.winner),
        "loser": _claim_json(conflict.loser),
        "why": conflict.why,
        "loser_outranks": conflict.loser_outranks,
        "message": conflict.message,
    }


def _failure_json(failure: Failure) -> dict[str, Any]:
    return {
        "policy": failure.policy,
        "source": _source_json(failure.source),
        "tags": dict(sorted(failure.tags.items())),
        "template": failure.template,
        "message": failure.message,
        "rendered": failure.rendered,
    }
