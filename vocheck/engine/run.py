"""The pipeline: read → recognise → schema → checks → a sorted Report."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field, replace
from pathlib import Path

from vocheck._perf.records import record
from vocheck.load import documents as documents_module
from vocheck.load.limits import Limits
from vocheck.config import Config
from vocheck.context import Context, ResourceSet
from vocheck.engine.memo_transfer import MemoEntry, adopt, computed_in
from vocheck.engine.core_checks import PROTECTED_CODES
from vocheck.load.recognition import Neighbours, is_kuma, near_misses, resources_of
from vocheck.model import CheckedResource, Diagnostic, Document, Report, Resource, Severity, Span, Summary, count
from vocheck.checks import Check
from vocheck._perf.gcpause import paused_collector
from vocheck.engine.outputs import refuse_overwriting_inputs
from vocheck.kuma.host_templates import StepBudget, spending
from vocheck._perf.workers import Workers, auto_jobs_for_reading
from vocheck.load.sources import Found, LinkLeavingTree, Source, Unreadable, decode, discover, read_bytes
from vocheck.load.templated import Templated, blanked, notes, placed, protected, rendering_of, rerendered
from vocheck.engine.plan import Plan
from vocheck.engine.filters import RunData
from vocheck.engine.placing import file_problem, placed_finding, diagnostic
from vocheck.engine.checking import core_check, run_checks, run_set_check


@record(frozen=False)
class Tally:
    """What loading and checking part of a run found: counts and diagnostics (the language server keeps one per file)."""
    files: int = 0
    documents: int = 0
    resources: int = 0
    skipped: int = 0
    values: int = 0
    inbounds: int = 0
    template_steps: int = 0
    # Not read at all: the files before it in this process already went beyond a run limit.
    over_run_limit: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    valid: list[Resource] = field(default_factory=list)
    workloads: list[Resource] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    checked: list[CheckedResource] = field(default_factory=list)
    empty_inputs: tuple[str, ...] = ()
    by_document: dict[tuple[str, int], list[Resource]] = field(default_factory=dict)
    # Files read after their placeholders were filled in: how to place their findings in the original.
    templated: dict[str, Templated] = field(default_factory=dict)
    # Resources whose per-resource checks are still to run: their place in ``diagnostics``, whether the schema passed.
    pending: list[tuple[int, Resource, bool]] = field(default_factory=list)


Progress = Callable[[str, int, int], None]
"""Told how a run is going: a stage ("files", "whole-set checks"), and how many of how many are done."""


def run(paths: Sequence[str], plan: Plan, stdin_name: str | None = None, progress: Progress | None = None) -> Report:
    """Check every input and return what was found, sorted and counted."""
    return collect(paths, plan, stdin_name, progress)[0]


def collect(
    paths: Sequence[str], plan: Plan, stdin_name: str | None = None, progress: Progress | None = None,
    found: Sequence[Found] | None = None,
) -> tuple[Report, ResourceSet]:
    """The report and the resources whole-set checks saw, of ``paths`` (or of ``found``, already read)."""
    with paused_collector():
        collected = _collect(paths, plan, stdin_name, progress or _silent, found)
        # Move what the run keeps straight to the oldest generation: left in the youngest,
        # the collector, back on, would walk all of it once per generation (a second on M).
        gc.freeze()
        gc.unfreeze()
        return collected


def _silent(stage: str, done: int, total: int) -> None:
    pass


def _collect(
    paths: Sequence[str], plan: Plan, stdin_name: str | None, progress: Progress, given: Sequence[Found] | None = None
) -> tuple[Report, ResourceSet]:
    tally = Tally()
    found = list(discover(paths, stdin_name)) if given is None else list(given)
    refuse_overwriting_inputs(plan.outputs, found)
    tally.empty_inputs = _empty_directories(paths, found)
    totals = RunTotals(plan.limits)
    for item, loaded in zip(found, _load_all(found, plan, progress)):
        if isinstance(item, Unreadable):
            tally.diagnostics.append(file_problem(item.file, item.message, "VO004"))
        elif isinstance(item, LinkLeavingTree):
            tally.diagnostics.append(placed_finding(item.file, Span(1, 1, 1, 1), "VO009", "", item.message, Severity.INFO))
        elif loaded is not None:
            part, memo = loaded
            beyond = totals.add(part)
            if beyond is not None:
                # Decided in input order on what each file holds, so a run gives the same
                # report whichever process read which file.
                tally.files += 1
                tally.diagnostics.append(file_problem(item.name, beyond, "VO004"))
                continue
            adopt(plan.context, memo)
            _merge(tally, part)
    resource_set = ResourceSet(tuple(tally.valid), tuple(tally.workloads))
    progress("whole-set checks", 0, 0)
    for check in plan.checks:
        if check.scope == "set":
            tally.diagnostics.extend(run_set_check(check, resource_set, plan))
    return build_report(tally, plan), resource_set


class RunTotals:
    """What the files of a run hold so far, in input order, against the limits for one run."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.values = self.documents = self.inbounds = self.template_steps = 0
        self.beyond: str | None = None

    def add(self, part: Tally) -> str | None:
        """Count ``part`` in; why it is not checked, once the run holds too much."""
        if self.beyond is None and not part.over_run_limit:
            self.values += part.values
            self.documents += part.documents
            self.inbounds += part.inbounds
            self.template_steps += part.template_steps
            self.beyond = self.exceeded()
        assert self.beyond is not None or not part.over_run_limit
        return self.beyond

    def exceeded(self) -> str | None:
        limits = self.limits
        for count, limit, what in (
            (self.values, limits.max_run_values, "values"),
            (self.documents, limits.max_run_documents, "documents"),
            (self.inbounds, limits.max_run_inbounds, "Dataplane inbounds"),
            (self.template_steps, limits.max_run_template_steps, "template steps"),
        ):
            if count > limit:
                return (
                    f"not checked: with this file the run holds more than {limit} {what}, "
                    "the most one run checks; run vocheck on fewer files at a time"
                )
        return None


