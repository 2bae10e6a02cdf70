"""A diff as text (the default) and as JSON, the shape tools depend on."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from vocheck.diff.changes import Endpoint, MeshChanges, Target
from vocheck.diff.result import Diff
from vocheck.diff.services import ServiceEndpoint, ServiceTarget, describe_service
from vocheck.formats.contract import diagnostic_json, json_dumps, visible
from vocheck.model import Diagnostic

SERVICE_TAG = "kuma.io/service"


def to_json(diff: Diff) -> str:
    document = {
        "base": diff.base,
        "head": diff.head,
        "meshes": [_mesh_json(mesh) for mesh in diff.meshes],
        "findings": {
            "new": [diagnostic_json(item) for item in diff.new],
            "fixed": [diagnostic_json(item) for item in diff.fixed],
        },
        "summary": diff.counts(),
    }
    return json_dumps(document)


def _mesh_json(mesh: MeshChanges) -> dict[str, Any]:
    return {
        "mesh": mesh.mesh,
        "removed": [_endpoint_json(item) for item in mesh.removed],
        "retargeted": [
            {"hostname": item.hostname, "port": item.port, "before": _target_json(item.before), "after": _target_json(item.after)}
            for item in mesh.retargeted
        ],
        "added": [_endpoint_json(item) for item in mesh.added],
        "vip_changed": [
            {"hostname": item.hostname, "before": item.before, "after": item.after, "why": item.why}
            for item in mesh.vip_changed
        ],
        # Only where they occur: a diff without the MeshService world or a mode change keeps its shape.
        **({"served": _served_json(mesh)} if mesh.served is not None else {}),
        **({"services": _services_json(mesh)} if mesh.services else {}),
    }


def _served_json(mesh: MeshChanges) -> dict[str, Any]:
    assert mesh.served is not None
    served = mesh.served
    return {"before": served.before, "after": served.after, "where": served.where, "why": served.why}


def _services_json(mesh: MeshChanges) -> dict[str, Any]:
    world = mesh.services
    return {
        "removed": [_service_endpoint_json(item) for item in world.removed],
        "retargeted": [
            {"hostname": item.hostname, "port": item.port, "before": _either_json(item.before), "after": _either_json(item.after)}
            for item in world.retargeted
        ],
        "added": [_service_endpoint_json(item) for item in world.added],
        "vip_changed": [
            {"hostname": item.hostname, "port": item.port, **_service_json(item.target), "before": item.before, "after": item.target.vip}
            for item in world.vip_changed
        ],
    }


def _service_json(target: ServiceTarget) -> dict[str, Any]:
    return {"kind": target.kind, "name": target.name, "generator": target.generator, "vip": target.vip}


def _either_json(target: ServiceTarget | str) -> dict[str, Any]:
    return {"origin": target} if isinstance(target, str) else _service_json(target)


def _service_endpoint_json(item: ServiceEndpoint) -> dict[str, Any]:
    shadows = {"dns_answers_instead_of": item.shadows} if item.shadows else {}
    return {"hostname": item.hostname, "port": item.port, **_service_json(item.target), **shadows}


def _endpoint_json(item: Endpoint) -> dict[str, Any]:
    return {"hostname": item.hostname, "port": item.port, **_target_json(item.target), "inbounds": item.target.inbounds}


def _target_json(target: Target) -> dict[str, Any]:
    return {"tags": dict(sorted(target.tags.items())), "origin": target.origin}


def summary_line(diff: Diff) -> str:
    counts = diff.counts()
    parts = [
        _count(counts["removed"], "hostname:port removed", "hostname:ports removed"),
        _count(counts["retargeted"], "retargeted", "retargeted"),
        _count(counts["added"], "added", "added"),
        _count(counts["vip_changed"], "VIP changed", "VIPs changed"),
        _count(counts["new_findings"], "new finding", "new findings"),
        _count(counts["fixed_findings"], "fixed finding", "fixed findings"),
    ]
    return ", ".join(parts)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def describe(target: Target) -> str:
    """``orders (version=v1) from virtual-outbound:orders``."""
    service = target.tags.get(SERVICE_TAG, "")
    others = tags_text(target.tags)
    return f"{service}{f' ({others})' if others else ''} from {target.origin}"


def tags_text(tags: Mapping[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in sorted(tags.items()) if key != SERVICE_TAG)


def inbounds_text(count: int) -> str:
    return _count(count, "inbound", "inbounds")


def rows(mesh: MeshChanges) -> Iterator[tuple[str, str, str, str]]:
    """(change, hostname[:port], before, after) for every change of a mesh, in the JSON's order.

    A change of the mesh's served state comes first: it is why its hostnames go or come.
    """
    if mesh.served is not None:
        state = {True: "served", False: "not served"}
        yield "mode-changed", f"mesh {mesh.mesh}", state[mesh.served.before], f"{state[mesh.served.after]}: {mesh.served.why}"
    taken = taken_over(mesh)
    for removed in mesh.removed:
        yield "removed", f"{removed.hostname}:{removed.port}", _endpoint_text(removed) + taken_text(removed, taken), "-"
    for moved in mesh.retargeted:
        yield "retargeted", f"{moved.hostname}:{moved.port}", describe(moved.before), describe(moved.after)
    for added in mesh.added:
        yield "added", f"{added.hostname}:{added.port}", "-", _endpoint_text(added)
    for vip in mesh.vip_changed:
        yield "vip-changed", vip.hostname, vip.before or "(none)", f"{vip.after or '(none)'}: {vip.why}"
    yield from _service_rows(mesh)


def taken_over(mesh: MeshChanges) -> dict[str, ServiceTarget]:
    """The hostnames a service newly serves in HEAD: DNS answers them with the service, whatever the view said."""
    taken = {item.hostname: item.target for item in mesh.services.added}
    taken.update({item.hostname: item.after for item in mesh.services.retargeted if isinstance(item.after, ServiceTarget)})
    return taken


def taken_text(removed: Endpoint, taken: Mapping[str, ServiceTarget]) -> str:
    """Why a VirtualOutbound (hostname, port) is gone when a service took its hostname: the service lacks the port."""
    target = taken.get(removed.hostname)
    if target is None:
        return ""
    return f"; DNS now answers {removed.hostname} with {describe_service(target)}, which has no port {removed.port}"


def _service_rows(mesh: MeshChanges) -> Iterator[tuple[str, str, str, str]]:
    world = mesh.services
    for removed in world.removed:
        yield "removed", f"{removed.hostname}:{removed.port}", describe_service(removed.target), "-"
    for moved in world.retargeted:
        after = describe_service(moved.after)
        if isinstance(moved.before, str):
            after += ": DNS answers the service's address, which wins over the VirtualOutbound view"
        yield "retargeted", f"{moved.hostname}:{moved.port}", describe_service(moved.before), after
    for added in world.added:
        after = describe_service(added.target)
        if added.shadows:
            after += f"; DNS answers it instead of {added.shadows}"
        yield "added", f"{added.hostname}:{added.port}", "-", after
    for vip in world.vip_changed:
        yield "vip-changed", f"{vip.hostname}:{vip.port}", vip.before, f"{vip.target.vip}: {describe_service(vip.target)}"


def _endpoint_text(item: Endpoint) -> str:
    return f"{describe(item.target)}, {inbounds_text(item.target.inbounds)}"


def to_text(diff: Diff) -> str:
    lines = [f"vocheck diff {visible(diff.base)} -> {visible(diff.head)}"]
    for mesh in diff.meshes:
        lines.append(f"mesh {visible(mesh.mesh)}")
        for change, where, before, after in rows(mesh):
            if change == "mode-changed":
                lines.append(f"  {change:<11} {visible(before)} -> {visible(after)}")
            elif change == "vip-changed":
                lines.append(f"  {change:<11} {visible(where)}: {visible(before)} -> {visible(after)}")
            elif change == "added":
                lines.append(f"  {change:<11} {visible(where)} -> {visible(after)}")
            elif change == "removed":
                lines.append(f"  {change:<11} {visible(where)}, was {visible(before)}")
            else:
                lines.append(f"  {change:<11} {visible(where)}: {visible(before)} -> {visible(after)}")
    for title, items in (("new findings", diff.new), ("fixed findings", diff.fixed)):
        if items:
            lines.append(title)
            lines.extend(f"  {finding_line(item)}" for item in items)
    lines.append(summary_line(diff))
    return "\n".join(lines)


def finding_line(item: Diagnostic) -> str:
    return f"{visible(item.file)}:{item.line}:{item.column}: {item.severity} {item.code} {visible(item.message)}"
