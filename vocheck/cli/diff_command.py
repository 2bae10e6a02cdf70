"""`vocheck diff BASE [HEAD]`: what a change does to hostnames, ports, VIPs and findings, for its pull request."""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vocheck import __version__
from vocheck.errors import UsageError
from vocheck.engine.outputs import Output
from vocheck.engine.plan import check_plan
from vocheck.cli.options import add_config_options, check_codes, checks_of, configs_of, option_value, read_previous_vips
from vocheck.cli.progress import progress_line
from vocheck.cli.writing import write_text
from vocheck.cli.exits import EXIT_FINDINGS, EXIT_OK, keep
from vocheck.config import parse_cidr
from vocheck.engine.plan import Plan
from vocheck.settings import KumaSettings

if TYPE_CHECKING:
    from collections.abc import Callable

    from vocheck.resolve.keys import ResourceKey
    from vocheck.diff.result import Diff
    from vocheck.diff.sides import Inputs, Persisted, Side
    from vocheck.load.sources import Found

DIFF_FORMATS = ("text", "json", "markdown", "github", "sarif")
WORKING_TREE = "working tree"

_EPILOG = """\
BASE and HEAD:
  each is a file or directory when one of that name exists, else a git revision of the repository
  at the current directory (HEAD~1, origin/main, a commit), read from git's object store: the
  working tree is never touched. HEAD defaults to the working tree. A revision reads the files the
  other side names (a directory or file), or the whole tree under the current directory. Several
  HEADs are files and directories of the working tree, compared with the same paths at BASE.

exit codes:
  0  nothing of --fail-on occurred
  1  at least one change or finding of --fail-on (default: removed,new-findings)
  2  vocheck could not run: a usage error, a bad config, a revision git cannot read

examples:
  vocheck diff origin/main                          the working tree against origin/main
  vocheck diff --format markdown origin/main HEAD   a pull-request comment
  vocheck diff old/ new/                            two directories
  vocheck diff origin/main policies/ meshes.yaml    some paths, at origin/main and now
"""


