"""Where vocheck's config files are, and the vocheck table each holds (a TOML table, not yet a Config)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from vocheck.errors import ConfigError
from vocheck.load.sources import read_settings_file

CONFIG_FILES = (".vocheck.toml", "pyproject.toml")


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config at or above ``start``, not above its search root: its path and its vocheck table."""
    # os.path answers False where a directory cannot be searched, where Path raises.
    directory = (start if os.path.isdir(start) else start.parent).resolve()
    for candidate in search_directories(directory):
        for name in CONFIG_FILES:
            path = candidate / name
            if os.path.isfile(path):
                table = read_table(path)
                if table is not None:
                    return path, table
    return None


def search_directories(directory: Path) -> list[Path]:
    """Where a config for ``directory`` may come from: it and its parents up to the search root.

    The root is the repository's top (the directory holding ``.git``). Outside
    a repository it is the current directory when ``directory`` lies under it,
    else ``directory`` itself. A config in a shared parent directory, which
    someone else may write, therefore never applies.
    """
    chain = [directory, *directory.parents]
    for index, candidate in enumerate(chain):
        if (candidate / ".git").exists():
            return chain[: index + 1]
    cwd = Path.cwd().resolve()
    if directory == cwd or cwd in directory.parents:
        return chain[: chain.index(cwd) + 1]
    return chain[:1]


def _read_text(path: Path) -> str:
    try:
        return read_settings_file(path)
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from error


def read_toml(path: Path, text: str | None = None) -> dict[str, Any]:
    """The whole TOML document of ``path`` (read now unless its ``text`` is given)."""
    import tomllib  # only a run that has a config file pays for the TOML parser

    try:
        return tomllib.loads(_read_text(path) if text is None else text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from error


def read_table(path: Path) -> dict[str, Any] | None:
    """What configures vocheck in ``path``: a ``.vocheck.toml`` whole, a ``pyproject.toml``'s ``[tool.vocheck]``, or None."""
    text = _read_text(path)
    if path.name != "pyproject.toml":
        return read_toml(path, text)
    if not _may_name_vocheck(text):
        # Most pyproject.toml files configure other tools only: importing and running the
        # TOML parser for them was 5% of a one-file check run from such a repository.
        return None
    tools = read_toml(path, text).get("tool", {})
    table = tools.get("vocheck") if isinstance(tools, dict) else None  # ``tool = "vocheck"`` configures nothing
    return table if isinstance(table, dict) else None


def _may_name_vocheck(text: str) -> bool:
    """Whether TOML text can hold a ``vocheck`` key: it says so, or has an escape that could spell it."""
    return "vocheck" in text or any(escape in text for escape in ("\\u", "\\U", "\\x"))
