"""Options and configuration turned into what a command needs: configs, plugins, outputs, codes."""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

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
from vocheck.errors import ConfigError, UsageError
from vocheck.formats.contract import Formatter
from vocheck.checks import Check
from vocheck.engine.outputs import Output
from vocheck.host import collect_checks, plugin_manager
from vocheck.engine.run import run
from vocheck.golang.shown import shown
from vocheck.cli.writing import default_format

if TYPE_CHECKING:
    from vocheck.resolve.previous import PersistedView


def read_previous_vips(path: str, meshes: Sequence[str] | None = None) -> dict[str, PersistedView]:
    """``--previous-vips FILE`` read: the views by mesh.

    A bare view belongs to the mesh of the file's name (as Kuma names the Config), else to the one
    ``--mesh`` of a command that has the option (``meshes`` is None for one that has not).
    """
    from vocheck.load.sources import read_settings_file
    from vocheck.resolve.previous import PreviousVipsError, UnnamedMesh, mesh_of_file, parse_previous_vips

    mesh = mesh_of_file(path.replace(os.sep, "/"))
    if mesh is None and meshes is not None and len(meshes) == 1:
        mesh = meshes[0]
    try:
        return parse_previous_vips(read_settings_file(path), mesh)
    except OSError as error:
        raise UsageError(f"--previous-vips {path}: {error.strerror or error}") from error
    except UnnamedMesh as error:
        also = "" if meshes is None else f"; or give one --mesh (this run gives {len(meshes)})"
        raise UsageError(f"--previous-vips {path}: {error}{also}") from error
    except (UnicodeDecodeError, PreviousVipsError) as error:
        raise UsageError(f"--previous-vips {path}: {error}") from error


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """``--config`` and ``--isolated``: where a command's config (and with it its local plugins) comes from."""
    parser.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one")
    parser.add_argument("--isolated", action="store_true", help="ignore config files and load no local plugins")


def configs_of(options: argparse.Namespace) -> tuple[Configs, Config]:
    """The per-path configs and the run's config, with command-line values on top."""
    overrides: dict[str, object] = {}
    for key, parse, flag in (
        ("select", codes, "--select"),
        ("ignore", codes, "--ignore"),
        ("fail_on", parse_fail_on, "--fail-on"),
        ("kuma_version", parse_kuma_version, "--kuma-version"),
        ("dns_domain", parse_dns_domain, "--dns-domain"),
        ("dns_cidr", parse_cidr, "--dns-cidr"),
        ("service_vip_port", port_number, "--service-vip-port"),
        ("zone", str, "--zone"),
        ("mesh_service_cidr", parse_cidr, "--mesh-service-cidr"),
        ("mesh_external_service_cidr", parse_cidr, "--mesh-external-service-cidr"),
        ("mesh_multizone_service_cidr", parse_cidr, "--mesh-multizone-service-cidr"),
        ("jobs", jobs_option, "--jobs"),
    ):
        value = getattr(options, key, None)
        if value is not None:
            overrides[key] = option_value(parse, value, flag)
    if getattr(options, "no_service_vips", False):
        overrides["service_vips"] = False
    if getattr(options, "no_suppress", False):
        overrides["per_file_ignores"] = {}
    explicit = Path(options.config) if options.config else None
    configs = Configs(explicit, options.isolated, overrides)
    config = configs.for_run()
    if getattr(options, "var", None):
        # Placeholder values are run-wide: --var adds to (and wins over) the config's table.
        given = dict(pair for item in options.var for pair in variables(item))
        config = dataclasses.replace(config, vars=option_value(parse_vars, {**config.vars, **given}, "--var"))
    return configs, config


def variables(text: str) -> list[tuple[str, str]]:
    """``NAME=VALUE``, or several separated by commas, read the way kumactl and kuma-dp read ``-v``.

    With one ``=`` the text is one pair (double quotes around it dropped),
    so a value may hold commas; with more it is a line of comma-separated
    values, each a pair, quoted as in CSV when a value holds a comma.
    """
    if text.count("=") == 1:
        pairs = [text.strip('"')]
    else:
        import csv  # only for a --var line of several pairs

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


def jobs_option(text: str) -> int | None:
    return parse_jobs(text if text == "auto" else int(text) if text.isdigit() else text)


def option_value(parse: Callable[[Any], object], value: object, flag: str) -> Any:
    try:
        return parse(value)
    except (TypeError, ValueError) as error:
        raise UsageError(f"{flag}: {error}") from error


def codes(text: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in text.split(",") if code.strip())


def checks_of(options: argparse.Namespace, config: Config) -> tuple[list[Check], pluggy.PluginManager]:
    manager = plugin_manager(
        local=() if options.isolated else config.plugins,
        local_base=config.path.parent if config.path else None,
        blocked=config.blocked_plugins,
    )
    return collect_checks(manager), manager


def check_codes(options: argparse.Namespace, configs: Configs, known: Sequence[str]) -> None:
    """A code that names no check is a usage error, never a silent change of what is checked."""
    for flag in ("select", "ignore"):
        for code in codes(getattr(options, flag) or ""):
            error = unknown_code_error(f"--{flag}", code, known)
            if error is not None:
                raise UsageError(error)
    configs.check_codes(known)


def outputs_of(
    options: argparse.Namespace, config: Config, formatters: Mapping[str, Formatter]
) -> list[tuple[str, str | None]]:
    requested = options.format or [config.format or default_format()]
    outputs: list[tuple[str, str | None]] = []
    for item in requested:
        name, _, target = item.partition(":")
        if name not in formatters:
            # Formats come from plugins, so the config's key is checked here; it must still name its file.
            where = "" if options.format else f"config file {config.path}: key \"format\": " if config.path else ""
            raise ConfigError(f"{where}unknown format {shown(name)}; choose from {', '.join(sorted(formatters))}")
        outputs.append((name, target or options.output))
    targets = [target or "standard output" for _, target in outputs]
    for target in sorted(set(targets)):
        if targets.count(target) > 1:
            # Two reports in one stream would make either unreadable (JSON after text ...).
            advice = "send all but one to files with --format NAME:FILE" if target == "standard output" else "give each its own file"
            raise UsageError(f"two formats write to {target}; {advice}")
    return outputs


def written_files(options: argparse.Namespace, config: Config) -> list[Output]:
    """The files this run will write, each with the option that names it."""
    requested = options.format or ([config.format] if config.format else [])
    written = [Output(f"--format {item}", item.partition(":")[2]) for item in requested if ":" in item]
    if options.output:
        written.append(Output(f"--output {options.output}", options.output))
    if getattr(options, "write_baseline", None):
        written.append(Output(f"--write-baseline {options.write_baseline}", options.write_baseline))
    return written


def port_number(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"{shown(text)} is not a port number from 1 to 65535")
    return parse_port(int(text))