_Loaded = tuple[Tally, list[MemoEntry]]
"""One input read, parsed and checked, and what it put in the context's memo for later checks."""


def _load_all(found: Sequence[Found], plan: Plan, progress: Progress) -> list[_Loaded | None]:
    """Read and check every input, shared among processes when there is much to read."""
    sources = [item for item in found if isinstance(item, Source)]
    max_sizes: dict[str, int] = {}
    limits = [_max_size(source, plan, max_sizes) for source in sources]
    if any(source.path is None and source.content is None for source in sources):
        jobs = 1  # standard input can be read only once, by this process
    else:
        jobs = plan.run_config.jobs or auto_jobs_for_reading(sum(map(_size, sources)))
    prepare: Callable[[Iterable[Resource], Context], None] | None = None
    if jobs > 1:
        # Shared out, each process also decodes what it read: the parent needs every spec
        # for the whole-set checks, and decoding them all itself would leave the others idle.
        from vocheck.kuma.decoding import prepare_specs as prepare
    # What this process has read so far. A process reads files in input order, so once
    # these alone go beyond a run limit, every file after them does too: not read at all.
    # (A file taken back from a failed worker comes late, out of order: it is always read.)
    seen = RunTotals(plan.limits)
    last = [-1]

    def load(index: int) -> _Loaded:
        if seen.beyond is not None and index > last[0]:
            return Tally(files=1, over_run_limit=True), []
        result = load_source(sources[index], limits[index], plan, prepare)
        seen.add(result[0])
        last[0] = max(last[0], index)
        return result

    loaded = Workers(len(sources), jobs, load)
    results = iter(loaded.results(lambda done: progress("files", done, len(sources))))
    return [next(results) if isinstance(item, Source) else None for item in found]


def _size(source: Source) -> int:
    try:
        return len(source.content) if source.content is not None else os.stat(source.path or "").st_size
    except OSError:
        return 0  # reading it will say why


def _max_size(source: Source, plan: Plan, known: dict[str, int]) -> int:
    directory = os.path.dirname(source.name)
    if directory not in known:  # resolving paths for every file costs more than reading it
        known[directory] = plan.configs.for_path(Path(source.name)).max_file_size
    return known[directory]


