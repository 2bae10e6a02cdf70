"""The work behind `vocheck migrate`, imported only when that command runs."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from vocheck._perf.gcpause import paused_collector
from vocheck.cli.exits import EXIT_FINDINGS, EXIT_OK, keep
from vocheck.cli.options import checks_of, configs_of
from vocheck.cli.progress import progress_line
from vocheck.cli.writing import write_text
from vocheck.engine.outputs import Output
from vocheck.engine.plan import check_plan
from vocheck.engine.run import collect
from vocheck.load.sources import Found, Source, discover
from vocheck.errors import UsageError
from vocheck.migrate import migrate, prove, render_report, written_files
from vocheck.migrate.model import Migration
from vocheck.model import Severity


def migrate_command(options: argparse.Namespace) -> int:
    configs, config = configs_of(options)
    checks, manager = checks_of(options, config)
    written = [Output(f"--output {options.output}", options.output)] if options.output else []
    plan = check_plan(manager, configs, config, checks=checks, outputs=written)
    if not options.paths:
        options.paths = ["-"] if options.stdin_filename else ["."]
    found = _inputs(options.paths, options.stdin_filename, options.output_dir)
    with paused_collector():
        with progress_line() as progress:
            report, resources = collect(options.paths, plan, options.stdin_filename, progress, found)
        keep(plan, report, resources)
        migration = prove(migrate(resources, plan.context, options.to), resources, plan.context)
        migration = _checked(migration, options, plan)
    texts = written_files(migration)
    if options.output_dir:
        _write_files(Path(options.output_dir), texts)
    write_text(render_report(migration, options.format), options.output)
    failing = {"impossible": ("impossible",), "approximate": ("impossible", "approximate"), "never": ()}[options.migrate_fail_on]
    if migration.check_errors or any(item.verdict in failing for item in migration.policies):
        return EXIT_FINDINGS
    return EXIT_OK


def _checked(migration: Migration, options: argparse.Namespace, plan: object) -> Migration:
    """``vocheck check`` on the run with the migrated resources added: the errors it finds in them."""
    import dataclasses

    from vocheck.engine.plan import Plan

    assert isinstance(plan, Plan)
    texts = written_files(migration)
    if not texts or options.paths == ["-"]:
        return migration
    with tempfile.TemporaryDirectory(prefix="vocheck-migrate-") as directory:
        root = Path(directory)
        _write_files(root, texts)
        found = [*_inputs(options.paths, options.stdin_filename, options.output_dir), *discover([str(root)])]
        report = collect([*options.paths, str(root)], plan, found=found)[0]
        errors = []
        for diagnostic in report.diagnostics:
            path = Path(diagnostic.file)
            if diagnostic.severity >= Severity.ERROR and root in path.parents:
                name = path.relative_to(root).as_posix()
                errors.append(f"{name}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.message}")
    return dataclasses.replace(migration, check_errors=tuple(errors))


def _inputs(paths: list[str], stdin_name: str | None, output_dir: str | None) -> list[Found]:
    """The inputs, without the files of the output directory (a previous migration's) when it lies among them."""
    found = list(discover(paths, stdin_name))
    if not output_dir:
        return found
    skipped = Path(output_dir).resolve()
    kept = []
    for item in found:
        name = item.path if isinstance(item, Source) else None
        if name is not None and skipped in Path(name).resolve().parents:
            continue
        kept.append(item)
    return kept


def _write_files(directory: Path, texts: dict[str, str]) -> None:
    try:
        for name, text in texts.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write to {directory}: {error.strerror or error}") from error
