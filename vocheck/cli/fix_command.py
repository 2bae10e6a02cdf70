"""``vocheck check --fix`` / ``--unsafe-fixes`` / ``--diff``: apply or show fixes, then report what remains."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING

from vocheck.config import Config
from vocheck.engine.plan import Plan
from vocheck.engine.run import Progress
from vocheck.errors import UsageError
from vocheck.formats.contract import Formatter
from vocheck.model import Report
from vocheck.cli.writing import format_options, print_report, standard_output, write_text

if TYPE_CHECKING:  # the fixing engine is imported by a run that fixes, not by every check
    from vocheck.engine.fixing import FixOutcome


def add_fix_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fix", action="store_true", default=None, help="apply safe fixes in place, then report what remains")
    parser.add_argument("--no-fix", dest="fix", action="store_false", help="do not fix, whatever the config says")
    parser.add_argument(
        "--unsafe-fixes", action="store_true", default=None, help="with --fix or --diff, also apply fixes that change what Kuma reads"
    )
    parser.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_false", help="apply safe fixes only")
    parser.add_argument("--diff", action="store_true", help="print a unified diff of what --fix would change; write nothing")


def fixing(options: argparse.Namespace, config: Config) -> bool:
    return bool(options.diff or (config.fix if options.fix is None else options.fix))


def unsafe(options: argparse.Namespace, config: Config) -> bool:
    return bool(config.unsafe_fixes if options.unsafe_fixes is None else options.unsafe_fixes)


def run_fix(
    options: argparse.Namespace,
    config: Config,
    fresh_plan: Callable[[], Plan],
    progress: Progress | None,
    outputs: list[tuple[str, str | None]],
    formatters: Mapping[str, Formatter],
) -> tuple[Report, int | None]:
    """Fix (or diff) the run's inputs; the report of what remains, and the exit code when it is decided here."""
    from vocheck.engine.fixing import WriteRefused, fix_run, unified_diff, write_fixed

    allow_unsafe = unsafe(options, config)
    outcome = fix_run(options.paths, fresh_plan, options.stdin_filename, unsafe=allow_unsafe, progress=progress)
    for name, why in outcome.reverted:
        print(f"vocheck: warning: {name}: not applied: {why}", file=sys.stderr)
    if options.diff:
        diff = unified_diff(outcome.files)
        if diff:
            if standard_output() is None:
                raise UsageError("standard output is closed; --diff prints the diff there")
            print_report(diff.removesuffix("\n"))
        if not options.quiet:
            print(_summary(outcome, "would fix"), file=sys.stderr)
        return outcome.report, 1 if outcome.files else 0
    refused: set[str] = set()
    stdin_text: str | None = None
    for fixed in outcome.files:
        if fixed.path is None:
            stdin_text = fixed.after
            continue
        try:
            write_fixed(fixed)
        except WriteRefused as error:
            refused.add(fixed.name)
            print(f"vocheck: error: {fixed.name}: {error}", file=sys.stderr)
    reading_stdin = any(path == "-" for path in options.paths)
    if reading_stdin:
        # The fixed text goes to standard output, as a formatter's would; the report to standard error.
        text = stdin_text if stdin_text is not None else next(
            (text for name, text in outcome.originals.items() if name == (options.stdin_filename or "-")), ""
        )
        output = standard_output()
        if output is None:
            raise UsageError("standard output is closed; a fixed standard input is written there")
        output.write(text)
        output.flush()
        for name, target in outputs:
            report_text = formatters[name](outcome.report, format_options(options, target, config))
            if target is None:
                if report_text:
                    print(report_text, file=sys.stderr)
            else:
                write_text(report_text, target)
    if not options.quiet:
        print(_summary(outcome, "fixed", refused), file=sys.stderr)
    if refused:
        return outcome.report, 1
    return outcome.report, None if not reading_stdin else (1 if outcome.report.failed(config.fail_on) else 0)


def _summary(outcome: FixOutcome, verb: str, refused: Collection[str] = ()) -> str:
    written = [fixed for fixed in outcome.files if fixed.name not in refused]  # a refused file was not fixed
    files = len(written)
    fixes = sum(fixed.fixes for fixed in written)
    line = f"vocheck: {verb} {fixes} finding{'s' if fixes != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    if outcome.unsafe_left:
        line += f"; {outcome.unsafe_left} more fixable with --unsafe-fixes"
    return line
