"""A diff: what changes in each mesh's view and in the findings, and which of it fails the gate."""

from __future__ import annotations

from collections.abc import Sequence

from vocheck._perf.records import record
from vocheck.checks import Check
from vocheck.diff.changes import MeshChanges
from vocheck.model import Diagnostic, Severity

# What ``--fail-on`` may name, in the order the summary lists them.
KINDS = ("removed", "retargeted", "vip-changed", "added", "new-findings")
DEFAULT_FAIL_ON = ("removed", "new-findings")


@record
class Diff:
    """BASE and HEAD as the user named them, the meshes that change, the new and fixed findings.

    ``checks`` are the run's checks, which SARIF describes.
    """

    base: str
    head: str
    meshes: tuple[MeshChanges, ...]
    new: tuple[Diagnostic, ...]
    fixed: tuple[Diagnostic, ...]
    checks: Sequence[Check] = ()

    def counts(self) -> dict[str, int]:
        """The summary: how many of each kind, under the JSON names."""
        # Both worlds alike: a client that loses a hostname loses it, whichever world served it.
        return {
            "removed": sum(len(mesh.removed) + len(mesh.services.removed) for mesh in self.meshes),
            "retargeted": sum(len(mesh.retargeted) + len(mesh.services.retargeted) for mesh in self.meshes),
            "added": sum(len(mesh.added) + len(mesh.services.added) for mesh in self.meshes),
            "vip_changed": sum(len(mesh.vip_changed) + len(mesh.services.vip_changed) for mesh in self.meshes),
            "new_findings": len(self.new),
            "fixed_findings": len(self.fixed),
        }

    def failing(self, fail_on: Sequence[str], threshold: Severity | None = Severity.ERROR) -> list[str]:
        """The kinds among ``fail_on`` that occur.

        A new finding counts as ``vocheck check`` counts it: at or above the
        configuration's ``fail-on`` severity (error by default), so a new
        note does not fail a gate the same finding would pass in ``check``.
        """
        counts = self.counts()
        counts["new_findings"] = 0 if threshold is None else sum(1 for item in self.new if item.severity >= threshold)
        return [kind for kind in fail_on if counts[kind.replace("-", "_")] > 0]


def parse_fail_on(text: str) -> tuple[str, ...]:
    """``removed,new-findings``: ValueError names an unknown kind and the known ones."""
    kinds = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    for kind in kinds:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    return kinds
