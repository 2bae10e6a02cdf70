"""The server's settings: the client's ``initializationOptions``, checked like a config file's keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from vocheck._perf.records import record
from vocheck.errors import ConfigError
from vocheck.formats.ci import CHECKS_URL

# Where a diagnostic's code links to: the README's table of checks, which every code has a row in.
DEFAULT_DOCS_URL = CHECKS_URL


@record
class ServerSettings:
    """What ``initializationOptions`` may set; every field has the documented default."""

    # Like ``vocheck check --isolated``: no config file, no local plugin.
    isolated: bool = False
    # Like ``--config FILE``: this config file for every file of the workspace.
    config: str | None = None
    # Like ``--no-suppress``: no comment, annotation or baseline hides a finding.
    no_suppress: bool = False
    # Like ``--baseline FILE``; else the config's ``baseline``.
    baseline: str | None = None
    # "onType" (default): check as the buffer changes; "onSave": only when it is saved (and on open).
    run: str = "onType"
    # How long whole-set checks wait after the last change before they run again.
    debounce_ms: int = 300
    # Whether ``source.fixAll.vocheck`` also applies unsafe fixes (else the config's ``unsafe-fixes``).
    unsafe_fixes: bool | None = None
    # A diagnostic's ``codeDescription``; ``{code}`` in it is replaced by the finding's code.
    docs_url: str = DEFAULT_DOCS_URL
    # Values for the ``{{ NAME }}`` placeholders of templated files, as ``--var`` gives them.
    variables: Mapping[str, str] = field(default_factory=dict)

    @property
    def on_save(self) -> bool:
        return self.run == "onSave"

    def docs_link(self, code: str) -> str:
        return self.docs_url.replace("{code}", code)


_KEYS = {
    "isolated": ("isolated", bool),
    "config": ("config", str),
    "noSuppress": ("no_suppress", bool),
    "baseline": ("baseline", str),
    "run": ("run", str),
    "debounceMs": ("debounce_ms", int),
    "unsafeFixes": ("unsafe_fixes", bool),
    "docsUrl": ("docs_url", str),
    "vars": ("variables", dict),
}


def parse_settings(options: Any) -> ServerSettings:
    """``initializationOptions`` (a mapping, or nothing) as settings; ConfigError says what is wrong."""
    if options is None:
        return ServerSettings()
    if not isinstance(options, Mapping):
        raise ConfigError("initializationOptions must be an object")
    # Clients often nest their settings under the server's name: {"vocheck": {...}}.
    nested = options.get("vocheck")
    if isinstance(nested, Mapping):
        options = nested
    values: dict[str, Any] = {}
    for key, value in options.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"initializationOptions: unknown key {key!r}; the keys are {known}")
        name, kind = _KEYS[key]
        if value is None:
            continue
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"initializationOptions: {key} must be a {kind.__name__}, not {type(value).__name__}")
        values[name] = value
    if values.get("run", "onType") not in ("onType", "onSave"):
        raise ConfigError(f"initializationOptions: run must be \"onType\" or \"onSave\", not {values['run']!r}")
    if not 0 <= values.get("debounce_ms", 0) <= 60_000:
        raise ConfigError("initializationOptions: debounceMs must be from 0 to 60000")
    variables = values.get("variables", {})
    if not all(isinstance(name, str) and isinstance(value, str) for name, value in variables.items()):
        raise ConfigError("initializationOptions: vars must map names to strings")
    return ServerSettings(**values)
