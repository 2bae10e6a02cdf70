"""The plan of a run: what it checks, with which settings and filters; assembled here for every caller."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from vocheck._perf.records import record
from vocheck.load.limits import Limits
from vocheck.config import Config, Configs

if TYPE_CHECKING:
    import pluggy
from vocheck.context import Context
from vocheck.checks import Check
from vocheck.engine.outputs import Output
from vocheck.engine.filters import DiagnosticFilter
from vocheck.engine.filters.chain import plan_filters
from vocheck.settings import KumaSettings
from vocheck.schema.schemas import SchemaSet


@record
class Plan:
    """Everything a run needs besides its inputs.

    ``filters`` run in order over the selected diagnostics before they are
    counted: inline suppressions, baselines.
    """

    checks: Sequence[Check]
    schemas: SchemaSet
    context: Context
    configs: Configs
    run_config: Config
    limits: Limits = Limits()
    filters: Sequence[DiagnosticFilter] = ()
    # The files the run will write (reports, a baseline): none may be one it checks.
    outputs: Sequence[Output] = ()


def check_plan(
    manager: pluggy.PluginManager,
    configs: Configs,
    run_config: Config,
    *,
    checks: Sequence[Check] | None = None,
    settings: KumaSettings | None = None,
    suppress: bool = True,
    baseline: str | None = None,
    writing_baseline: bool = False,
    outputs: Sequence[Output] = (),
) -> Plan:
    """The plan of ``vocheck check`` and of ``vocheck.testing``: the plugins' checks and schemas, the filters.

    ``checks`` are the manager's, when the caller has already collected them;
    ``settings`` replaces the configuration's Kuma settings (the test helpers
    take them as an argument); a run given them also leaves ``jobs`` to the
    size of the run.
    """
    from vocheck.host import collect_checks, collect_schemas

    if checks is None:
        checks = collect_checks(manager)
    filters = plan_filters(
        checks, configs, run_config, suppress=suppress, baseline=baseline, writing_baseline=writing_baseline
    )
    if settings is None:
        context = Context(run_config.kuma, jobs=run_config.jobs)
    else:
        context = Context(settings)
    schemas = SchemaSet(collect_schemas(manager))
    return Plan(checks, schemas, context, configs, run_config, filters=filters, outputs=outputs)


def preview_plan(configs: Configs, run_config: Config, outputs: Sequence[Output] = ()) -> Plan:
    """The plan of ``vocheck preview``: read and recognise resources, run no check and no schema."""
    return Plan((), SchemaSet({}), Context(run_config.kuma), configs, run_config, outputs=outputs)