def load_source(
    source: Source, max_size: int, plan: Plan, prepare: Callable[[Iterable[Resource], Context], None] | None
) -> _Loaded:
    """One input, read and checked resource by resource (in a worker process for large runs)."""
    part = Tally()
    # Every template a per-resource check evaluates for this file is charged here: the file
    # is read by one process, so what it may spend does not depend on who reads what.
    budget = StepBudget(plan.limits.max_file_template_steps, "the file's template budget")
    with spending(budget):
        memo = _load_checked(source, max_size, plan, prepare, part)
    part.template_steps = budget.spent
    return part, memo


def _load_checked(
    source: Source,
    max_size: int,
    plan: Plan,
    prepare: Callable[[Iterable[Resource], Context], None] | None,
    part: Tally,
) -> list[MemoEntry]:
    if prepare is None:  # read here, by the process that keeps it: the memo is already its own
        _check_source(source, max_size, plan, part)
        memo: list[MemoEntry] = []
    else:
        # Only what vocheck itself computes while reading goes back to the parent: a
        # plugin's check may keep values in the memo that cannot be sent.
        with computed_in(plan.context) as memo:
            _check_source(source, max_size, plan, part)
            prepare(part.valid, plan.context)
    _splice(part, [run_checks(resource, valid, plan) for _, resource, valid in part.pending])
    return memo


def _merge(tally: Tally, part: Tally) -> None:
    tally.files += part.files
    tally.documents += part.documents
    tally.resources += part.resources
    tally.skipped += part.skipped
    tally.values += part.values
    tally.inbounds += part.inbounds
    tally.diagnostics.extend(part.diagnostics)
    tally.valid.extend(part.valid)
    tally.workloads.extend(part.workloads)
    tally.texts.update(part.texts)
    tally.checked.extend(part.checked)
    tally.by_document.update(part.by_document)
    tally.templated.update(part.templated)


def _splice(tally: Tally, results: list[list[Diagnostic]]) -> None:
    """Put each resource's check diagnostics right after its schema diagnostics."""
    merged: list[Diagnostic] = []
    previous = 0
    for (position, _, _), diagnostics in zip(tally.pending, results):
        merged.extend(tally.diagnostics[previous:position])
        merged.extend(diagnostics)
        previous = position
    merged.extend(tally.diagnostics[previous:])
    tally.diagnostics = merged
    tally.pending = []


def _check_source(source: Source, max_size: int, plan: Plan, tally: Tally) -> None:
    """Read one input, recognise its resources and check them against the schemas."""
    tally.files += 1
    data = read_bytes(source, max_size)
    text = decode(data) if isinstance(data, bytes) else data
    if isinstance(text, Unreadable):
        tally.diagnostics.append(file_problem(source.name, text.message, "VO004"))
        return
    tally.texts[source.name] = text
    values = plan.run_config.vars
    rendering = rendering_of(text, values, source.name)
    found, problems = documents_module.read_documents(source.name, rendering.text if rendering else text, plan.limits)
    if rendering is not None:
        keep = protected(rendering, found)
        if keep:
            rendering = rerendered(rendering, values, keep, source.name)
            found, problems = documents_module.read_documents(source.name, rendering.text, plan.limits)
    kuma_looking: set[int] = set()  # of a rendered file: the documents whose placeholders get VO007
    for problem in problems:
        tally.diagnostics.append(placed_finding(source.name, problem.span, problem.code, "", problem.message))
    tally.documents += len(found) + sum(1 for problem in problems if problem.code == "VO001")
    tally.values += sum(len(document.positions) for document in found)
    neighbours = Neighbours(found)
    for document in found:
        recognised = list(resources_of(document))
        kuma = [resource for resource in recognised if is_kuma(resource)]
        misses = near_misses(document, recognised, neighbours)
        if kuma or misses:
            kuma_looking.add(document.index)
        for miss in misses:
            if rendering is not None and rendering.touches_unvalued(document.span(miss.path)):
                continue  # a type or kind that is itself a placeholder: its VO007 says so
            span = document.span(miss.path, True)
            refused = placed_finding(source.name, span, "VO006", "", miss.message, Severity.WARNING)
            tally.diagnostics.append(replace(refused, kuma=miss.kuma, fix=miss.fix))
        tally.workloads.extend(resource for resource in recognised if not is_kuma(resource))
        tally.skipped += 0 if kuma else 1
        tally.by_document[(document.file, document.index)] = recognised
        for resource in kuma:
            tally.resources += 1
            line = document.span(resource.root, True).line
            tally.checked.append(
                CheckedResource(document.file, document.index, line, resource.kind, resource.name, resource.mesh)
            )
            if resource.kind == "Dataplane":
                tally.inbounds += _inbound_count(resource)
            schema_diagnostics = _check_schema(resource, plan, tally)
            tally.diagnostics.extend(schema_diagnostics)
            tally.pending.append((len(tally.diagnostics), resource, not schema_diagnostics))
    if rendering is not None:
        tally.templated[source.name] = Templated(rendering, notes(source.name, rendering, found, kuma_looking, values))
        resources = [resource for document in found for resource in tally.by_document[(document.file, document.index)]]
        for resource, finding in blanked(rendering, found, kuma_looking, resources, values):
            tally.diagnostics.append(diagnostic(resource, finding, core_check(plan, "VO008")))


