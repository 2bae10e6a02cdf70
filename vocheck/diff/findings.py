"""New and fixed findings between two runs, matched as baselines match them: by identity, not line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from vocheck.fingerprints import FindingKey, finding_key, relative_path
from vocheck.model import Diagnostic


def new_and_fixed(
    base: Sequence[Diagnostic], head: Sequence[Diagnostic], base_root: Path | None = None, head_root: Path | None = None
) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """HEAD's findings BASE has no match for (new), and BASE's that HEAD has none for (fixed).

    Files are named relative to each side's root (the current directory when
    None), so a finding that only moved lines, or whose directory of a
    directory-to-directory diff differs, is the same finding. Identical findings
    are counted: a second one is new.
    """
    return _unmatched(head, head_root, _counts(base, base_root)), _unmatched(base, base_root, _counts(head, head_root))


def _key(diagnostic: Diagnostic, root: Path | None) -> FindingKey:
    return finding_key(diagnostic, relative_path(diagnostic.file, root))


def _counts(diagnostics: Sequence[Diagnostic], root: Path | None) -> Counter[FindingKey]:
    return Counter(_key(diagnostic, root) for diagnostic in diagnostics)


def _unmatched(
    diagnostics: Sequence[Diagnostic], root: Path | None, other: Counter[FindingKey]
) -> tuple[Diagnostic, ...]:
    remaining = Counter(other)
    unmatched = []
    for diagnostic in sorted(diagnostics):
        key = _key(diagnostic, root)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            unmatched.append(diagnostic)
    return tuple(unmatched)
