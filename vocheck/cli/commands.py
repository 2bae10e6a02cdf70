"""The command line: ``vocheck [check|rules|explain|schema] ...``; the only module that prints."""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TypeAlias

from vocheck import __version__
from vocheck.config import Config
from vocheck.errors import UsageError, VocheckError
from vocheck.checks import Check
from vocheck.host import collect_formatters
from vocheck.engine.run import run
from vocheck.engine.plan import Plan, check_plan
from vocheck.schema.schemas import builtin_schema, builtin_schema_names
from vocheck.golang.shown import shown
from vocheck.cli.progress import progress_line
from vocheck.cli.writing import (
    discard_standard_output, format_options, print_report, reports_alone_on_stdout, write_text,
)
from vocheck.cli.options import add_config_options, check_codes, checks_of, configs_of, outputs_of, written_files
from vocheck.cli.exits import EXIT_BROKEN_PIPE, EXIT_ERROR, EXIT_OK, keep, keep_until_exit
from vocheck.cli.fix_command import add_fix_options, fixing, run_fix
from vocheck.cli.helpformat import HelpFormatter, RawDescriptionHelpFormatter

COMMANDS = ("check", "preview", "diff", "migrate", "rules", "explain", "schema", "lsp")
PREVIEW_FORMATS = ("table", "json", "yaml", "markdown")


