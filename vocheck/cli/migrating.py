"""The work behind `vocheck migrate`, imported only when that command runs."""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
from datetime import datetime, timezone
from collections.abc import Sequence
from pathlib import Path

from vocheck._perf.gcpause import paused_collector
from vocheck.cli.exits import EXIT_FINDINGS, EXIT_OK, keep
from vocheck.cli.options import checks_of, configs_of
from vocheck.cli.progress import progress_line
from vocheck.cli.writing import write_text
from vocheck.context import ResourceSet
from vocheck.engine.outputs import Output
from vocheck.engine.plan import Plan, check_plan
from vocheck.engine.run import collect
from vocheck.errors import UsageError
from vocheck.load.sources import Found, Source, Unreadable, discover, read_bytes
from vocheck.migrate import migrate, prove, render_report, written_files
from vocheck.migrate.model import Migration
from vocheck.formats.contract import visible
from vocheck.model import Report, Severity

# Inputs the run could not read (a file, or a document that is not YAML): whatever they hold is not migrated.
_UNREAD_CODES = frozenset({"VO001", "VO004"})


def migrate_command(options: argparse.Namespace) -> int:
    configs, config = configs_of(options)
    checks, manager = checks_of(options, config)
    written = [Output(f"--output {options.output}", options.output)] if options.output else []
    plan = check_plan(manager, configs, config, checks=checks, outputs=written)
    if not options.paths:
        options.paths = ["-"] if options.stdin_filename else ["."]
    found = _inputs(options.paths, options.stdin_filename, options.output_dir, plan)
    with paused_collector():
        with progress_line() as progress:
            report, resources = collect(options.paths, plan, options.stdin_filename, progress, found)
        keep(plan, report, resources)
        planned = migrate(resources, plan.context, options.to)
        target = plan
        if options.to == "3.0":
            # The migrated tree is checked and previewed as the release it is for.
            settings = dataclasses.replace(plan.context.settings, kuma_version=(3, 0))
            target = check_plan(manager, configs, config, checks=checks, settings=settings, outputs=written)
        migration = _proven(planned, options.paths, found, target)
    unread = _unread(report)
    invalid = _invalid_policies(report, resources)
    if unread or invalid:
        migration = dataclasses.replace(migration, left_out=(*unread, *invalid, *migration.left_out))
    texts = written_files(migration)
    if options.output_dir:
        stale = _not_written(options.output_dir, texts)
        migration = dataclasses.replace(migration, not_written=stale)
        _write_files(Path(options.output_dir), texts)
    write_text(render_report(migration, options.format), options.output)
    failing = {"impossible": ("impossible",), "approximate": ("impossible", "approximate"), "never": ()}[options.migrate_fail_on]
    if unread or migration.check_errors or migration.not_written or any(item.verdict in failing for item in migration.policies):
        return EXIT_FINDINGS
    return EXIT_OK


def _proven(migration: Migration, paths: Sequence[str], found: Sequence[Found], plan: Plan) -> Migration:
    """The run read again with the migration's files added: `vocheck check`'s errors in them, and the proof."""
    if not any(item.resources for item in migration.policies):
        return prove(migration, ResourceSet(), plan.context)
    # Applied now: younger than every resource of the run, which decides generator precedence.
    texts = written_files(migration, datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    with tempfile.TemporaryDirectory(prefix="vocheck-migrate-") as directory:
        root = Path(directory)
        _write_files(root, texts)
        report, migrated = collect([*paths, str(root)], plan, found=[*found, *discover([str(root)])])
        errors = []
        for diagnostic in report.diagnostics:
            path = Path(diagnostic.file)
            if diagnostic.severity >= Severity.ERROR and root in path.parents:
                name = path.relative_to(root).as_posix()
                errors.append(f"{name}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.message}")
        keep(report, migrated)
        return dataclasses.replace(prove(migration, migrated, plan.context), check_errors=tuple(errors))


def _unread(report: Report) -> tuple[str, ...]:
    """The files and documents the run could not read: a policy there is not migrated, which the user must hear."""
    return tuple(
        f"{visible(item.file)}:{item.line}:{item.column}: {visible(item.message)} (not read, so nothing there is migrated)"
        for item in report.diagnostics
        if item.code in _UNREAD_CODES
    )


def _invalid_policies(report: Report, resources: ResourceSet) -> tuple[str, ...]:
    """The VirtualOutbounds the schema refused: they are not among the run's resources, so migrate never saw them.

    Kuma would reject them as it rejects the others left out (which the migration names itself).
    """
    read = {(item.file, item.document.index, item.kind, item.name, item.mesh) for item in resources.resources}
    return tuple(
        f"{visible(item.label)} ({visible(item.file)}): Kuma would reject it"
        for item in report.resources
        if item.kind == "VirtualOutbound" and (item.file, item.document, item.kind, item.name, item.mesh) not in read
    )


def _inputs(paths: list[str], stdin_name: str | None, output_dir: str | None, plan: Plan) -> list[Found]:
    """The inputs, standard input read once (the run is read twice), without the output directory's files."""
    skipped = Path(output_dir).resolve() if output_dir else None
    if skipped is not None:
        _refuse_inputs_inside(paths, output_dir or "", skipped)
    kept: list[Found] = []
    for item in discover(paths, stdin_name):
        if isinstance(item, Source) and item.path is None and item.content is None:
            data = read_bytes(item, plan.configs.for_path(Path(item.name)).max_file_size)
            item = Unreadable(data.message, item.name) if isinstance(data, Unreadable) else Source(item.name, None, data)
        elif isinstance(item, Source) and item.path is not None and skipped is not None:
            if skipped in Path(item.path).resolve().parents:
                continue  # a previous migration's files
        kept.append(item)
    return kept


def _refuse_inputs_inside(paths: Sequence[str], output_dir: str, skipped: Path) -> None:
    # The output directory is left out of the inputs (a second run must not read the first one's
    # files back); an input inside it would be left out whole, and the run would migrate nothing.
    for path in paths:
        if path == "-":
            continue
        resolved = Path(path).resolve()
        if resolved == skipped or skipped in resolved.parents:
            raise UsageError(
                f"--output-dir {output_dir} holds the input {path}, and migrate never reads its output directory;"
                " write the resources outside the inputs"
            )


def _not_written(output_dir: str, texts: dict[str, str]) -> tuple[str, ...]:
    """The manifests already in the output directory that this run does not write: never deleted, only named."""
    root = Path(output_dir)
    if not root.is_dir():
        return ()
    found = []
    for path in sorted(root.rglob("*")):
        # What `kubectl apply -f` and `kumactl apply -f` read; other files (notes, a README) are not applied.
        if path.suffix in _MANIFEST_SUFFIXES and path.is_file() and path.relative_to(root).as_posix() not in texts:
            found.append((Path(output_dir) / path.relative_to(root)).as_posix())
    return tuple(found)


_MANIFEST_SUFFIXES = frozenset({".yaml", ".yml", ".json"})


def _write_files(directory: Path, texts: dict[str, str]) -> None:
    try:
        for name, text in texts.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write to {directory}: {error.strerror or error}") from error
