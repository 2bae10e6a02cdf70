"""The resolution preview's API: the inputs Kuma resolves, the resolution itself, and its text."""

from __future__ import annotations

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

__all__ = [
    "RESOLUTION_KINDS",
    "Claim",
    "Conflict",
    "Failure",
    "Inputs",
    "MeshResolution",
    "Resolution",
    "ResourceKey",
    "inputs_of",
    "key_of",
    "render",
    "resolution_of",
    "resource_of",
]
