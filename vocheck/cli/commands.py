"""The command line: ``vocheck [check|rules|explain|schema] ...``; the only module that prints."""

from __future__ import annotations

import argparse
import atexit
import csv
import dataclasses
import difflib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TextIO

import pluggy

from vocheck import __version__
from vocheck.config import (
    Config,
    Configs,
    parse_cidr,
    parse_dns_domain,
    parse_fail_on,
    parse_jobs,
    parse_kuma_version,
    parse_port,
    parse_vars,
    unknown_code_error,
)
from vocheck.errors import ConfigError, UsageError, VocheckError
from vocheck.formats.contract import FormatOptions, Formatter, visible
from vocheck.model import Severity
from vocheck.checks import Check
from vocheck.engine.outputs import Output
from vocheck.load.sources import read_settings_file
from vocheck.host import collect_checks, collect_formatters, plugin_manager
from vocheck.engine.run import Progress, collect, run
from vocheck.engine.plan import check_plan, preview_plan
from vocheck.schema.schemas import builtin_schema, builtin_schema_names
from vocheck.golang.shown import shown

COMMANDS = ("check", "preview", "rules", "explain", "schema")
PREVIEW_FORMATS = ("table", "json", "yaml", "markdown")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a process that SIGPIPE ended


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
        options = _parser().parse_args(arguments)
    except SystemExit as exit_request:
        return int(exit_request.code or 0)
    try:
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
        _discard_standard_output()
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


# Set by ``console``: what a command built stays referenced until the process
# ends, so that neither returning from the command nor exiting frees it object by object.
_kept_until_exit: list[object] | None = None


def console() -> NoReturn:
    """The ``vocheck`` command: ``main``, then an exit that skips freeing every object.

    A large run leaves millions of objects behind; freeing them one by one
    takes a tenth of the run, and nothing needs them any more.
    """
    global _kept_until_exit
    _kept_until_exit = []
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


class _ProgressLine:
    """How a long run is going, on one line of a terminal's standard error, erased at the end.

    Shown only once the run has taken half a second, and redrawn at most ten
    times a second: short runs, pre-commit and editors never see it.
    """

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._start = clock()
        self._drawn = 0.0
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self._clock()
        if now - self._start < 0.5 or (stage == self._stage and now - self._drawn < 0.1):
            return
        self._drawn, self._stage = now, stage
        text = f"vocheck: {stage} {done:,}/{total:,}" if total else f"vocheck: {stage}"
        self._stream.write(f"\r\x1b[K{text}")
        self._stream.flush()

    def erase(self) -> None:
        if self._stage:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


@contextmanager
def _progress_line(quiet: bool = False) -> Iterator[Progress | None]:
    stream = sys.stderr
    if quiet or stream is None or not stream.isatty() or os.environ.get("TERM") == "dumb":
        yield None
        return
    line = _ProgressLine(stream)
    try:
        yield line
    finally:
        line.erase()


def _keep(*built: object) -> None:
    if _kept_until_exit is not None:
        _kept_until_exit.extend(built)


