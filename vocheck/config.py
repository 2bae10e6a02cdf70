"""vocheck's configuration: ``.vocheck.toml`` or ``[tool.vocheck]``, found upward from a path."""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from vocheck._perf.records import record
from vocheck.errors import ConfigError, normalised_code
from vocheck.model import Severity
from vocheck.settings import KumaSettings
from vocheck.load.mustache import context_of
from vocheck.golang.shown import shown
from vocheck.load.config_files import CONFIG_FILES, find_config_file, read_table, read_toml
from vocheck.load.sources import DEFAULT_MAX_FILE_SIZE, LARGEST_MAX_FILE_SIZE

FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "never": None}


@record
class Config:
    """Settings for one run; every field has the documented default."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = Severity.ERROR
    format: str | None = None
    plugins: tuple[str, ...] = ()
    blocked_plugins: tuple[str, ...] = ()
    # The Kuma deployment: the keys kuma-version, dns-domain, dns-cidr, service-vips,
    # service-vip-port, zone and the mesh-*-cidr ones, declared (with their defaults) by KumaSettings alone.
    kuma: KumaSettings = KumaSettings()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int | None = None  # None: decide from the size of the run
    baseline: str | None = None
    # Values for the mustache placeholders of templated files (``--var NAME=VALUE``), run-wide.
    vars: Mapping[str, str] = field(default_factory=dict)
    # ``--fix`` and ``--unsafe-fixes`` by default.
    fix: bool = False
    unsafe_fixes: bool = False
    path: Path | None = None  # the file this came from, for local plugin paths

    def selects(self, code: str, file: str | None = None) -> bool:
        """Whether ``code`` is reported (for ``file``, with per-file ignores)."""
        if self.select and not _matches(code, self.select):
            return False
        if _matches(code, self.ignore):
            return False
        return file is None or not _matches(code, self.file_ignores(file))

    def file_ignores(self, file: str) -> tuple[str, ...]:
        base = self.path.parent if self.path else Path.cwd()
        relative = _relative(Path(file), base)
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores.items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(file, pattern):
                codes.extend(ignored)
        return tuple(codes)

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)


def unknown_code_error(where: str, code: str, known: Iterable[str], exact: bool = False) -> str | None:
    """Why ``code`` names no check (with a did-you-mean), or None when it names some.

    A prefix that matches nothing would silently turn every check off (with
    ``select``) or none (with ``ignore``); a gate must not pass on a typo.
    """
    codes = sorted(set(known))
    if code and (code in codes if exact else any(known_code.startswith(code) for known_code in codes)):
        return None
    kind = "code" if exact else "code or prefix"
    message = f"{where}: unknown {kind} {shown(code)}"
    normalised = normalised_code(code)
    candidates = codes if exact else sorted({known_code[:length] for known_code in codes for length in range(2, len(known_code) + 1)})
    if normalised and normalised != code and normalised in candidates:
        return f"{message}; did you mean {shown(normalised)}?"
    import difflib  # only for a code that names no check

    close = difflib.get_close_matches(normalised or code, codes, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean {shown(close[0])}?"
    return f"{message}; `vocheck rules` lists the codes"


def check_codes(config: Config, known: Iterable[str], where: str) -> None:
    """Refuse a config whose ``select``, ``ignore``, ``severity`` or ``per-file-ignores`` name no check."""
    codes = tuple(known)
    entries: list[tuple[str, str, bool]] = [("select", code, False) for code in config.select]
    entries += [("ignore", code, False) for code in config.ignore]
    entries += [("severity", code, True) for code in config.severity]
    entries += [("per-file-ignores", code, False) for listed in config.per_file_ignores.values() for code in listed]
    for key, code, exact in entries:
        error = unknown_code_error(f"{where}: key {shown(key)}", code, codes, exact)
        if error is not None:
            raise ConfigError(error)


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def load_file(path: Path) -> Config:
    """The config in ``path`` (a ``.vocheck.toml`` or a ``pyproject.toml``), named on purpose."""
    if not path.exists() or path.is_dir():
        raise ConfigError(f"config file {path} does not exist or is a directory")
    table = read_table(path)
    if table is None:
        # A file named with --config that configures nothing is a mistake, often a misspelt table.
        import difflib

        tables = read_toml(path).get("tool", {})
        close = difflib.get_close_matches("vocheck", list(tables) if isinstance(tables, dict) else [], n=1)
        hint = f"; did you mean [tool.vocheck] instead of [tool.{close[0]}]?" if close else ""
        raise ConfigError(f"config file {path} has no [tool.vocheck] table{hint}")
    return from_table(table, path)


def from_table(table: Mapping[str, Any], path: Path | None = None) -> Config:
    """Check every key of a config table and build the Config it describes."""
    where = f"config file {path}" if path else "configuration"
    values: dict[str, Any] = {"path": path}
    for key, value in table.items():
        parse = _KEYS.get(key)
        if parse is None:
            raise ConfigError(f"{where}: unknown key {shown(key)}; known keys: {', '.join(sorted(_KEYS))}")
        try:
            values[key.replace("-", "_")] = parse(value)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{where}: key {shown(key)}: {error}") from error
    return with_overrides(Config(), **values)


def with_overrides(config: Config, **overrides: Any) -> Config:
    """The config with these values on top; a Kuma key (``dns_domain`` ...) goes to its KumaSettings."""
    if not overrides:
        return config  # as most runs have it: no need to read the fields of either class
    kuma_keys = {field.name for field in dataclasses.fields(KumaSettings)}
    kuma = {name: value for name, value in overrides.items() if name in kuma_keys}
    rest = {name: value for name, value in overrides.items() if name not in kuma_keys}
    if kuma:
        rest["kuma"] = dataclasses.replace(config.kuma, **kuma)
    return dataclasses.replace(config, **rest)


def _codes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("expected a list of codes, for example [\"VO1\", \"VO203\"]")
    return tuple(value)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("expected a list of strings")
    return tuple(value)


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {shown(value)}")
    return value


def _severities(value: Any) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise TypeError("expected a table of code = \"error\" | \"warning\" | \"info\"")
    return {code: parse_severity(level) for code, level in value.items()}


def parse_severity(value: Any) -> Severity:
    if not isinstance(value, str) or value.lower() not in ("error", "warning", "info"):
        raise ValueError(f"{shown(value)} is not one of \"error\", \"warning\", \"info\"")
    return Severity.parse(value)


def parse_fail_on(value: Any) -> Severity | None:
    if not isinstance(value, str) or value.lower() not in FAIL_ON:
        raise ValueError(f"{shown(value)} is not one of {', '.join(shown(name) for name in FAIL_ON)}")
    return FAIL_ON[value.lower()]


def parse_kuma_version(value: Any) -> tuple[int, int]:
    if isinstance(value, float):
        # TOML reads an unquoted 2.10 as the number 2.1: taking it would check against another release.
        raise ValueError('a number, not a release: quote it (TOML reads an unquoted 2.10 as the number 2.1)')
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) < 2 or not all(part.isascii() and part.isdigit() for part in parts) or len(parts) > 3:
        raise ValueError(f"{shown(value)} is not a Kuma release such as \"2.14\" or \"2.9.3\"")
    if int(parts[0]) not in (2, 3):
        # The rules vocheck restates are Kuma 2's, by release, and what 3.0 removes; a 1.x or a
        # 9.9 would be checked against rules that are not that release's.
        raise ValueError(f"{shown(value)} is not a release vocheck follows: Kuma 2.x (\"2.14\") and 3.x (\"3.0\")")
    return int(parts[0]), int(parts[1])


def parse_cidr(value: Any) -> str:
    import ipaddress  # only a run given a CIDR reads one

    try:
        ipaddress.ip_network(_string(value), strict=False)
    except ValueError as error:
        raise ValueError(f"{shown(value)} is not a CIDR such as \"240.0.0.0/4\"") from error
    return str(value)


def parse_dns_domain(value: Any) -> str:
    """Kuma's ``dnsServer.domain``, refused as Kuma's control plane refuses it at start-up."""
    domain = _string(value)
    if domain.startswith("."):
        raise ValueError(
            f"{shown(domain)} is a domain Kuma's control plane refuses at start-up "
            f'("DNSServer validation failed: domain must not start with a dot"); write {shown(domain.lstrip("."))}'
        )
    return domain


def parse_port(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValueError(f"{shown(value)} is not a port number from 1 to 65535")
    return value


def parse_jobs(value: Any) -> int | None:
    if value == "auto":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{shown(value)} is not a number of worker processes (1 or more) or \"auto\"")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {shown(value)}")
    return value


def _size(value: Any) -> int:
    if isinstance(value, float):
        # repr, not Go's %v: 1e3 shown as "1000" would hide why it is refused.
        raise ValueError(f"{value!r} is not a whole number of bytes; write one such as 1000 (no point, no exponent)")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{shown(value)} is not a size in bytes")
    if value > LARGEST_MAX_FILE_SIZE:
        # Each file is held in memory several times over (bytes, text, parsed values).
        raise ValueError(f"{value} is more than vocheck reads of one file, {LARGEST_MAX_FILE_SIZE} bytes (1 GiB)")
    return value


def _per_file_ignores(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise TypeError('expected a table such as {"legacy/*.yaml" = ["VO3"]}')
    return {pattern: _codes(codes) for pattern, codes in value.items()}


def parse_vars(value: Any) -> dict[str, str]:
    """Placeholder values: a table of names and strings, as kumactl apply -v takes them."""
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        raise TypeError('expected a table of names and strings, such as {address = "10.0.0.1"}')
    for name in value:
        if not name or "=" in name:
            raise ValueError(f"{shown(name)} is not a variable name: it must be non-empty and hold no \"=\"")
    context_of(value)  # names that Kuma would merge unpredictably are refused here
    return dict(value)


def _format(value: Any) -> str:
    return _string(value)


_KEYS: dict[str, Any] = {
    "select": _codes,
    "ignore": _codes,
    "severity": _severities,
    "fail-on": parse_fail_on,
    "format": _format,
    "plugins": _strings,
    "blocked-plugins": _strings,
    "kuma-version": parse_kuma_version,
    "dns-domain": parse_dns_domain,
    "dns-cidr": parse_cidr,
    "service-vips": _bool,
    "service-vip-port": parse_port,
    "zone": _string,
    "mesh-service-cidr": parse_cidr,
    "mesh-external-service-cidr": parse_cidr,
    "mesh-multizone-service-cidr": parse_cidr,
    "per-file-ignores": _per_file_ignores,
    "max-file-size": _size,
    "jobs": parse_jobs,
    "baseline": _string,
    "vars": parse_vars,
    "fix": _bool,
    "unsafe-fixes": _bool,
}


class Configs:
    """The config that applies to each checked path, looked up once per directory.

    Keys that shape the whole run (format, fail-on, plugins, Kuma and DNS
    settings) come from the run's config (see ``for_run``); ``select``, ``ignore``,
    ``severity`` and ``per-file-ignores`` come from the config nearest to
    each file.
    """

    def __init__(self, explicit: Path | None, isolated: bool, overrides: Mapping[str, Any]) -> None:
        self._explicit = load_file(explicit) if explicit is not None else None
        self._isolated = isolated
        self._overrides = dict(overrides)
        self._by_directory: dict[Path, Config] = {}
        self._read: list[Config] = [self._explicit] if self._explicit is not None else []
        self._known_codes: tuple[str, ...] | None = None

    def check_codes(self, known: Iterable[str]) -> None:
        """Refuse codes that name no check, in every config file read so far and every one read later."""
        self._known_codes = tuple(known)
        for config in self._read:
            check_codes(config, self._known_codes, f"config file {config.path}")

    def for_run(self) -> Config:
        """The config whose run-wide keys apply: the one for the current directory.

        It never depends on the paths given or their order, so ``vocheck check a b``
        and ``vocheck check b a`` fail or pass alike.
        """
        return self.for_path(Path.cwd())

    def for_path(self, path: Path) -> Config:
        if self._isolated:
            return with_overrides(Config(), **self._overrides)
        if self._explicit is not None:
            return with_overrides(self._explicit, **self._overrides)
        directory = (path if os.path.isdir(path) else path.parent).resolve()
        config = self._by_directory.get(directory)
        if config is None:
            found = find_config_file(directory)
            base = from_table(found[1], found[0]) if found else Config()
            if found:
                if self._known_codes is not None:
                    check_codes(base, self._known_codes, f"config file {found[0]}")
                self._read.append(base)
            config = with_overrides(base, **self._overrides)
            self._by_directory[directory] = config
        return config
