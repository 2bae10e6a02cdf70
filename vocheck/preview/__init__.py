"""The resolution preview's API: the inputs Kuma resolves, the resolution itself, and its text."""

from __future__ import annotations

from vocheck.preview.render import render
from vocheck.preview.resolution import RESOLUTION_KINDS, Inputs, inputs_of, resolution_of, resolve_settings
from vocheck.preview.services import has_service_world, service_world_of
from vocheck.resolve import MeshResolution, Resolution
from vocheck.resolve.events import Claim, Conflict, Failure
from vocheck.resolve.services import (
    Collision,
    GeneratorInput,
    MeshServiceWorld,
    ServiceStatus,
    ServiceWorld,
    TemplateFailure,
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
    "ServiceStatus",
    "ServiceWorld",
    "TemplateFailure",
    "has_service_world",
    "inputs_of",
    "render",
    "resolution_of",
    "resolve_settings",
    "service_world_of",
]