def _misspelt_command(word: str) -> str | None:
    """A command the word was probably meant to be; a path that exists is a path."""
    if word.startswith("-") or os.path.exists(word) or any(mark in word for mark in "./\\"):
        return None
    matches = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.75)
    return matches[0] if matches else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vocheck",
        description="Check Kuma VirtualOutbound policies and the resources around them before they go live.",
    )
    parser.add_argument("--version", action="version", version=f"vocheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check files and directories (the default command)",
        description="Check Kuma resources in files and directories, and report what Kuma would reject or ignore.",
        epilog=_CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    check.set_defaults(handler=_check)

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
    preview.add_argument(
        "--previous-vips", metavar="FILE", help="the persisted kuma-<mesh>-dns-vips Config, to keep its VIPs stable"
    )
    preview.set_defaults(handler=_preview)

    rules = commands.add_parser("rules", help="list every check: code, name, severity, plugin, summary")
    _add_plugin_options(rules)
    rules.set_defaults(handler=_rules)

    explain = commands.add_parser("explain", help="print the documentation of a check")
    explain.add_argument("code", metavar="CODE")
    _add_plugin_options(explain)
    explain.set_defaults(handler=_explain)

    schema = commands.add_parser("schema", help="work with vocheck's JSON Schemas")
    schema_commands = schema.add_subparsers(dest="schema_command", metavar="ACTION", required=True)
    export = schema_commands.add_parser("export", help="write the JSON Schemas to DIR, for editors")
    export.add_argument("directory", metavar="DIR")
    export.set_defaults(handler=_schema_export)
    return parser


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


def _add_plugin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one")
    parser.add_argument("--isolated", action="store_true", help="ignore config files and load no local plugins")


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
    _add_plugin_options(parser)


def _configs(options: argparse.Namespace) -> tuple[Configs, Config]:
    """The per-path configs and the run's config, with command-line values on top."""
    overrides: dict[str, object] = {}
    for key, parse, flag in (
        ("select", _codes, "--select"),
        ("ignore", _codes, "--ignore"),
        ("fail_on", parse_fail_on, "--fail-on"),
        ("kuma_version", parse_kuma_version, "--kuma-version"),
        ("dns_domain", parse_dns_domain, "--dns-domain"),
        ("dns_cidr", parse_cidr, "--dns-cidr"),
        ("service_vip_port", _port_number, "--service-vip-port"),
        ("zone", str, "--zone"),
        ("jobs", _jobs, "--jobs"),
    ):
        value = getattr(options, key, None)
        if value is not None:
            overrides[key] = _option(parse, value, flag)
    if getattr(options, "no_service_vips", False):
        overrides["service_vips"] = False
    if getattr(options, "no_suppress", False):
        overrides["per_file_ignores"] = {}
    explicit = Path(options.config) if options.config else None
    configs = Configs(explicit, options.isolated, overrides)
    config = configs.for_run()
    if getattr(options, "var", None):
        # Placeholder values are run-wide: --var adds to (and wins over) the config's table.
        given = dict(pair for item in options.var for pair in _variables(item))
        config = dataclasses.replace(config, vars=_option(parse_vars, {**config.vars, **given}, "--var"))
    return configs, config


def _variables(text: str) -> list[tuple[str, str]]:
    """``NAME=VALUE``, or several separated by commas, read the way kumactl and kuma-dp read ``-v``.

    With one ``=`` the text is one pair (double quotes around it dropped),
    so a value may hold commas; with more it is a line of comma-separated
    values, each a pair, quoted as in CSV when a value holds a comma.
    """
    if text.count("=") == 1:
        pairs = [text.strip('"')]
    else:
        try:
            pairs = next(csv.reader([text], strict=True), [])
        except csv.Error as error:
            raise UsageError(f"--var: {shown(text)}: {error}") from error
    found = []
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals:
            raise UsageError(f"--var: {shown(pair)} is not NAME=VALUE")
        found.append((name, value))
    return found


def _jobs(text: str) -> int | None:
    return parse_jobs(text if text == "auto" else int(text) if text.isdigit() else text)


def _option(parse: Callable[[Any], object], value: object, flag: str) -> Any:
    try:
        return parse(value)
    except (TypeError, ValueError) as error:
        raise UsageError(f"{flag}: {error}") from error


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in text.split(",") if code.strip())


def _checks(options: argparse.Namespace, config: Config) -> tuple[list[Check], pluggy.PluginManager]:
    manager = plugin_manager(
        local=() if options.isolated else config.plugins,
        local_base=config.path.parent if config.path else None,
        blocked=config.blocked_plugins,
    )
    return collect_checks(manager), manager


