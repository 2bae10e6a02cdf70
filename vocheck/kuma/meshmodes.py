"""The ``meshServices.mode`` each Mesh resource sets; in ``Exclusive`` Kuma serves no VIP view."""

from __future__ import annotations

from typing import Any

from vocheck._perf.records import record
from vocheck.context import ResourceSet
from vocheck.kuma.specs import JsonPath
from vocheck.model import Resource

DISABLED = "Disabled"
EVERYWHERE = "Everywhere"
REACHABLE_BACKENDS = "ReachableBackends"
EXCLUSIVE = "Exclusive"
# Kuma's decoder takes an enum by name or by its number.
_BY_NUMBER = {0: DISABLED, 1: EVERYWHERE, 2: REACHABLE_BACKENDS, 3: EXCLUSIVE}


def mode_name(value: Any) -> str | None:
    """The mode a written ``meshServices.mode`` value names (by name or by Kuma's enum number), else None."""
    if type(value) is int:
        return _BY_NUMBER.get(value)
    return value if isinstance(value, str) and value in _BY_NUMBER.values() else None


class _SetsMode:
    """Where a Mesh's document sets ``meshServices.mode``, for the two views of such a Mesh below."""

    __slots__ = ()
    resource: Resource

    @property
    def mode_path(self) -> JsonPath:
        return self.resource.at("meshServices", "mode")

    @property
    def where(self) -> str:
        """``FILE:LINE`` of the ``mode`` value."""
        return f"{self.resource.file}:{self.resource.document.span(self.mode_path).line}"


@record
class MeshMode(_SetsMode):
    """A Mesh that sets ``meshServices.mode``, the mode it names, and where its document sets it."""

    name: str
    mode: str
    resource: Resource


@record
class ExclusiveMesh(_SetsMode):
    """A Mesh in Exclusive mode and where its document sets the mode."""

    name: str
    resource: Resource


def mesh_modes(resources: ResourceSet) -> dict[str, MeshMode]:
    """The mode each Mesh of the run sets, by mesh name; of two Mesh resources of one name, the last counts.

    A Mesh that sets no mode (Kuma reads it as Disabled) or one Kuma does
    not know is left out.
    """
    modes: dict[str, MeshMode | None] = {}
    for mesh in resources.of_kind("Mesh"):
        if not mesh.name:
            continue
        spec = mesh.spec if isinstance(mesh.spec, dict) else {}
        services = spec.get("meshServices")
        mode = mode_name(services.get("mode") if isinstance(services, dict) else None)
        modes[mesh.name] = MeshMode(mesh.name, mode, mesh) if mode is not None else None
    return {name: found for name, found in modes.items() if found is not None}


def exclusive_meshes(resources: ResourceSet) -> dict[str, ExclusiveMesh]:
    """Meshes of the run in Exclusive mode, by name; of two Mesh resources of one name, the last counts.

    In that mode Kuma 2.14 still builds and persists the mesh's VIP view but
    gives proxies none of it: no DNS record and no outbound for a default
    service name, an external service's host or a VirtualOutbound hostname.
    """
    return {
        name: ExclusiveMesh(name, found.resource) for name, found in mesh_modes(resources).items() if found.mode == EXCLUSIVE
    }
