"""A diff for CI: GitHub annotations on the HEAD lines that cause each change, and SARIF for new findings."""

from __future__ import annotations

from collections.abc import Iterator

from vocheck.context import ResourceSet
from vocheck.diff.changes import MeshChanges, Target
from vocheck.diff.render import describe, inbounds_text, summary_line, taken_over, taken_text
from vocheck.diff.services import ServiceTarget, describe_service
from vocheck.diff.result import Diff
from vocheck.formats.contract import FormatOptions, visible
from vocheck.formats.github import annotation, escape_data, escape_property
from vocheck.formats.sarif import to_sarif as sarif_of_report
from vocheck.model import Report, Resource, Span
from vocheck.resolve.entries import VIRTUAL_OUTBOUND_PREFIX

Place = tuple[str, Span]


def to_github(diff: Diff, head: ResourceSet) -> str:
    """One workflow command per change and per new finding, then the summary as a notice."""
    index = {(resource.kind, resource.mesh or "default", resource.name or ""): resource for resource in head.resources}
    lines: list[str] = []
    for mesh in diff.meshes:
        lines.extend(_mesh_annotations(mesh, index))
    lines.extend(annotation(item) for item in diff.new)
    lines.append(f"::notice title=vocheck diff::{escape_data(visible(summary_line(diff)))}")
    return "\n".join(lines)


def _mesh_annotations(mesh: MeshChanges, index: dict[tuple[str, str, str], Resource]) -> Iterator[str]:
    def place(target: Target) -> Place | None:
        return _cause(target, mesh.mesh, index)

    if mesh.served is not None:
        yield _command("error" if not mesh.served.after else "notice", "mode-changed", f"mesh {mesh.mesh}: {mesh.served.why}", _mesh_place(mesh.mesh, index))
    taken = taken_over(mesh)
    for removed in mesh.removed:
        message = (
            f"{removed.hostname}:{removed.port} is removed from mesh {mesh.mesh}: it led to {describe(removed.target)}, "
            f"{inbounds_text(removed.target.inbounds)}{taken_text(removed, taken)}; clients that still call it fail"
        )
        yield _command("error", "removed", message, place(removed.target))
    for moved in mesh.retargeted:
        message = (
            f"{moved.hostname}:{moved.port} in mesh {mesh.mesh} now leads to {describe(moved.after)} "
            f"instead of {describe(moved.before)}"
        )
        yield _command("warning", "retargeted", message, place(moved.after))
    for added in mesh.added:
        message = f"{added.hostname}:{added.port} is added to mesh {mesh.mesh}: it leads to {describe(added.target)}"
        yield _command("notice", "added", message, place(added.target))
    for vip in mesh.vip_changed:
        message = f"the VIP of {vip.hostname} in mesh {mesh.mesh} changes from {vip.before or '(none)'} to {vip.after or '(none)'}: {vip.why}"
        yield _command("warning", "vip-changed", message, None)
    yield from _service_annotations(mesh, index)


def _service_annotations(mesh: MeshChanges, index: dict[tuple[str, str, str], Resource]) -> Iterator[str]:
    world = mesh.services
    for removed in world.removed:
        message = (
            f"{removed.hostname}:{removed.port} is removed from mesh {mesh.mesh}: it led to "
            f"{describe_service(removed.target)}; clients that still call it fail"
        )
        yield _command("error", "removed", message, None)
    for moved in world.retargeted:
        message = (
            f"{moved.hostname}:{moved.port} in mesh {mesh.mesh} now leads to {describe_service(moved.after)} "
            f"instead of {describe_service(moved.before)}"
        )
        yield _command("warning", "retargeted", message, _service_place(moved.after, mesh.mesh, index))
    for added in world.added:
        shadows = f"; DNS answers it instead of {added.shadows}" if added.shadows else ""
        message = f"{added.hostname}:{added.port} is added to mesh {mesh.mesh}: it leads to {describe_service(added.target)}{shadows}"
        yield _command("notice", "added", message, _service_place(added.target, mesh.mesh, index))
    for vip in world.vip_changed:
        message = f"the VIP of {vip.hostname} in mesh {mesh.mesh} changes from {vip.before} to {vip.target.vip}"
        yield _command("warning", "vip-changed", message, _service_place(vip.target, mesh.mesh, index))


def _service_place(target: ServiceTarget | str, mesh: str, index: dict[tuple[str, str, str], Resource]) -> Place | None:
    """The HEAD resource behind a service's hostname: its HostnameGenerator when the run has it, else the service."""
    if isinstance(target, str):
        return None
    for kind, name in (("HostnameGenerator", target.generator), (target.kind, target.name)):
        found = index.get((kind, "default", name)) or index.get((kind, mesh, name))
        if found is not None:
            return found.file, found.document.span(found.root, True)
    return None


def _mesh_place(mesh: str, index: dict[tuple[str, str, str], Resource]) -> Place | None:
    found = index.get(("Mesh", "default", mesh))
    if found is None:
        return None
    spec = found.spec if isinstance(found.spec, dict) else {}
    path = found.at("meshServices", "mode") if isinstance(spec.get("meshServices"), dict) else found.root
    return found.file, found.document.span(path, path == found.root)


def _cause(target: Target, mesh: str, index: dict[tuple[str, str, str], Resource]) -> Place | None:
    """Where in HEAD the target comes from: the policy's host, or the resource that adds the service."""
    if target.origin.startswith(VIRTUAL_OUTBOUND_PREFIX):
        policy = index.get(("VirtualOutbound", mesh, target.origin[len(VIRTUAL_OUTBOUND_PREFIX) :]))
        if policy is not None:
            return policy.file, policy.document.span(policy.at("conf", "host"))
    source = index.get((target.source.kind, mesh, target.source.name))
    if source is None:
        return None
    return source.file, source.document.span(source.root, True)


def _command(level: str, title: str, message: str, place: Place | None) -> str:
    properties = {"title": f"vocheck diff: {title}"}
    if place is not None:
        file, span = place
        properties = {"file": visible(file), "line": str(span.line), "col": str(span.column), **properties}
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{level} {listed}::{escape_data(visible(message))}"


def to_sarif(diff: Diff, version: str) -> str:
    """SARIF 2.1.0 with HEAD's new findings only: code scanning shows what the change brings."""
    return sarif_of_report(Report(diff.new, checks=tuple(diff.checks)), FormatOptions(tool_version=version))