def _check(options: argparse.Namespace) -> int:
    configs, config = _configs(options)
    fail_on = config.fail_on
    checks, manager = _checks(options, config)
    _check_codes(options, configs, [check.code for check in checks])
    formatters = collect_formatters(manager)
    outputs = _outputs(options, config, formatters)
    plan = check_plan(
        manager,
        configs,
        config,
        checks=checks,
        suppress=not options.no_suppress,
        baseline=options.baseline,
        writing_baseline=options.write_baseline is not None,
        outputs=_written_files(options, config),
    )
    if not options.paths:
        options.paths = ["-"] if options.stdin_filename else ["."]
    with _progress_line(options.quiet) as progress:
        report = run(options.paths, plan, options.stdin_filename, progress)
    _keep(plan, report)
    if not options.quiet:
        for directory in report.empty_inputs:
            print(f"vocheck: warning: no YAML or JSON files found in {directory}", file=sys.stderr)
    for name, target in outputs:
        text = formatters[name](report, _format_options(options, target, config))
        _write(text, target, quiet=options.quiet and name == "text")
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


def _check_codes(options: argparse.Namespace, configs: Configs, known: Sequence[str]) -> None:
    """A code that names no check is a usage error, never a silent change of what is checked."""
    for flag in ("select", "ignore"):
        for code in _codes(getattr(options, flag) or ""):
            error = unknown_code_error(f"--{flag}", code, known)
            if error is not None:
                raise UsageError(error)
    configs.check_codes(known)


def _outputs(
    options: argparse.Namespace, config: Config, formatters: Mapping[str, Formatter]
) -> list[tuple[str, str | None]]:
    requested = options.format or [config.format or _default_format()]
    outputs: list[tuple[str, str | None]] = []
    for item in requested:
        name, _, target = item.partition(":")
        if name not in formatters:
            raise ConfigError(f"unknown format {shown(name)}; choose from {', '.join(sorted(formatters))}")
        outputs.append((name, target or options.output))
    targets = [target or "standard output" for _, target in outputs]
    for target in sorted(set(targets)):
        if targets.count(target) > 1:
            # Two reports in one stream would make either unreadable (JSON after text ...).
            raise UsageError(f"two formats write to {target}; send all but one to files with --format NAME:FILE")
    return outputs


def _written_files(options: argparse.Namespace, config: Config) -> list[Output]:
    """The files this run will write, each with the option that names it."""
    requested = options.format or ([config.format] if config.format else [])
    written = [Output(f"--format {item}", item.partition(":")[2]) for item in requested if ":" in item]
    if options.output:
        written.append(Output(f"--output {options.output}", options.output))
    if getattr(options, "write_baseline", None):
        written.append(Output(f"--write-baseline {options.write_baseline}", options.write_baseline))
    return written


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _format_options(options: argparse.Namespace, target: str | None, config: Config) -> FormatOptions:
    return FormatOptions(
        color=target is None and _use_color(),
        statistics=options.statistics,
        tool_version=__version__,
        fail_on=config.fail_on,
    )


def _use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":  # a terminal that shows escape codes as text
        return False
    return sys.stdout is not None and sys.stdout.isatty()


