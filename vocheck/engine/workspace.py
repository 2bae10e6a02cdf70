"""A run kept in memory and updated file by file: the language server's model of a workspace.

Each file is read and checked the way ``vocheck check`` reads and checks
it (the same limits, config per file, suppressions and baseline), and its
part of the run is kept. An edit re-reads one file; whole-set checks run
again over the kept parts only when asked (the server does it debounced,
after the edited file's own diagnostics are out).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path

from vocheck._perf.records import record
from vocheck.context import ResourceSet
from vocheck.engine.checking import run_set_check
from vocheck.engine.placing import file_problem, placed_finding
from vocheck.engine.plan import Plan

# The per-file stage of a run and its report, kept per file here rather than once per run.
from vocheck.engine.run import load_source, build_report, RunTotals, Tally
from vocheck.load.sources import LinkLeavingTree, Source, Unreadable, discover
from vocheck.model import Diagnostic, Resource, Severity, Span


@record(frozen=False)
class _File:
    part: Tally
    # The editor's text, when it has the file open: it wins over the disk.
    text: str | None = None


@record
class Snapshot:
    """The resources whole-set checks see at one moment, and which moment (``generation``)."""

    generation: int
    resources: ResourceSet
    # Files whose resources the run limits leave out: each gets a VO004 instead.
    over_limit: dict[str, str] = field(default_factory=dict)


class Workspace:
    """Every YAML and JSON file under some roots, read, checked and kept current."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._files: dict[str, _File] = {}
        self._set: dict[str, list[Diagnostic]] = {}
        # Whole-set diagnostics of no file of the workspace (a crashed whole-set check).
        self.stray: list[Diagnostic] = []
        self._over_limit: dict[str, str] = {}
        self.generation = 0
        self._snapshot: Snapshot | None = None

    def load(self, roots: Sequence[str]) -> None:
        """Read every file under ``roots`` from disk, as ``vocheck check ROOTS`` finds them."""
        for item in discover([root for root in roots if os.path.isdir(root)]):
            if isinstance(item, Source) and item.path is not None:
                self._read(os.path.abspath(item.path), None)
            elif isinstance(item, Unreadable):
                problem = Tally(files=1, diagnostics=[file_problem(item.file, item.message, "VO004")])
                self._files[os.path.abspath(item.file)] = _File(problem)
            elif isinstance(item, LinkLeavingTree):
                note = placed_finding(item.file, Span(1, 1, 1, 1), "VO009", "", item.message, Severity.INFO)
                self._files[os.path.abspath(item.file)] = _File(Tally(files=1, diagnostics=[note]))
        self.generation += 1

    @property
    def names(self) -> list[str]:
        return sorted(self._files)

    def __contains__(self, name: str) -> bool:
        return name in self._files

    def text(self, name: str) -> str | None:
        """The text the file was last checked as: the editor's, else the disk's."""
        state = self._files.get(name)
        if state is None:
            return None
        return state.text if state.text is not None else state.part.texts.get(name)

    def update(self, name: str, text: str | None) -> bool:
        """Check ``name`` again: as ``text`` (the editor's buffer), or as on disk when None.

        Whether whole-set checks may now find something else: not when the
        change touched nothing they read (a comment, trailing blanks).
        """
        old = self._files.get(name)
        before = _set_inputs(old.part) if old is not None else None
        self._read(name, text)
        self.generation += 1
        new = self._files.get(name)
        return before is None or new is None or _set_inputs(new.part) != before

    def remove(self, name: str) -> None:
        """A file deleted from disk (or never there: a closed unsaved buffer)."""
        state = self._files.pop(name, None)
        if state is not None:
            self._forget(state)
            self._set.pop(name, None)
            self.generation += 1

    def _read(self, name: str, text: str | None) -> None:
        content = text.encode("utf-8") if text is not None else None
        path = name if os.path.isabs(name) else None
        if content is None and path is None:
            return
        max_size = self.plan.configs.for_path(Path(name)).max_file_size
        part, _ = load_source(Source(name, path, content), max_size, self.plan, None)
        old = self._files.get(name)
        if old is not None:
            self._forget(old)
        if text is None and not part.texts and os.path.isabs(name) and not os.path.exists(name):
            self._files.pop(name, None)  # gone from disk: nothing to check
            return
        self._files[name] = _File(part, text)

    def _forget(self, state: _File) -> None:
        owners: list[object] = [*state.part.valid, *state.part.workloads]
        owners.extend(resource for resources in state.part.by_document.values() for resource in resources)
        self.plan.context.forget(owners)

    def resources_of(self, name: str) -> list[Resource]:
        """The recognised resources of a file, in document order."""
        state = self._files.get(name)
        if state is None:
            return []
        return [resource for key in sorted(state.part.by_document) for resource in state.part.by_document[key]]

    def snapshot(self) -> Snapshot:
        """The resources of every file the run limits admit, in file order, as whole-set checks see them."""
        if self._snapshot is None or self._snapshot.generation != self.generation:
            self._snapshot = self._resources({name: state.part for name, state in self._files.items()})
        return self._snapshot

    def _resources(self, parts: dict[str, Tally]) -> Snapshot:
        totals = RunTotals(self.plan.limits)
        valid: list[Resource] = []
        workloads: list[Resource] = []
        over: dict[str, str] = {}
        for name in sorted(parts):
            part = parts[name]
            beyond = totals.add(part)
            if beyond is not None:
                over[name] = beyond
                continue
            valid.extend(part.valid)
            workloads.extend(part.workloads)
        return Snapshot(self.generation, ResourceSet(tuple(valid), tuple(workloads)), over)

    def set_diagnostics(self, snapshot: Snapshot) -> dict[str, list[Diagnostic]]:
        """Run every whole-set check over ``snapshot``; its diagnostics by file (``adopt`` keeps them)."""
        by_file: dict[str, list[Diagnostic]] = {}
        for _ in self.set_steps(snapshot, by_file):
            pass
        return by_file

    def set_steps(self, snapshot: Snapshot, by_file: dict[str, list[Diagnostic]]) -> Iterator[None]:
        """The whole-set checks over ``snapshot``, one at a time, filling ``by_file``.

        It pauses after each check, so that a server can read an edit in between
        (and drop the run, whose snapshot the edit made stale).
        """
        previous = self._snapshot_owner
        if previous is not None and previous is not snapshot.resources:
            self.plan.context.forget([previous])
        self._snapshot_owner = snapshot.resources
        for check in self.plan.checks:
            if check.scope == "set":
                for item in run_set_check(check, snapshot.resources, self.plan):
                    by_file.setdefault(item.file, []).append(item)
                yield

    _snapshot_owner: ResourceSet | None = None

    def _run_set(self, resources: ResourceSet) -> dict[str, list[Diagnostic]]:
        by_file: dict[str, list[Diagnostic]] = {}
        for check in self.plan.checks:
            if check.scope == "set":
                for item in run_set_check(check, resources, self.plan):
                    by_file.setdefault(item.file, []).append(item)
        return by_file

    def adopt(self, snapshot: Snapshot, by_file: dict[str, list[Diagnostic]]) -> set[str]:
        """Keep the whole-set diagnostics computed on ``snapshot``; the files whose ones changed."""
        changed: set[str] = set()
        for name in set(self._set) | set(by_file):
            if name in self._files and _shown(self._set.get(name, [])) != _shown(by_file.get(name, [])):
                changed.add(name)
        for name in set(self._over_limit) ^ set(snapshot.over_limit):
            changed.add(name)
        self._set = {name: items for name, items in by_file.items() if name in self._files}
        self.stray = [item for name, items in by_file.items() if name not in self._files for item in items]
        self._over_limit = dict(snapshot.over_limit)
        return changed

    def diagnostics(self, name: str) -> list[Diagnostic]:
        """What ``vocheck check`` reports for ``name``: its own findings and its latest whole-set ones."""
        state = self._files.get(name)
        if state is None:
            return []
        beyond = self._over_limit.get(name)
        if beyond is not None:
            return [file_problem(name, beyond, "VO004")]
        return self._reported(state.part, self._set.get(name, []))

    def check_text(self, name: str, text: str) -> list[Diagnostic]:
        """What ``name`` would get as ``text``, whole-set findings included, without keeping it (fix-all tries edits).

        Whole-set findings count: a suppression of one (VO402 for the file) is in use, not a VO005.
        """
        max_size = self.plan.configs.for_path(Path(name)).max_file_size
        path = name if os.path.isabs(name) else None
        part, _ = load_source(Source(name, path, text.encode("utf-8")), max_size, self.plan, None)
        parts = {other: state.part for other, state in self._files.items()}
        parts[name] = part
        trial = self._resources(parts)
        try:
            beyond = trial.over_limit.get(name)
            if beyond is not None:
                return [file_problem(name, beyond, "VO004")]
            return self._reported(part, self._run_set(trial.resources).get(name, []))
        finally:
            self.plan.context.forget([trial.resources])
            self._forget(_File(part))

    def _reported(self, part: Tally, whole_set: list[Diagnostic]) -> list[Diagnostic]:
        tally = Tally(
            files=1,
            diagnostics=[*part.diagnostics, *whole_set],
            texts=part.texts,
            by_document=part.by_document,
            templated=part.templated,
        )
        return list(build_report(tally, self.plan).diagnostics)


def _shown(items: list[Diagnostic]) -> list[tuple[object, ...]]:
    """What an editor shows of diagnostics: a change in any of it must reach the editor."""
    return [(item, item.severity, item.end_line, item.end_column, item.related) for item in items]


def _set_inputs(part: Tally) -> tuple[object, ...]:
    """What whole-set checks read of a file: its resources, where each value sits, and its size against the run limits."""
    resources = tuple(
        (
            resource.kind, resource.form, resource.name, resource.mesh, resource.root, resource.spec_path,
            resource.document.index, resource.document.lines, resource.document.data,
            resource.document.positions, resource.document.duplicates,
        )
        for resource in (*part.valid, *part.workloads)
    )
    return (part.values, part.documents, part.inbounds, part.template_steps, resources)
