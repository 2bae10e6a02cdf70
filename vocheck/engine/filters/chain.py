"""The post-run filters a check run asks for: suppressions first, then the baseline."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vocheck.config import Config, Configs
from vocheck.checks import Check
from vocheck.engine.filters import DiagnosticFilter
from vocheck.engine.filters.suppression import suppression_filter


def plan_filters(
    checks: Sequence[Check],
    configs: Configs,
    run_config: Config,
    *,
    suppress: bool = True,
    baseline: str | None = None,
    writing_baseline: bool = False,
) -> list[DiagnosticFilter]:
    """The filters for a run.

    ``suppress=False`` (``--no-suppress``) keeps every finding: no comment,
    annotation or baseline applies. A run that writes a baseline reads none,
    so the new file records every finding of today.
    """
    if not suppress:
        return []

    def selects(code: str, file: str) -> bool:
        return configs.for_path(Path(file)).selects(code, file)

    filters = [suppression_filter(checks, selects)]
    path = baseline_path(run_config, baseline)
    if path is not None and not writing_baseline:
        from vocheck.engine.filters import baseline as baseline_module  # hashing and JSON only when a baseline is used

        filters.append(baseline_module.baseline_filter(baseline_module.read(path)))
    return filters


def baseline_path(run_config: Config, given: str | None) -> Path | None:
    """``--baseline`` as given, else the config's ``baseline`` relative to the config file."""
    if given is not None:
        return Path(given)
    if run_config.baseline is None:
        return None
    base = run_config.path.parent if run_config.path is not None else Path.cwd()
    return base / run_config.baseline
