"""Build the plugin manager and collect what plugins contribute: checks, formats, schemas."""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import FunctionType, ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

import pluggy

from vocheck import hookspecs
from vocheck.errors import PluginError
from vocheck.formats.contract import Formatter
from vocheck.checks import Check
from vocheck.golang.shown import shown

ENTRY_POINT_GROUP = "vocheck"
CODE_PATTERN = re.compile(r"[A-Z]{1,4}[0-9]{1,4}")

# vocheck's own plugins, registered exactly as third-party ones are.
BUILTIN_PLUGINS = (
    "vocheck.engine.core_checks",
    "vocheck.schema.schemas",
    "vocheck.formats",
    "vocheck_builtin.structure",
    "vocheck_builtin.kuma_rules",
    "vocheck_builtin.policies",
    "vocheck_builtin.templates",
    "vocheck_builtin.resolution",
    "vocheck_builtin.gateways",
    "vocheck_builtin.services",
    "vocheck_builtin.service_kinds",
    "vocheck_builtin.removals",
    "vocheck_builtin.generators",
    "vocheck_builtin.coexistence",
)


def plugin_manager(
    *,
    load_installed: bool = True,
    local: Sequence[str] = (),
    local_base: Path | None = None,
    blocked: Iterable[str] = (),
) -> pluggy.PluginManager:
    """A manager with the built-in plugins, installed ones and the config's local ones."""
    manager = _PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    for name in blocked:
        manager.set_blocked(name)
    for module_name in BUILTIN_PLUGINS:
        if not manager.is_blocked(module_name):
            _register_local(manager, module_name, Path.cwd())
    if load_installed:
        for entry_point in sorted(_installed_entry_points(), key=lambda point: point.name):
            _register_entry_point(manager, entry_point)
    for reference in local:
        _register_local(manager, reference, local_base or Path.cwd())
    try:
        manager.check_pending()  # a misspelt hook name is an error, not a silent no-op
    except pluggy.PluginValidationError as error:
        name = manager.get_name(error.plugin) or str(error.plugin)
        raise PluginError(f"plugin {shown(name)} implements a hook vocheck does not have: {error}") from error
    return manager


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, quicker to look through a module plugin for its hooks.

    pluggy reads every attribute of a plugin without running descriptors
    (``inspect.getattr_static``), which for a module walks the module type's
    classes for each of its hundreds of names. A module's attribute is simply
    its namespace entry, and a plain function there is a hook exactly when it
    carries the marker; every other entry is left to pluggy's own rules.
    """

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        if isinstance(plugin, ModuleType) and name in vars(plugin):  # else a module __getattr__ answers: pluggy's way
            value = vars(plugin)[name]
            if type(value) is FunctionType:
                options = getattr(value, f"{self.project_name}_impl", None)
                return options if isinstance(options, dict) else None
            if isinstance(value, (type, ModuleType)) or not (callable(value) or isinstance(value, classmethod)):
                return None  # pluggy hooks only functions and methods
        return super().parse_hookimpl_opts(plugin, name)


def _installed_entry_points() -> list[EntryPoint]:
    """The ``vocheck`` entry points of installed distributions.

    Scanning every distribution's metadata costs more than a whole small run,
    so the full scan runs only when some ``entry_points.txt`` declares the group.
    """
    if not _may_declare_group():
        return []
    from importlib.metadata import entry_points

    return list(entry_points(group=ENTRY_POINT_GROUP))


def _may_declare_group() -> bool:
    """False only when no distribution on ``sys.path`` can have a ``vocheck`` entry point.

    Anything this quick look cannot read as importlib.metadata would (another
    metadata finder, a zip or egg on the path) answers True: the full scan decides.
    """
    for finder in sys.meta_path:
        if getattr(finder, "find_distributions", None) is not None and finder is not importlib.machinery.PathFinder:
            return True
    for entry in sys.path:
        root = entry or "."
        if root.lower().endswith(".egg"):
            return True
        try:
            children = os.listdir(root)
        except NotADirectoryError:
            return True
        except OSError:
            if os.path.exists(root):
                return True
            continue
        for child in children:
            if child.lower().endswith((".dist-info", ".egg-info")) and _declares_group(os.path.join(root, child)):
                return True
    return False


def _declares_group(metadata_directory: str) -> bool:
    try:
        with open(os.path.join(metadata_directory, "entry_points.txt"), encoding="utf-8") as file:
            text = file.read()
    except (OSError, UnicodeDecodeError):
        # Unreadable here does not mean absent there: let the full scan look.
        return os.path.isdir(metadata_directory) and os.path.exists(os.path.join(metadata_directory, "entry_points.txt"))
    for line in text.splitlines():
        line = line.strip()
        # The section syntax importlib.metadata reads: "[name]", brackets stripped.
        if line.startswith("[") and line.endswith("]") and line.strip("[]") == ENTRY_POINT_GROUP:
            return True
    return False


def _register_entry_point(manager: pluggy.PluginManager, entry_point: EntryPoint) -> None:
    if manager.is_blocked(entry_point.name) or manager.get_plugin(entry_point.name) is not None:
        return
    try:
        plugin = entry_point.load()
    except Exception as error:  # any failure while importing third-party code names the plugin
        raise PluginError(
            f"cannot load plugin {shown(entry_point.name)} ({entry_point.value}): {type(error).__name__}: {error}; "
            f'add "{entry_point.name}" to blocked-plugins to run without it'
        ) from error
    _register(manager, plugin, entry_point.name)


def _register_local(manager: pluggy.PluginManager, reference: str, base: Path) -> None:
    """A plugin named in the config: a module name or a path to a ``.py`` file."""
    if manager.is_blocked(reference):
        return
    try:
        if reference.endswith(".py") or "/" in reference:
            module = _import_file((base / reference).resolve())
        else:
            module = importlib.import_module(reference)
    except Exception as error:  # local plugin code is the user's; name it and stop
        kind = "built-in plugin" if reference in BUILTIN_PLUGINS else "local plugin"
        raise PluginError(
            f"cannot load {kind} {shown(reference)}: {type(error).__name__}: {error}; "
            f'add "{reference}" to blocked-plugins to run without it'
        ) from error
    _register(manager, module, reference)


def _import_file(path: Path) -> ModuleType:
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    name = f"vocheck_local_{re.sub(r'[^0-9A-Za-z_]', '_', path.stem)}"
    import importlib.util  # for a plugin given as a file only: a run without one does not import it

    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _register(manager: pluggy.PluginManager, plugin: Any, name: str) -> None:
    try:
        manager.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as error:
        raise PluginError(f"cannot register plugin {shown(name)}: {error}") from error


def _contributions(manager: pluggy.PluginManager, hook_name: str) -> list[tuple[str, Any]]:
    """Each plugin's result of a hook, called one by one so a failure names its plugin."""
    results: list[tuple[str, Any]] = []
    for implementation in getattr(manager.hook, hook_name).get_hookimpls():
        try:
            results.append((implementation.plugin_name, implementation.function()))
        except Exception as error:  # a plugin's hook is third-party code
            raise PluginError(
                f"plugin {shown(implementation.plugin_name)} failed in {hook_name}: {type(error).__name__}: {error}"
            ) from error
    # get_hookimpls() lists plugins in registration order: vocheck's own first.
    return results


