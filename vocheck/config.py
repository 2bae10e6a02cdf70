"""vocheck's configuration: ``.vocheck.toml`` or ``[tool.vocheck]``, found upward from a path."""

from __future__ import annotations

import dataclasses
import fnmatch
import ipaddress
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vocheck.errors import ConfigError
from vocheck.model import Severity
from vocheck.sources import DEFAULT_MAX_FILE_SIZE, LARGEST_MAX_FILE_SIZE, read_settings_file

CONFIG_FILES = (".vocheck.toml", "pyproject.toml")
FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "never": None}


@dataclass(frozen=True, slots=True)
class Config:
    """Settings for one run; every field has the documented default."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = Severity.ERROR
    format: str | None = None
    plugins: tuple[str, ...] = ()
    blocked_plugins: tuple[str, ...] = ()
    kuma_version: tuple[int, int] = (2, 14)
    dns_domain: str = "mesh"
    dns_cidr: str = "240.0.0.0/4"
    service_vips: bool = True
    service_vip_port: int = 80
    zone: str = ""
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int | None = None  # None: decide from the size of the run
    baseline: str | None = None
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


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config at or above ``start``: its path and its vocheck table."""
    directory = start if start.is_dir() else start.parent
    for candidate in [directory.resolve(), *directory.resolve().parents]:
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file():
                table = _read_table(path)
                if table is not None:
                    return path, table
    return None


def load_file(path: Path) -> Config:
    """The config in ``path`` (a ``.vocheck.toml`` or a ``pyproject.toml``)."""
    if not path.exists() or path.is_dir():
        raise ConfigError(f"config file {path} does not exist or is a directory")
    return from_table(_read_table(path) or {}, path)


def _read_table(path: Path) -> dict[str, Any] | None:
    try:
        document = tomllib.loads(read_settings_file(path))
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from error
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("vocheck")
        return table if isinstance(table, dict) else None
    return document


def from_table(table: Mapping[str, Any], path: Path | None = None) -> Config:
    """Check every key of a config table and build the Config it describes."""
    where = f"config file {path}" if path else "configuration"
    values: dict[str, Any] = {"path": path}
    for key, value in table.items():
        parse = _KEYS.get(key)
        if parse is None:
            raise ConfigError(f"{where}: unknown key {key!r}; known keys: {', '.join(sorted(_KEYS))}")
        try:
            values[key.replace("-", "_")] = parse(value)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{where}: key {key!r}: {error}") from error
    return Config(**values)


def with_overrides(config: Config, **overrides: Any) -> Config:
    """The config with command-line values on top."""
    return dataclasses.replace(config, **overrides)


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
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _severities(value: Any) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise TypeError("expected a table of code = \"error\" | \"warning\" | \"info\"")
    return {code: parse_severity(level) for code, level in value.items()}


def parse_severity(value: Any) -> Severity:
    if not isinstance(value, str) or value.lower() not in ("error", "warning", "info"):
        raise ValueError(f"{value!r} is not one of \"error\", \"warning\", \"info\"")
    return Severity.parse(value)


def parse_fail_on(value: Any) -> Severity | None:
    if not isinstance(value, str) or value.lower() not in FAIL_ON:
        raise ValueError(f"{value!r} is not one of {', '.join(repr(name) for name in FAIL_ON)}")
    return FAIL_ON[value.lower()]


def parse_kuma_version(value: Any) -> tuple[int, int]:
    parts = str(value).split(".") if isinstance(value, (str, float)) else []
    if len(parts) < 2 or not all(part.isdigit() for part in parts[:3]) or len(parts) > 3:
        raise ValueError(f"{value!r} is not a Kuma release such as \"2.14\" or \"2.9.3\"")
    return int(parts[0]), int(parts[1])


def parse_cidr(value: Any) -> str:
    try:
        ipaddress.ip_network(_string(value), strict=False)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a CIDR such as \"240.0.0.0/4\"") from error
    return str(value)


def parse_port(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValueError(f"{value!r} is not a port number from 1 to 65535")
    return value


def parse_jobs(value: Any) -> int | None:
    if value == "auto":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} is not a number of worker processes (1 or more) or \"auto\"")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _size(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} is not a size in bytes")
    if value > LARGEST_MAX_FILE_SIZE:
        # Each file is held in memory several times over (bytes, text, parsed values).
        raise ValueError(f"{value} is more than vocheck reads of one file, {LARGEST_MAX_FILE_SIZE} bytes (1 GiB)")
    return value


def _per_file_ignores(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise TypeError('expected a table such as {"legacy/*.yaml" = ["VO3"]}')
    return {pattern: _codes(codes) for pattern, codes in value.items()}


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
    "dns-domain": _string,
    "dns-cidr": parse_cidr,
    "service-vips": _bool,
    "service-vip-port": parse_port,
    "zone": _string,
    "per-file-ignores": _per_file_ignores,
    "max-file-size": _size,
    "jobs": parse_jobs,
    "baseline": _string,
}


class Configs:
    """The config that applies to each checked path, looked up once per directory.

    Keys that shape the whole run (format, fail-on, plugins, Kuma and DNS
    settings) come from the run's config; ``select``, ``ignore``,
    ``severity`` and ``per-file-ignores`` come from the config nearest to
    each file.
    """

    def __init__(self, explicit: Path | None, isolated: bool, overrides: Mapping[str, Any]) -> None:
        self._explicit = load_file(explicit) if explicit is not None else None
        self._isolated = isolated
        self._overrides = dict(overrides)
        self._by_directory: dict[Path, Config] = {}

    def for_path(self, path: Path) -> Config:
        if self._isolated:
            return with_overrides(Config(), **self._overrides)
        if self._explicit is not None:
            return with_overrides(self._explicit, **self._overrides)
        directory = (path if path.is_dir() else path.parent).resolve()
        config = self._by_directory.get(directory)
        if config is None:
            found = find_config_file(directory)
            base = from_table(found[1], found[0]) if found else Config()
            config = with_overrides(base, **self._overrides)
            self._by_directory[directory] = config
        return config
