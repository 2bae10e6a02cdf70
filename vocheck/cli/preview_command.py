"""`vocheck preview`: resolve the run's resources as Kuma would and show the result."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from vocheck.errors import UsageError
from vocheck.formats.contract import visible
from vocheck.model import Severity
from vocheck.engine.outputs import Output
from vocheck.engine.run import collect, run
from vocheck.engine.plan import preview_plan
from vocheck.cli.progress import progress_line
from vocheck.cli.writing import write_text
from vocheck.cli.options import configs_of, read_previous_vips
from vocheck.cli.exits import EXIT_FINDINGS, EXIT_OK, keep


def missing_meshes(wanted: Sequence[str], present: Sequence[str]) -> None:
    """Say which meshes named with --mesh the inputs do not have, rather than only "No meshes."."""
    from vocheck.kuma.quote import go_quote

    have = ", ".join(go_quote(mesh) for mesh in present) or "none"
    for mesh in wanted:
        if mesh not in present:
            print(f"vocheck: warning: --mesh: no mesh {go_quote(mesh)} among the inputs (meshes found: {have})", file=sys.stderr)


def run_preview(options: argparse.Namespace) -> int:
    """Resolve the run's resources as Kuma would; exit 1 when some were left out."""
    from vocheck._perf.gcpause import paused_collector
    from vocheck.preview.resolution import inputs_of, resolution_of
    from vocheck.preview.render import render
    from vocheck.preview.services import has_service_world, rejected_services, service_world_of

    configs, config = configs_of(options)
    previous = None
    if options.previous_vips:
        previous = read_previous_vips(options.previous_vips, options.mesh or ())
    written = [Output(f"--output {options.output}", options.output)] if options.output else []
    plan = preview_plan(configs, config, outputs=written)
    if not options.paths:
        options.paths = ["-"] if options.stdin_filename else ["."]
    # One pause from reading to rendering: the collector, back on between the
    # steps, would walk every object the reading left behind.
    with paused_collector():
        with progress_line() as progress:
            report, resources = collect(options.paths, plan, options.stdin_filename, progress)
        keep(plan, report, resources)
        try:
            resolution = resolution_of(resources, plan.context, previous)
            services = None
            if has_service_world(resources, plan.context.settings):
                services = service_world_of(resources, plan.context)
        except ValueError as error:
            raise UsageError(str(error)) from error
        write_text(render(resolution, options.format, options.mesh or (), resources, services), options.output)
        present = {mesh.mesh for mesh in resolution.meshes}
        present.update(mesh.mesh for mesh in (services.meshes if services is not None else ()))
        missing_meshes(options.mesh or (), sorted(present))
    left_out = [*inputs_of(resources, plan.context).rejected, *rejected_services(resources, plan.context)]
    for resource in left_out:
        label, file = visible(resource.label), visible(resource.file)
        print(f"vocheck: left out {label} ({file}): Kuma would reject it", file=sys.stderr)
    for diagnostic in report.diagnostics:
        where = f"{visible(diagnostic.file)}:{diagnostic.line}:{diagnostic.column}"
        print(f"vocheck: {where}: {visible(diagnostic.message)}", file=sys.stderr)
    # Resolving stopped early there: the preview lacks what those pairs would have generated.
    exhausted = [(mesh.mesh, item) for mesh in resolution.meshes for item in mesh.exhausted]
    for mesh_name, item in exhausted:
        what = f"the rest of mesh {mesh_name}" if item.whole_mesh else f"{item.skipped} of its matching inbounds"
        print(f"vocheck: resolution budget spent at virtual-outbound:{item.policy}: {what} left out", file=sys.stderr)
    # A note (a placeholder without a value) leaves nothing out of the preview.
    if left_out or exhausted or any(diagnostic.severity > Severity.INFO for diagnostic in report.diagnostics):
        print("vocheck: the preview leaves these out; `vocheck check` says why", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK
