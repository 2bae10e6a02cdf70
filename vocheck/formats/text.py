"""The ``text`` format: ``FILE:LINE:COL: SEVERITY CODE message``, then a summary line."""

from __future__ import annotations

from collections import Counter

from vocheck.formats.contract import FormatOptions, visible
from vocheck.model import Report, Severity, Summary

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD = "\033[1m"
_RESET = "\033[0m"


def to_text(report: Report, options: FormatOptions) -> str:
    lines = []
    for diagnostic in report.diagnostics:
        location = f"{visible(diagnostic.file)}:{diagnostic.line}:{diagnostic.column}:"
        severity = str(diagnostic.severity)
        if options.color:
            location = f"{_BOLD}{location}{_RESET}"
            severity = f"{_COLORS[diagnostic.severity]}{severity}{_RESET}"
        lines.append(f"{location} {severity} {visible(diagnostic.code)} {visible(diagnostic.message)}")
    if options.statistics:
        lines.extend(statistics_lines(report))
    lines.append(summary_line(report.summary))
    return "\n".join(lines)


def statistics_lines(report: Report) -> list[str]:
    counts = Counter(diagnostic.code for diagnostic in report.diagnostics)
    names = {diagnostic.code: diagnostic.name for diagnostic in report.diagnostics}
    # The most frequent first, as ruff prints them; equal counts by code.
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [f"{count:>6}  {visible(code):<8} {visible(names[code])}" for code, count in ordered]


def summary_line(summary: Summary) -> str:
    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    found = ", ".join(
        [plural(summary.errors, "error"), plural(summary.warnings, "warning"), plural(summary.infos, "info")]
    )
    return (
        f"{found} in {plural(summary.resources, 'resource')} "
        f"({plural(summary.files, 'file')}, {plural(summary.documents, 'document')}, "
        f"{summary.skipped} skipped)"
    )
