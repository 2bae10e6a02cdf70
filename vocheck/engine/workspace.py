"""A run kept in memory and updated file by file: the language server's model of a workspace.

Each file is read and checked the way ``vocheck check`` reads and checks
it (the same limits, config per file, suppressions and baseline), and its
part of the run is kept. An edit re-reads one file; whole-set checks run
again over the kept parts only when asked (the server does it debounced,
after the edited file's own diagnostics are out).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vocheck.context import ResourceSet
from vocheck.engine.checking import run_set_check
from vocheck.engine.placing import file_problem, placed_finding
from vocheck.engine.plan import Plan

# The per-file stage of a run and its report, kept per file here rather than once per run.
from vocheck.engine.run import _load, _report, _RunTotals, _Tally
from vocheck.load.sources import LinkLeavingTree, Source, Unreadable, discover
from vocheck.model import Diagnostic, Resource, Severity, Span


@dataclass(slots=True)
class _File:
    part: _Tally
    # The editor's text, when it has the file open: it wins over the disk.
    text: str | None = None


@dataclass(frozen=True, slots=True)
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
                problem = _Tally(files=1, diagnostics=[file_problem(item.file, item.message, "VO004")])
                self._files[os.path.abspath(item.file)] = _File(problem)
            elif isinstance(item, LinkLeavingTree):
                note = placed_finding(item.file, Span(1, 1, 1, 1), "VO009", "", item.message, Severity.INFO)
                self._files[os.path.abspath(item.file)] = _File(_Tally(files=1, diagnostics=[note]))
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

    def update(self, name: str, text: str | None) -> None:
        """Check ``name`` again: as ``text`` (the editor's buffer), or as on disk when None."""
        self._read(name, text)
        self.generation += 1

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
        part, _ = _load(Source(name, path, content), max_size, self.plan, None)
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
        if self._snapshot is not None and self._snapshot.generation == self.generation:
            return self._snapshot
        totals = _RunTotals(self.plan.limits)
        valid: list[Resource] = []
        workloads: list[Resource] = []
        over: dict[str, str] = {}
        for name in sorted(self._files):
            part = self._files[name].part
            beyond = totals.add(part)
            if beyond is not None:
                over[name] = beyond
                continue
            valid.extend(part.valid)
            workloads.extend(part.workloads)
        self._snapshot = Snapshot(self.generation, ResourceSet(tuple(valid), tuple(workloads)), over)
        return self._snapshot

    def set_diagnostics(self, snapshot: Snapshot) -> dict[str, list[Diagnostic]]:
        """Run every whole-set check over ``snapshot``; its diagnostics by file (``adopt`` keeps them)."""
        by_file: dict[str, list[Diagnostic]] = {}
        previous = self._snapshot_owner
        for check in self.plan.checks:
            if check.scope == "set":
                for item in run_set_check(check, snapshot.resources, self.plan):
                    by_file.setdefault(item.file, []).append(item)
        if previous is not None and previous is not snapshot.resources:
            self.plan.context.forget([previous])
        self._snapshot_owner = snapshot.resources
        return by_file

    _snapshot_owner: ResourceSet | None = None

    def adopt(self, snapshot: Snapshot, by_file: dict[str, list[Diagnostic]]) -> set[str]:
        """Keep the whole-set diagnostics computed on ``snapshot``; the files whose ones changed."""
        changed: set[str] = set()
        for name in set(self._set) | set(by_file):
            if name in self._files and self._set.get(name, []) != by_file.get(name, []):
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
        part = state.part
        tally = _Tally(
            files=1,
            diagnostics=[*part.diagnostics, *self._set.get(name, [])],
            texts=part.texts,
            by_document=part.by_document,
            templated=part.templated,
        )
        return list(_report(tally, self.plan).diagnostics)

    def all_resources(self) -> Iterable[Resource]:
        return self.snapshot().resources.resources