def add_diff_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = commands.add_parser(
        "diff",
        help="what a change does to hostnames, ports, VIPs and findings (for a pull request)",
        description="Compare the hostnames, ports and VIPs Kuma would generate, and vocheck's findings, "
        "between BASE and HEAD.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("base", metavar="BASE", help="a git revision, or a file or directory")
    diff.add_argument(
        "head", metavar="HEAD", nargs="*", default=[],  # a default: argparse would call HEAD required
        help="a git revision, or a file or directory, or several of the working tree (default: the working tree)",
    )
    diff.add_argument("--format", choices=DIFF_FORMATS, default="text", help="text (default), json, markdown, github, sarif")
    diff.add_argument("--output", metavar="FILE", help="write the diff to FILE instead of standard output")
    diff.add_argument(
        "--fail-on", dest="diff_fail_on", metavar="KINDS", default="removed,new-findings",
        help="comma-separated: removed, retargeted, vip-changed, added, new-findings (default removed,new-findings)",
    )
    diff.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes of the findings compared")
    diff.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes of findings not compared")
    diff.add_argument("--previous-vips", metavar="FILE", help="the persisted kuma-<mesh>-dns-vips Config, for both sides")
    diff.add_argument("--base-dns-cidr", metavar="CIDR", help="the DNS CIDR of BASE, when the change moves it to --dns-cidr")
    diff.add_argument("--kuma-version", metavar="X.Y", help="the Kuma release to check against (default 2.14)")
    diff.add_argument("--dns-domain", metavar="DOMAIN", help="Kuma's dnsServer.domain (default mesh)")
    diff.add_argument("--dns-cidr", metavar="CIDR", help="Kuma's dnsServer.CIDR (default 240.0.0.0/4)")
    diff.add_argument("--no-service-vips", action="store_true", help="Kuma's dnsServer.serviceVipEnabled: false")
    diff.add_argument("--service-vip-port", metavar="PORT", help="Kuma's dnsServer.serviceVipPort (default 80)")
    diff.add_argument("--zone", metavar="NAME", help="the zone of the control plane (default: standalone)")
    diff.add_argument("--jobs", metavar="N", help="processes that share the work, or auto")
    diff.add_argument("--var", action="append", metavar="NAME=VALUE", help="a value for {{ NAME }} placeholders (repeatable)")
    add_config_options(diff)
    diff.set_defaults(handler=run_diff)


def run_diff(options: argparse.Namespace) -> int:
    """Read both sides, compare them, write the diff; exit 1 when a kind of --fail-on occurs."""
    from vocheck._perf.gcpause import paused_collector
    from vocheck.diff.changes import compare, persisted_view
    from vocheck.diff.findings import new_and_fixed
    from vocheck.diff.result import Diff, parse_fail_on
    from vocheck.diff.sides import read_side

    fail_on = option_value(parse_fail_on, options.diff_fail_on, "--fail-on")
    configs, config = configs_of(options)
    checks, manager = checks_of(options, config)
    check_codes(options, configs, [check.code for check in checks])
    previous = _previous_vips(options.previous_vips)
    base_inputs, head_inputs = _sides(options.base, options.head)
    base_settings = config.kuma
    if options.base_dns_cidr:
        base_settings = dataclasses.replace(
            base_settings, dns_cidr=option_value(_cidr, options.base_dns_cidr, "--base-dns-cidr")
        )
    written = [Output(f"--output {options.output}", options.output)] if options.output else []

    def plan(settings: KumaSettings, from_disk: bool) -> Plan:
        outputs = written if from_disk else ()
        return check_plan(manager, configs, config, checks=checks, settings=settings, outputs=outputs)

    with paused_collector(), progress_line() as progress:
        base = read_side(base_inputs, plan(base_settings, base_inputs.found is None), previous, progress)
        keep(base)
        # Kuma persists the view of what it applied: HEAD keeps BASE's VIPs, unless the cluster's own view is given.
        carried = previous if previous is not None else persisted_view(base.resolution)
        head = read_side(head_inputs, plan(config.kuma, head_inputs.found is None), carried, progress)
        keep(head)
        meshes = compare(
            base.resolution, head.resolution, config.kuma.dns_cidr, previous,
            (base.services, head.services), _locator(base, head),
        )
    new, fixed = new_and_fixed(base.report.diagnostics, head.report.diagnostics, base_inputs.root, head_inputs.root)
    diff = Diff(base_inputs.label, head_inputs.label, meshes, new, fixed, head.report.checks)
    write_text(_render(diff, options.format, head), options.output)
    return EXIT_FINDINGS if diff.failing(fail_on, config.fail_on) else EXIT_OK


def _render(diff: Diff, output_format: str, head: Side) -> str:
    from vocheck.diff import render

    if output_format == "json":
        return render.to_json(diff)
    if output_format == "markdown":
        from vocheck.diff.markdown import to_markdown

        return to_markdown(diff)
    if output_format == "github":
        from vocheck.diff.annotations import to_github

        return to_github(diff, head.resources)
    if output_format == "sarif":
        from vocheck.diff.annotations import to_sarif

        return to_sarif(diff, __version__)
    return render.to_text(diff)


def _locator(*sides: Side) -> Callable[[ResourceKey], str]:
    """``FILE:LINE`` of the Mesh a key of either side points at, where it sets ``meshServices.mode``."""
    from vocheck.kuma.meshmodes import ExclusiveMesh
    from vocheck.preview import key_of

    def locate(key: ResourceKey) -> str:
        for side in sides:
            for mesh in side.resources.of_kind("Mesh"):
                if key_of(mesh) == key:
                    return ExclusiveMesh(mesh.name or "", mesh).where
        return ""

    return locate


def _cidr(text: str) -> str:
    from vocheck.resolve.vips import parse_cidr as parse_network

    parse_network(parse_cidr(text))  # as Go's net.ParseCIDR reads it, or ValueError
    return text


def _previous_vips(path: str | None) -> Persisted | None:
    return None if path is None else read_previous_vips(path)


def _sides(base: str, heads: list[str]) -> tuple[Inputs, Inputs]:
    """What each side reads: paths of the working tree, or a revision reading the other side's paths."""
    from vocheck.diff.sides import Inputs

    base_path = os.path.lexists(base)
    if len(heads) > 1:
        # Several HEAD paths: files and directories of the working tree, read at BASE too.
        missing = [head for head in heads if not os.path.lexists(head)]
        if missing:
            raise UsageError(f"{missing[0]}: no such file or directory (several HEADs are paths of the working tree)")
        if base_path:
            raise UsageError(f"BASE {base} is a file or directory: with several HEAD paths, BASE is a git revision")
        paths = tuple(heads)
        return Inputs(base, paths, _revision(base, paths)), Inputs(WORKING_TREE, paths)
    head = heads[0] if heads else None
    head_path = head is None or os.path.lexists(head)
    if base_path and head is None:
        raise UsageError(f"BASE {base} is a file or directory: name HEAD's too (vocheck diff OLD NEW)")
    if base_path and head_path:
        assert head is not None
        return Inputs(base, (base,), None, Path(base)), Inputs(head, (head,), None, Path(head))
    shared = (base,) if base_path else (head,) if head is not None and head_path else (".",)
    base_inputs = Inputs(base, shared) if base_path else Inputs(base, shared, _revision(base, shared))
    if head is None:
        return base_inputs, Inputs(WORKING_TREE, shared)
    if head_path:
        return base_inputs, Inputs(head, shared)
    from vocheck.load.revisions import RevisionError, revision_sources

    try:
        return base_inputs, Inputs(head, shared, tuple(revision_sources(head, shared)))
    except RevisionError as error:
        everything = base_inputs.found or ()
        kept = tuple(item for item in everything if not _under(item, head))
        if not base_path and len(kept) < len(everything):
            # A path BASE has and the working tree no longer does: BASE's whole tree against the same
            # tree without it, so that what its files did to the others (a policy's Dataplanes) shows.
            return base_inputs, Inputs(f"{base} without {head}", shared, kept)
        raise UsageError(
            f"{head}: no such file or directory, not a path of {base} and not a git revision ({error})"
        ) from error


def _under(item: Found, path: str) -> bool:
    """Whether a file read from a revision (named from the current directory, ``/`` separated) lies under ``path``."""
    import posixpath

    from vocheck.load.sources import Source

    name = item.name if isinstance(item, Source) else item.file
    wanted = posixpath.normpath(path.replace(os.sep, "/"))
    return name == wanted or name.startswith(wanted + "/")


def _revision(revision: str, paths: tuple[str, ...]) -> tuple[Found, ...]:
    from vocheck.load.revisions import RevisionError, revision_sources

    try:
        return tuple(revision_sources(revision, paths))
    except RevisionError as error:
        raise UsageError(f"{revision}: {error}") from error
