"""Helpers for testing checks, for vocheck's own tests and for plugin authors.

``check_text`` runs the real pipeline (loader, schemas, every installed
check) on a YAML text and returns ``"LINE:COL CODE message"`` strings, so a
test reads like the output a user sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vocheck.config import Configs
from vocheck.settings import KumaSettings as Settings
from vocheck.model import Report
from vocheck.host import plugin_manager
from vocheck.engine.run import run
from vocheck.engine.plan import Plan, check_plan


def run_files(
    paths: Sequence[str],
    select: Sequence[str] = (),
    settings: Settings = Settings(),
    load_installed: bool = False,
    plugins: Sequence[object] = (),
) -> Report:
    """Run vocheck on files with built-in plugins only (or installed ones too), plus ``plugins``.

    ``plugins`` are plugin objects (modules with ``@hookimpl`` functions) to
    register as if they were installed: the plugin under test.
    """
    manager = plugin_manager(load_installed=load_installed)
    for plugin in plugins:
        manager.register(plugin)
    overrides = {"select": tuple(select)} if select else {}
    configs = Configs(None, True, overrides)
    plan = check_plan(manager, configs, configs.for_path(Path(".")), settings=settings, suppress=False)
    return run(paths, plan)


def check_text(
    text: str,
    directory: Path,
    select: Sequence[str] = (),
    settings: Settings = Settings(),
    name: str = "resource.yaml",
    plugins: Sequence[object] = (),
    load_installed: bool = True,
) -> list[str]:
    """``"LINE:COL CODE message"`` for each diagnostic of ``text`` written to ``directory/name``.

    Installed plugins run too (a plugin under development is usually
    installed in editable mode); ``plugins`` registers others directly.
    """
    path = directory / name
    path.write_text(text, encoding="utf-8")
    report = run_files([str(path)], select, settings, load_installed, plugins)
    return [f"{item.line}:{item.column} {item.code} {item.message}" for item in report.diagnostics]


def fix_text(
    text: str,
    directory: Path,
    unsafe: bool = True,
    settings: Settings = Settings(),
    name: str = "resource.yaml",
    plugins: Sequence[object] = (),
    load_installed: bool = True,
) -> str:
    """``text`` as ``vocheck check --fix`` (``--unsafe-fixes`` too, with ``unsafe``) would leave it; nothing is written."""
    from vocheck.engine.fixing import fix_run

    path = directory / name
    path.write_text(text, encoding="utf-8")

    def fresh_plan() -> Plan:
        manager = plugin_manager(load_installed=load_installed)
        for plugin in plugins:
            manager.register(plugin)
        configs = Configs(None, True, {})
        return check_plan(manager, configs, configs.for_path(Path(".")), settings=settings, suppress=False)

    outcome = fix_run([str(path)], fresh_plan, None, unsafe=unsafe)
    return outcome.files[0].after if outcome.files else text
