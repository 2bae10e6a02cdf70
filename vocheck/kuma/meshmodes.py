"""Meshes whose Mesh resource sets ``meshServices.mode: Exclusive``, where Kuma serves no VIP view."""

from __future__ import annotations

from dataclasses import dataclass

from vocheck.context import ResourceSet
from vocheck.kuma.specs import JsonPath
from vocheck.model import Resource

EXCLUSIVE = "Exclusive"
# Kuma's decoder takes an enum by name or by number; Exclusive is 3.
_EXCLUSIVE_NUMBER = 3


@dataclass(frozen=True, slots=True)
class ExclusiveMesh:
    """A Mesh in Exclusive mode and where its document sets the mode."""

    name: str
    resource: Resource

    @property
    def mode_path(self) -> JsonPath:
        return self.resource.at("meshServices", "mode")

    @property
    def where(self) -> str:
        """``FILE:LINE`` of the ``mode`` value."""
        return f"{self.resource.file}:{self.resource.document.span(self.mode_path).line}"


def exclusive_meshes(resources: ResourceSet) -> dict[str, ExclusiveMesh]:
    """Meshes of the run in Exclusive mode, by name; of two Mesh resources of one name, the last counts.

    In that mode Kuma 2.14 still builds and persists the mesh's VIP view but
    gives proxies none of it: no DNS record and no outbound for a default
    service name, an external service's host or a VirtualOutbound hostname.
    """
    modes: dict[str, ExclusiveMesh | None] = {}
    for mesh in resources.of_kind("Mesh"):
        if not mesh.name:
            continue
        spec = mesh.spec if isinstance(mesh.spec, dict) else {}
        services = spec.get("meshServices")
        mode = services.get("mode") if isinstance(services, dict) else None
        exclusive = mode == EXCLUSIVE or (type(mode) is int and mode == _EXCLUSIVE_NUMBER)
        modes[mesh.name] = ExclusiveMesh(mesh.name, mesh) if exclusive else None
    return {name: found for name, found in modes.items() if found is not None}
