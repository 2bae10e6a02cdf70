"""Baselines: today's findings recorded in a file, so later runs report only new ones.

A finding is identified by its code, file, resource (kind, name, mesh),
field path and message, never by its line, so a baseline survives edits
elsewhere in a file. The file records how many findings share each identity:
a second identical finding is new.

Broken YAML, values Kuma cannot decode, crashed checks and unreadable input
(VO001 to VO004) are never recorded and never hidden, even when a baseline
written by hand lists them: they must not pass a gate unseen.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from vocheck._perf.records import record
from vocheck.engine.core_checks import PROTECTED_CODES
from vocheck.errors import ConfigError, UsageError
from vocheck.formats.contract import replaced_surrogates
from vocheck.fingerprints import FindingKey, finding_key, relative_path
from vocheck.model import Diagnostic
from vocheck.golang.shown import shown
from vocheck.engine.filters import DiagnosticFilter, RunData
from vocheck.load.sources import read_settings_file

FORMAT_VERSION = 1


@record
class Baseline:
    """Known findings and how many of each; file paths are relative to ``base``."""

    counts: Mapping[FindingKey, int] = field(default_factory=dict)
    base: Path = Path(".")

    def key(self, diagnostic: Diagnostic) -> FindingKey:
        code, file, kind, name, mesh, path, message = finding_key(diagnostic, relative_path(diagnostic.file, self.base))
        return (code, _storable(file), kind, name, mesh, path, _storable(message))


def _storable(text: str) -> str:
    """``text`` as a baseline records it: each undecodable byte of a file name written ``\\xff``.

    Such a byte reaches vocheck as a lone surrogate. JSON could carry it only as a
    ``\\udcff`` escape, which YAML refuses, and a baseline kept in the checked tree
    is read as YAML by the next ``vocheck check .``. Keys are compared in this form too,
    so a name holding the four characters ``\\xff`` matches the name holding that byte:
    a tree with both, one of them holding the other's findings, is the price.
    """
    return replaced_surrogates(text, _escaped)


def _escaped(point: int) -> str:
    return f"\\x{point - 0xDC00:02x}" if 0xDC80 <= point <= 0xDCFF else f"\\u{point:04x}"


def build(diagnostics: Iterable[Diagnostic], base: Path) -> Baseline:
    """The baseline that records ``diagnostics``."""
    empty = Baseline({}, base)
    recorded = (diagnostic for diagnostic in diagnostics if diagnostic.code not in PROTECTED_CODES)
    return Baseline(dict(Counter(empty.key(diagnostic) for diagnostic in recorded)), base)


def new_findings(diagnostics: Iterable[Diagnostic], baseline: Baseline) -> list[Diagnostic]:
    """The diagnostics the baseline does not account for.

    Each recorded identity absorbs as many findings as its count, in file
    order; the rest are new.
    """
    remaining = Counter(baseline.counts)
    new: list[Diagnostic] = []
    for diagnostic in sorted(diagnostics):
        if diagnostic.code in PROTECTED_CODES:
            new.append(diagnostic)
            continue
        key = baseline.key(diagnostic)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(diagnostic)
    return new


def dumps(baseline: Baseline) -> str:
    """The baseline as JSON, sorted, so the file changes only when the findings do."""
    entries = []
    for key, count in sorted(baseline.counts.items()):
        code, file, kind, name, mesh, path, message = key
        resource = {"kind": kind, "name": name or None, "mesh": mesh or None} if kind else None
        entries.append(
            {"code": code, "file": file, "resource": resource, "path": path or None, "message": message, "count": count}
        )
    document = {"vocheck-baseline": FORMAT_VERSION, "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def loads(text: str, base: Path) -> Baseline:
    """Parse a baseline written by :func:`dumps`; ValueError says what is wrong."""
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("vocheck-baseline") != FORMAT_VERSION:
        raise ValueError(f'not a vocheck baseline (expected "vocheck-baseline": {FORMAT_VERSION})')
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise ValueError('"findings" must be a list')
    counts: dict[FindingKey, int] = {}
    for number, entry in enumerate(entries):
        try:
            key, count = _entry(entry)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"finding {number}: {error}") from error
        counts[key] = counts.get(key, 0) + count
    return Baseline(counts, base)


def _entry(entry: Any) -> tuple[FindingKey, int]:
    if not isinstance(entry, dict):
        raise TypeError("expected an object")
    resource = entry.get("resource") or {}
    if not isinstance(resource, dict):
        raise TypeError('"resource" must be an object or null')
    count = entry.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError('"count" must be a positive integer')
    key = (
        _text(entry["code"]),
        _text(entry["file"]),
        _text(resource.get("kind")),
        _text(resource.get("name")),
        _text(resource.get("mesh")),
        _text(entry.get("path")),
        _text(entry["message"]),
    )
    return key, count


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {shown(value)}")
    return value


def read(path: Path) -> Baseline:
    """The baseline in ``path``; file paths in it are relative to its directory."""
    try:
        text = read_settings_file(path)
    except UnicodeDecodeError as error:
        raise ConfigError(f"baseline {path} is not valid: {error}") from error
    except OSError as error:
        raise ConfigError(f"cannot read baseline {path}: {error.strerror or error}") from error
    try:
        return loads(text, path.parent)
    except ValueError as error:  # json.JSONDecodeError is a ValueError too
        raise ConfigError(f"baseline {path} is not valid: {error}") from error


def write(path: Path, diagnostics: Iterable[Diagnostic]) -> int:
    """Record ``diagnostics`` in ``path``; return how many findings it holds."""
    baseline = build(diagnostics, path.parent)
    try:
        path.write_text(dumps(baseline), encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write baseline {path}: {error.strerror or error}") from error
    return sum(baseline.counts.values())


def baseline_filter(baseline: Baseline) -> DiagnosticFilter:
    """A runner filter that keeps only the findings the baseline does not know."""

    def keep_new(diagnostics: list[Diagnostic], data: RunData) -> list[Diagnostic]:
        return new_findings(diagnostics, baseline)

    return keep_new