def main(argv: Sequence[str] | None = None) -> int:
    """Run vocheck; return 0 (clean), 1 (findings at or above fail-on) or 2 (could not run)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (arguments[0] not in COMMANDS and arguments[0] not in ("-h", "--help", "--version")):
        typo = _misspelt_command(arguments[0]) if arguments else None
        if typo is not None:
            print(f"vocheck: error: unknown command {shown(arguments[0])}; did you mean {shown(typo)}?", file=sys.stderr)
            return EXIT_ERROR
        arguments.insert(0, "check")
    try:
        # Only the command being run gets its options defined: `vocheck check` does not pay for
        # the parsers (and modules) of the others. Help and --version show them all.
        parser = _parser(arguments[0] if arguments[0] in COMMANDS else None)
        options, unknown = parser.parse_known_args(arguments)
        if unknown:
            # Said by the command's parser, with its usage: the top level's would list only the commands.
            _command_parser(parser, options).error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exit_request:
        return int(exit_request.code or 0)
    try:
        with reports_alone_on_stdout():
            return int(options.handler(options))
    except VocheckError as error:
        print(f"vocheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("vocheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``vocheck ... | head``): end quietly, as a tool killed
        # by SIGPIPE would, not as one that could not run.
        discard_standard_output()
        return EXIT_BROKEN_PIPE
    except Exception as error:  # the last resort: a bug in vocheck must still end in a clear exit 2
        if os.environ.get("VOCHECK_DEBUG"):
            raise
        print(
            f"vocheck: internal error: {type(error).__name__}: {error}; please report it "
            "(run with VOCHECK_DEBUG=1 to see where it happened)",
            file=sys.stderr,
        )
        return EXIT_ERROR


def console() -> NoReturn:
    """The ``vocheck`` command: ``main``, then an exit that skips freeing every object.

    A large run leaves millions of objects behind; freeing them one by one
    takes a tenth of the run, and nothing needs them any more.
    """
    keep_until_exit()
    code = main()
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)  # a profiler writes its results once the interpreter unwinds
    atexit._run_exitfuncs()  # what plugins and coverage tools registered still runs
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:  # the reader went away
            code = EXIT_BROKEN_PIPE if stream is sys.stdout else code or EXIT_ERROR
        except OSError as error:
            if stream is sys.stdout and sys.stderr is not None:
                print(f"vocheck: error: cannot write to standard output: {error.strerror or error}", file=sys.stderr)
            code = EXIT_ERROR
        except ValueError:  # the stream was closed
            code = code or EXIT_ERROR
    os._exit(code)


def _misspelt_command(word: str) -> str | None:
    """A command the word was probably meant to be; a path that exists is a path."""
    if word.startswith("-") or os.path.exists(word) or any(mark in word for mark in "./\\"):
        return None
    import difflib  # only for a word that is not a command

    matches = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.75)
    return matches[0] if matches else None


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, that command's alone (it parses that command the same)."""
    parser = argparse.ArgumentParser(
        prog="vocheck",
        description="Check Kuma VirtualOutbound policies and the resources around them before they go live.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"vocheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in _COMMAND_PARSERS:
        if only is None or name == only:
            add(commands)
    return parser


def _command_parser(parser: argparse.ArgumentParser, options: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the (sub)command ``options`` ran: ``vocheck schema export``'s, not ``vocheck``'s."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(options, action.dest, None)
            if chosen in action.choices:
                return _command_parser(action.choices[chosen], options)
    return parser


def _add_check_parser(commands: Commands) -> None:
    check = commands.add_parser(
        "check",
        help="check files and directories (the default command)",
        description="Check Kuma resources in files and directories, and report what Kuma would reject or ignore.",
        epilog=_CHECK_EPILOG,
        formatter_class=RawDescriptionHelpFormatter,
    )
    _add_input_options(check)
    check.add_argument("--format", action="append", metavar="NAME[:FILE]", help="output format (default text)")
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--fail-on", metavar="LEVEL", help="error (default), warning, info or never")
    check.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes to report")
    check.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes not to report")
    check.add_argument("--statistics", action="store_true", help="add counts per code")
    check.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only, no summary")
    check.add_argument(
        "--no-suppress", action="store_true", help="report everything: ignore suppressions, per-file-ignores, baselines"
    )
    check.add_argument("--baseline", metavar="FILE", help="report only findings that FILE does not record")
    check.add_argument("--write-baseline", metavar="FILE", help="record every finding of this run in FILE")
    add_fix_options(check)
    check.set_defaults(handler=_check)


def _add_preview_parser(commands: Commands) -> None:
    from vocheck.cli.preview_command import run_preview

    preview = commands.add_parser(
        "preview", help="show the hostnames, ports and VIPs Kuma would generate, and what it would only log"
    )
    _add_input_options(preview)
    preview.add_argument("--format", choices=PREVIEW_FORMATS, default="table", help="table (default), json, yaml, markdown")
    preview.add_argument("--output", metavar="FILE", help="write the preview to FILE instead of standard output")
    preview.add_argument("--mesh", action="append", metavar="NAME", help="show only this mesh (repeatable)")
    preview.add_argument("--dns-domain", metavar="DOMAIN", help="Kuma's dnsServer.domain (default mesh)")
    preview.add_argument("--dns-cidr", metavar="CIDR", help="Kuma's dnsServer.CIDR (default 240.0.0.0/4)")
    preview.add_argument("--no-service-vips", action="store_true", help="Kuma's dnsServer.serviceVipEnabled: false")
    preview.add_argument("--service-vip-port", metavar="PORT", help="Kuma's dnsServer.serviceVipPort (default 80)")
    preview.add_argument("--zone", metavar="NAME", help="the zone of the control plane (default: standalone)")
    preview.add_argument("--mesh-service-cidr", metavar="CIDR", help="Kuma's ipam.meshService.cidr (default 241.0.0.0/8)")
    preview.add_argument(
        "--mesh-external-service-cidr", metavar="CIDR", help="Kuma's ipam.meshExternalService.cidr (default 242.0.0.0/8)"
    )
    preview.add_argument(
        "--mesh-multizone-service-cidr", metavar="CIDR", help="Kuma's ipam.meshMultiZoneService.cidr (default 243.0.0.0/8)"
    )
    preview.add_argument(
        "--previous-vips", metavar="FILE", help="the persisted kuma-<mesh>-dns-vips Config, to keep its VIPs stable"
    )
    preview.set_defaults(handler=run_preview)


def _add_diff_parser(commands: Commands) -> None:
    from vocheck.cli.diff_command import add_diff_parser

    add_diff_parser(commands)


def _add_migrate_parser(commands: Commands) -> None:
    from vocheck.cli.migrate_command import add_migrate_parser

    add_migrate_parser(commands)


def _add_rules_parser(commands: Commands) -> None:
    rules = commands.add_parser("rules", help="list every check: code, name, severity, plugin, summary")
    add_config_options(rules)
    rules.set_defaults(handler=_rules)


def _add_explain_parser(commands: Commands) -> None:
    explain = commands.add_parser("explain", help="print the documentation of a check")
    explain.add_argument("code", metavar="CODE")
    add_config_options(explain)
    explain.set_defaults(handler=_explain)


def _add_schema_parser(commands: Commands) -> None:
    schema = commands.add_parser("schema", help="work with vocheck's JSON Schemas")
    schema_commands = schema.add_subparsers(dest="schema_command", metavar="ACTION", required=True)
    export = schema_commands.add_parser("export", help="write the JSON Schemas to DIR, for editors")
    export.add_argument("directory", metavar="DIR")
    export.set_defaults(handler=_schema_export)


def _add_lsp_parser(commands: Commands) -> None:
    from vocheck.cli.lsp_command import run_lsp

    lsp = commands.add_parser(
        "lsp",
        help="run the language server on standard input and output (needs vocheck[lsp])",
        description="Run vocheck's language server over stdio; editors start it. Settings come from the "
        "client's initializationOptions (see the README's Language server section).",
    )
    lsp.set_defaults(handler=run_lsp)


# In the order `vocheck --help` lists them.
_COMMAND_PARSERS: tuple[tuple[str, Callable[[Commands], None]], ...] = (
    ("check", _add_check_parser),
    ("preview", _add_preview_parser),
    ("diff", _add_diff_parser),
    ("migrate", _add_migrate_parser),
    ("rules", _add_rules_parser),
    ("explain", _add_explain_parser),
    ("schema", _add_schema_parser),
    ("lsp", _add_lsp_parser),
)


_CHECK_EPILOG = """\
formats:
  text (default), json, sarif, junit, github, gitlab, rdjson; plugins may add more.
  --format NAME:FILE writes that report to FILE; repeat --format for several reports.

exit codes (the same for every format):
  0  no finding at or above --fail-on (default: error)
  1  at least one finding at or above --fail-on
  2  vocheck could not run: a usage error, a bad config, a plugin that fails to load

examples:
  vocheck check policies/                      check a directory, report as text
  vocheck check --format sarif:vocheck.sarif --fail-on warning .
                                               write SARIF for code scanning, fail on warnings
"""


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - reads standard input")
    parser.add_argument("--stdin-filename", metavar="PATH", help="the name of standard input, for messages and config")
    parser.add_argument("--kuma-version", metavar="X.Y", help="the Kuma release to check against (default 2.14)")
    parser.add_argument(
        "--jobs", metavar="N", help="processes that share the work, or auto (default: the idle processors, for large runs)"
    )
    parser.add_argument(
        "--var",
        action="append",
        metavar="NAME=VALUE",
        help="a value for the {{ NAME }} placeholders of templated files, as kumactl apply -v gives it (repeatable)",
    )
    add_config_options(parser)


def _check(options: argparse.Namespace) -> int:
    configs, config = configs_of(options)
    fail_on = config.fail_on
    checks, manager = checks_of(options, config)
    check_codes(options, configs, [check.code for check in checks])
    formatters = collect_formatters(manager)
    outputs = outputs_of(options, config, formatters)

    def fresh_plan() -> Plan:
        return check_plan(
            manager,
            configs,
            config,
            checks=checks,
            suppress=not options.no_suppress,
            baseline=options.baseline,
            writing_baseline=options.write_baseline is not None,
            outputs=written_files(options, config),
        )

    plan = fresh_plan()
    if not options.paths:
        options.paths = ["-"] if options.stdin_filename else ["."]
    with progress_line(options.quiet) as progress:
        if fixing(options, config):
            report, decided = run_fix(options, config, fresh_plan, progress, outputs, formatters)
            if decided is not None:
                keep(plan, report)
                return decided
        else:
            report = run(options.paths, plan, options.stdin_filename, progress)
    keep(plan, report)
    if not options.quiet:
        for directory in report.empty_inputs:
            print(f"vocheck: warning: no YAML or JSON files found in {directory}", file=sys.stderr)
    for name, target in outputs:
        text = formatters[name](report, format_options(options, target, config))
        write_text(text, target, quiet=options.quiet and name == "text")
    if options.write_baseline is not None:
        from vocheck.engine.filters.baseline import write as write_baseline

        from vocheck.engine.core_checks import PROTECTED_CODES

        recorded = write_baseline(Path(options.write_baseline), report.diagnostics)
        print(f"vocheck: recorded {recorded} findings in {options.write_baseline}", file=sys.stderr)
        unrecordable = [item for item in report.diagnostics if item.code in PROTECTED_CODES]
        if not unrecordable:
            return EXIT_OK  # every finding of this run is now a known one
        print(
            f"vocheck: {len(unrecordable)} findings of VO001 to VO004 (broken YAML, values Kuma cannot decode, "
            "crashed checks, unreadable input) cannot be baselined and are not recorded; fix them",
            file=sys.stderr,
        )
        return 1 if fail_on is not None and any(item.severity >= fail_on for item in unrecordable) else 0
    return 1 if report.failed(fail_on) else 0


def _rules(options: argparse.Namespace) -> int:
    _, config = configs_of(options)
    checks, _ = checks_of(options, config)
    # FIX: "safe" or "unsafe" for a check whose findings can carry a fix (--fix, --unsafe-fixes).
    # A docstring's ``code`` (reStructuredText) shows as `code`, as findings' messages write it.
    rows = [
        (check.code, check.name, str(check.severity), check.plugin, check.fixable, check.summary.replace("``", "`"))
        for check in checks
    ]
    header = ("CODE", "NAME", "SEVERITY", "PLUGIN", "FIX", "SUMMARY")
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(5)]
    print_report(
        "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths)) + "  " + row[5] for row in [header, *rows])
    )
    return EXIT_OK


def _explain(options: argparse.Namespace) -> int:
    _, config = configs_of(options)
    checks, _ = checks_of(options, config)
    wanted = options.code.upper()
    for check in checks:
        if check.code == wanted or check.name == options.code:
            fix = f"; fix: {check.fixable}" if check.fixable else ""
            print_report(f"{check.code} {check.name} (default severity: {check.severity}; plugin: {check.plugin}{fix})\n\n{check.doc}")
            return EXIT_OK
    raise UsageError(f"no check has the code or name {shown(options.code)}; `vocheck rules` lists them")


def _schema_export(options: argparse.Namespace) -> int:
    import json

    directory = Path(options.directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in builtin_schema_names():
            text = json.dumps(builtin_schema(name), indent=2, ensure_ascii=False)
            (directory / name).write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write schemas to {directory}: {error.strerror or error}") from error
    print_report(f"wrote {len(builtin_schema_names())} schemas to {directory}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