def _inbound_count(resource: Resource) -> int:
    networking = resource.spec.get("networking") if isinstance(resource.spec, dict) else None
    inbounds = networking.get("inbound") if isinstance(networking, dict) else None
    return len(inbounds) if isinstance(inbounds, list) else 0


def _check_schema(resource: Resource, plan: Plan, tally: Tally) -> list[Diagnostic]:
    schema_findings = plan.schemas.findings(resource)
    if schema_findings:
        from vocheck.kuma.decoding import with_kuma_messages  # Kuma's decoder is needed only for invalid resources

        schema_findings = with_kuma_messages(resource, schema_findings, plan.context)
    else:
        tally.valid.append(resource)
    return [diagnostic(resource, finding, core_check(plan, "VO002")) for finding in schema_findings]


def _empty_directories(paths: Sequence[str], found: Sequence[Source | Unreadable | LinkLeavingTree]) -> tuple[str, ...]:
    """The directories among ``paths`` under which nothing was found to read."""
    directories = [path for path in paths if path != "-" and os.path.isdir(path)]
    if not directories:
        return ()
    names = [os.path.abspath(item.name if isinstance(item, Source) else item.file) for item in found]
    empty = []
    for directory in directories:
        top = os.path.join(os.path.abspath(directory), "")
        if not any(name.startswith(top) for name in names):
            empty.append(directory)
    return tuple(empty)


def _position(resource: CheckedResource) -> tuple[str, int, int]:
    return resource.file, resource.document, resource.line


def build_report(tally: Tally, plan: Plan) -> Report:
    names = {check.code: check for check in plan.checks}
    kept: list[Diagnostic] = []
    diagnostics = tally.diagnostics
    if tally.templated:
        diagnostics = placed(diagnostics, tally.templated)
        diagnostics = [replace(item, fix=None) if item.file in tally.templated else item for item in diagnostics]  # offsets in the rendered text
        diagnostics.extend(note for templated in tally.templated.values() for note in templated.notes)
    # Looking up a file's config resolves paths: do it once per directory, and per file
    # and code only where per-file ignores make the file matter.
    by_directory: dict[str, Config] = {}
    selection: dict[tuple[str, str], Config | None] = {}
    for item in diagnostics:
        check = names.get(item.code)
        if check is not None and item.code not in PROTECTED_CODES:
            if (item.file, item.code) not in selection:
                directory = os.path.dirname(item.file)
                if directory not in by_directory:
                    by_directory[directory] = plan.configs.for_path(Path(item.file))
                found = by_directory[directory]
                where = item.file if found.per_file_ignores else None
                selection[item.file, item.code] = found if found.selects(item.code, where) else None
            config = selection[item.file, item.code]
            if config is None:
                continue
            item = replace(item, severity=config.severity_of(item.code, item.severity), name=check.name)
        elif check is not None:
            item = replace(item, name=check.name)
        kept.append(item)
    data = RunData(tally.texts, tally.by_document)
    for apply in plan.filters:
        kept = apply(kept, data)
    kept.sort()
    summary = Summary(
        files=tally.files,
        documents=tally.documents,
        resources=tally.resources,
        skipped=tally.skipped,
        errors=count(kept, Severity.ERROR),
        warnings=count(kept, Severity.WARNING),
        infos=count(kept, Severity.INFO),
    )
    return Report(tuple(kept), summary, tuple(plan.checks), tuple(sorted(tally.checked, key=_position)), tally.empty_inputs)
