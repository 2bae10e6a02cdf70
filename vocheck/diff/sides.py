"""One side of a diff: its files read and checked, and its resolution addressed as Kuma would address it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from vocheck._perf.records import record
from vocheck.context import ResourceSet
from vocheck.engine.plan import Plan
from vocheck.errors import UsageError
from vocheck.engine.run import Progress, collect
from vocheck.load.sources import Found
from vocheck.model import Report
from vocheck.preview import Resolution, resolution_of
from vocheck.resolve import EntryKey, PersistedEntry
from vocheck.resolve.services import ServiceWorld

Persisted = Mapping[str, Mapping[EntryKey, PersistedEntry]]


@record
class Inputs:
    """What a side reads: paths of the working tree, or the files of a git revision (``found``).

    ``root`` is what the side's file names are relative to when findings are
    matched (None: the current directory).
    """

    label: str
    paths: tuple[str, ...]
    found: tuple[Found, ...] | None = None
    root: Path | None = None


@record(eq=False)
class Side:
    inputs: Inputs
    report: Report
    resources: ResourceSet
    resolution: Resolution
    # The MeshService world, None when the side has none (no such resources, no mode that generates them).
    services: ServiceWorld | None = None


def read_side(inputs: Inputs, plan: Plan, persisted: Persisted | None, progress: Progress | None = None) -> Side:
    """Check the side's files and resolve them; each mesh addressed against ``persisted`` when given.

    The resolution is the one the run's checks already computed, so its views
    are built once; only the VIPs are allocated again, against the persisted view.
    Raises UsageError for a DNS CIDR Kuma refuses or a persisted view that gives one VIP twice.
    """
    report, resources = collect(inputs.paths, plan, None, progress, inputs.found)
    try:
        resolution = resolution_of(resources, plan.context)
        if persisted is not None:
            resolution = readdressed(resolution, persisted)
        services = _services(resources, plan)
    except ValueError as error:  # a DNS CIDR Kuma refuses, a persisted view giving one VIP twice
        raise UsageError(str(error)) from error
    return Side(inputs, report, resources, resolution, services)


def _services(resources: ResourceSet, plan: Plan) -> ServiceWorld | None:
    """The side's MeshService world, as its preview and checks compute it (once per run)."""
    from vocheck.preview.services import has_service_world, service_world_of

    if not has_service_world(resources, plan.context.settings):
        return None
    return service_world_of(resources, plan.context)


def readdressed(resolution: Resolution, persisted: Persisted) -> Resolution:
    """Every mesh of ``resolution`` with its VIPs allocated against ``persisted``."""
    return Resolution(
        tuple(
            replace(mesh, addressing=mesh.addressing.with_persisted(persisted.get(mesh.mesh, {})))
            for mesh in resolution.meshes
        )
    )