def collect_checks(manager: pluggy.PluginManager) -> list[Check]:
    """Every check of every plugin, tagged with its plugin; codes must be unique and well formed."""
    checks: dict[str, Check] = {}
    for plugin, contributed in _contributions(manager, "vocheck_checks"):
        for check in contributed or ():
            if not isinstance(check, Check):
                raise PluginError(f"plugin {shown(plugin)} returned {shown(check)} from vocheck_checks, not a Check")
            if not CODE_PATTERN.fullmatch(check.code):
                raise PluginError(f"plugin {shown(plugin)}: check code {shown(check.code)} is not like \"ABC123\"")
            if check.code in checks:
                other = checks[check.code].plugin
                raise PluginError(f"check code {check.code} is defined by both {shown(other)} and {shown(plugin)}")
            checks[check.code] = _tagged(check, plugin)
    return sorted(checks.values(), key=lambda check: check.code)


def _tagged(check: Check, plugin: str) -> Check:
    return check if check.plugin else replace(check, plugin=plugin)


def collect_formatters(manager: pluggy.PluginManager) -> dict[str, Formatter]:
    formatters: dict[str, Formatter] = {}
    for plugin, contributed in _contributions(manager, "vocheck_formatters"):
        if not isinstance(contributed, Mapping):
            raise PluginError(f"plugin {shown(plugin)} returned {shown(contributed)} from vocheck_formatters, not a mapping")
        formatters.update(contributed)
    return formatters


def collect_schemas(manager: pluggy.PluginManager) -> dict[str, list[Mapping[str, Any]]]:
    schemas: dict[str, list[Mapping[str, Any]]] = {}
    for plugin, contributed in _contributions(manager, "vocheck_schemas"):
        if not isinstance(contributed, Mapping):
            raise PluginError(f"plugin {shown(plugin)} returned {shown(contributed)} from vocheck_schemas, not a mapping")
        for key, schema in contributed.items():
            schemas.setdefault(key, []).append(schema)
    return schemas
