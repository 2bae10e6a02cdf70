"""The resolution preview's API: the inputs Kuma resolves, the resolution itself, and its text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vocheck.preview.render import render
from vocheck.preview.resolution import (
    RESOLUTION_KINDS,
    Inputs,
    inputs_of,
    key_of,
    resolution_of,
    resource_of,
)
from vocheck.resolve import MeshResolution, Resolution
from vocheck.resolve.keys import ResourceKey
from vocheck.resolve.events import Claim, Conflict, Failure
from vocheck.settings import KumaSettings

if TYPE_CHECKING:
    from vocheck.context import Context, ResourceSet
    from vocheck.resolve.services import (
        Collision,
        GeneratorInput,
        MeshServiceWorld,
        ServiceStatus,
        ServiceWorld,
        TemplateFailure,
    )

# The MeshService world's types, loaded on first use: a run without that world never imports them.
_SERVICE_TYPES = frozenset(
    {"Collision", "GeneratorInput", "MeshServiceWorld", "ServiceStatus", "ServiceWorld", "TemplateFailure"}
)

__all__ = [
    "RESOLUTION_KINDS",
    "Claim",
    "Collision",
    "Conflict",
    "Failure",
    "GeneratorInput",
    "Inputs",
    "MeshResolution",
    "MeshServiceWorld",
    "Resolution",
    "ResourceKey",
    "ServiceStatus",
    "ServiceWorld",
    "TemplateFailure",
    "has_service_world",
    "inputs_of",
    "key_of",
    "render",
    "resolution_of",
    "resource_of",
    "service_world_of",
]


def has_service_world(resources: ResourceSet, settings: KumaSettings) -> bool:
    """Whether the run can have a MeshService world at all (cheap: no decoding)."""
    from vocheck.preview.services import has_service_world as has

    return has(resources, settings)


def service_world_of(resources: ResourceSet, context: Context) -> ServiceWorld:
    """The run's MeshService world (services, generators, the status Kuma would write), computed once per run."""
    from vocheck.preview.services import service_world_of as world_of

    return world_of(resources, context)


def __getattr__(name: str) -> Any:
    if name in _SERVICE_TYPES:
        import vocheck.resolve.services as services

        return getattr(services, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
