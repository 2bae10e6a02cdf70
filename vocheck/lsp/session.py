"""One editor session: the workspace's files checked as ``vocheck check`` would, kept current as they change.

What the editor has open wins over the disk. The edited file's own
findings are ready at once; whole-set findings (duplicates, collisions,
what resolution reports) wait for ``recheck_set``, which the server calls
once edits pause.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

from vocheck._perf.records import record
from vocheck.config import Configs, parse_vars
from vocheck.load.config_files import CONFIG_FILES
from vocheck.engine.plan import Plan, check_plan
from vocheck.engine.workspace import Snapshot, Workspace
from vocheck.errors import ConfigError, VocheckError
from vocheck.host import collect_checks, plugin_manager
from vocheck.lsp.settings import ServerSettings
from vocheck.model import Diagnostic

# What the server reads: the extensions ``vocheck check`` reads when walking a directory.
CHECKED_SUFFIXES = (".yaml", ".yml", ".json")


class Session:
    """The workspace of one client, its open buffers, and what changed since the last whole-set run."""

    def __init__(self, settings: ServerSettings, roots: list[str]) -> None:
        self.settings = settings
        self.roots = [os.path.abspath(root) for root in roots]
        self.open: dict[str, str] = {}
        # Why the configuration could not be used, when it could not: the session runs on defaults.
        self.problem: str | None = None
        self.plan = self._plan()
        self.workspace = Workspace(self.plan)
        self.set_dirty = True

    def _plan(self) -> Plan:
        try:
            return _plan_of(self.settings, isolated=self.settings.isolated)
        except VocheckError as error:
            self.problem = f"{error}; checking with the default settings until it is fixed"
            defaults = dataclasses.replace(self.settings, config=None, baseline=None, variables={})
            return _plan_of(defaults, isolated=True)

    def load(self) -> None:
        """Read every file of the roots from disk, then put the open buffers' text on top."""
        self.workspace.load(self.roots)
        for name, text in self.open.items():
            self.workspace.update(name, text)
        self.set_dirty = True

    def reload(self) -> None:
        """A config file changed: build the plan again and re-read everything."""
        self.problem = None
        self.plan = self._plan()
        self.workspace = Workspace(self.plan)
        self.load()

    def add_root(self, root: str) -> None:
        """A workspace folder the editor added: its files join the run."""
        root = os.path.abspath(root)
        if root in self.roots:
            return
        self.roots.append(root)
        self.workspace.load([root])
        for name, text in self.open.items():
            self.workspace.update(name, text)
        self.set_dirty = True

    def remove_root(self, root: str) -> None:
        """A workspace folder the editor removed: its files leave the run, but for open buffers."""
        root = os.path.abspath(root)
        if root not in self.roots:
            return
        self.roots.remove(root)
        inside = os.path.join(root, "")
        for name in self.workspace.names:
            if name.startswith(inside) and name not in self.open and not any(
                name.startswith(os.path.join(other, "")) for other in self.roots
            ):
                self.workspace.remove(name)
        self.set_dirty = True

    @staticmethod
    def wanted(name: str) -> bool:
        return name.endswith(CHECKED_SUFFIXES)

    @staticmethod
    def is_config(name: str) -> bool:
        return os.path.basename(name) in CONFIG_FILES

    def opened(self, name: str, text: str) -> None:
        self.open[name] = text
        if self.workspace.text(name) != text or name not in self.workspace:
            self.workspace.update(name, text)
            self.set_dirty = True

    def changed(self, name: str, text: str) -> None:
        self.open[name] = text
        if self.workspace.update(name, text):
            self.set_dirty = True

    def closed(self, name: str) -> None:
        """The buffer is gone: the file is what the disk holds again (nothing, for an unsaved one)."""
        text = self.open.pop(name, None)
        if text is None:
            return
        if os.path.isfile(name):
            if self.workspace.text(name) != _disk_text(name):
                self.workspace.update(name, None)
                self.set_dirty = True
        else:
            self.workspace.remove(name)
            self.set_dirty = True

    def on_disk(self, name: str) -> None:
        """A file created or changed on disk (a watched-files event, a save); an open buffer still wins."""
        if name in self.open:
            return
        if os.path.isfile(name):
            self.workspace.update(name, None)
        else:
            self.workspace.remove(name)
        self.set_dirty = True

    def deleted(self, name: str) -> None:
        if name in self.open:
            return
        self.workspace.remove(name)
        self.set_dirty = True

    def recheck_set(self) -> set[str]:
        """Run the whole-set checks again if anything changed; the files whose diagnostics changed."""
        run = self.set_run()
        if run is None:
            return set()
        for _ in run.steps:
            pass
        return self.finish(run)

    def set_run(self) -> SetRun | None:
        """Whole-set checks to run step by step, if anything they read changed since the last run."""
        if not self.set_dirty:
            return None
        self.set_dirty = False
        snapshot = self.workspace.snapshot()
        by_file: dict[str, list[Diagnostic]] = {}
        return SetRun(snapshot, by_file, self.workspace.set_steps(snapshot, by_file))

    def finish(self, run: SetRun) -> set[str]:
        """Keep what a run that went to its end found; the files whose diagnostics changed."""
        return self.workspace.adopt(run.snapshot, run.by_file)

    def diagnostics(self, name: str) -> list[Diagnostic]:
        return self.workspace.diagnostics(name)

    def stray(self) -> list[Diagnostic]:
        """Whole-set diagnostics of no file (a crashed whole-set check): the server logs them."""
        return list(self.workspace.stray)

    @property
    def unsafe_fixes(self) -> bool:
        if self.settings.unsafe_fixes is not None:
            return self.settings.unsafe_fixes
        return self.plan.run_config.unsafe_fixes


@record
class SetRun:
    """Whole-set checks under way over ``snapshot``: ``steps`` runs them one by one into ``by_file``."""

    snapshot: Snapshot
    by_file: dict[str, list[Diagnostic]]
    steps: Iterator[None]


def _disk_text(name: str) -> str | None:
    try:
        with open(name, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return None


def _plan_of(settings: ServerSettings, *, isolated: bool) -> Plan:
    """The plan ``vocheck check`` would make in the current directory with these settings."""
    overrides: dict[str, object] = {}
    if settings.no_suppress:
        overrides["per_file_ignores"] = {}
    explicit = Path(settings.config) if settings.config else None
    configs = Configs(explicit, isolated, overrides)
    config = configs.for_run()
    if settings.variables:
        try:
            variables = parse_vars({**config.vars, **settings.variables})
        except (TypeError, ValueError) as error:
            raise ConfigError(f"initializationOptions: vars: {error}") from error
        config = dataclasses.replace(config, vars=variables)
    manager = plugin_manager(
        local=() if isolated else config.plugins,
        local_base=config.path.parent if config.path else None,
        blocked=config.blocked_plugins,
    )
    checks = collect_checks(manager)
    configs.check_codes([check.code for check in checks])
    # One process: the server answers one edit at a time, on files it already holds.
    config = dataclasses.replace(config, jobs=1)
    return check_plan(
        manager, configs, config, checks=checks, suppress=not settings.no_suppress, baseline=settings.baseline
    )