def _write(text: str, target: str | None, quiet: bool = False) -> None:
    if quiet:
        text = "\n".join(text.split("\n")[:-1])
    if target is None:
        if sys.stdout is None:
            raise UsageError("standard output is closed; name a file with --output")
        if text:
            _print_report(text)
        return
    try:
        # A file name that is not UTF-8 is written as the bytes it has on disk.
        Path(target).write_text(text + "\n", encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from error


def _print_report(text: str) -> None:
    """Print to standard output and flush, so a full disk is reported, not lost at exit."""
    try:
        try:
            print(text)
        except UnicodeEncodeError:
            # A strict standard output cannot take a file name that is not UTF-8: write its bytes.
            sys.stdout.flush()
            encoding = sys.stdout.encoding or "utf-8"
            sys.stdout.buffer.write((text + "\n").encode(encoding, "surrogateescape"))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UsageError(f"cannot write to standard output: {error.strerror or error}") from error


def _discard_standard_output() -> None:
    """Point standard output at the null device, so the flush at exit does not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no descriptor behind it (captured, closed)
        pass


def _rules(options: argparse.Namespace) -> int:
    _, config = _configs(options)
    checks, _ = _checks(options, config)
    rows = [(check.code, check.name, str(check.severity), check.plugin, check.summary) for check in checks]
    widths = [max(len(row[column]) for row in rows + [("CODE", "NAME", "SEVERITY", "PLUGIN", "")]) for column in range(4)]
    header = ("CODE", "NAME", "SEVERITY", "PLUGIN", "SUMMARY")
    _print_report(
        "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4] for row in [header, *rows])
    )
    return EXIT_OK


def _explain(options: argparse.Namespace) -> int:
    _, config = _configs(options)
    checks, _ = _checks(options, config)
    wanted = options.code.upper()
    for check in checks:
        if check.code == wanted or check.name == options.code:
            _print_report(f"{check.code} {check.name} (default severity: {check.severity}; plugin: {check.plugin})\n\n{check.doc}")
            return EXIT_OK
    raise UsageError(f"no check has the code or name {shown(options.code)}; `vocheck rules` lists them")


def _schema_export(options: argparse.Namespace) -> int:
    directory = Path(options.directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in builtin_schema_names():
            text = json.dumps(builtin_schema(name), indent=2, ensure_ascii=False)
            (directory / name).write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write schemas to {directory}: {error.strerror or error}") from error
    print(f"wrote {len(builtin_schema_names())} schemas to {directory}")
    return EXIT_OK


def _port_number(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"{shown(text)} is not a port number from 1 to 65535")
    return parse_port(int(text))


def _missing_meshes(wanted: Sequence[str], present: Sequence[str]) -> None:
    """Say which meshes named with --mesh the inputs do not have, rather than only "No meshes."."""
    from vocheck.kuma.quote import go_quote

    have = ", ".join(go_quote(mesh) for mesh in present) or "none"
    for mesh in wanted:
        if mesh not in present:
            print(f"vocheck: warning: --mesh: no mesh {go_quote(mesh)} among the inputs (meshes found: {have})", file=sys.stderr)


def _preview(options: argparse.Namespace) -> int:
    """Resolve the run's resources as Kuma would; exit 1 when some were left out."""
    from vocheck._perf.gcpause import paused_collector
    from vocheck.preview.resolution import inputs_of, resolution_of
    from vocheck.preview.render import render
    from vocheck.resolve.previous import PreviousVipsError, parse_previous_vips

    configs, config = _configs(options)
    previous = None
    if options.previous_vips:
        try:
            previous = parse_previous_vips(read_settings_file(options.previous_vips))
        except OSError as error:
            raise UsageError(f"--previous-vips {options.previous_vips}: {error.strerror or error}") from error
        except (UnicodeDecodeError, PreviousVipsError) as error:
            raise UsageError(f"--previous-vips {options.previous_vips}: {error}") from error
    written = [Output(f"--output {options.output}", options.output)] if options.output else []
    plan = preview_plan(configs, config, outputs=written)
    if not options.paths:
        options.paths = ["-"] if options.stdin_filename else ["."]
    # One pause from reading to rendering: the collector, back on between the
    # steps, would walk every object the reading left behind.
    with paused_collector():
        with _progress_line() as progress:
            report, resources = collect(options.paths, plan, options.stdin_filename, progress)
        _keep(plan, report, resources)
        try:
            resolution = resolution_of(resources, plan.context, previous)
        except ValueError as error:
            raise UsageError(str(error)) from error
        _write(render(resolution, options.format, options.mesh or ()), options.output)
        _missing_meshes(options.mesh or (), [mesh.mesh for mesh in resolution.meshes])
    left_out = inputs_of(resources, plan.context).rejected
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


if __name__ == "__main__":
    raise SystemExit(main())
