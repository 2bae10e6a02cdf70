"""Suppressions: ``# vocheck: ignore[...]`` comments and the ``vocheck.io/ignore`` annotation.

A comment ``# vocheck: ignore[CODE,...] reason`` after a value suppresses
findings on its own line; alone on a line it suppresses findings on the
next line that is not itself a comment. ``# vocheck: ignore-file[CODE,...]``
covers the whole file. The annotation (Kubernetes ``metadata.annotations``,
Universal ``labels``) ``vocheck.io/ignore: "CODE,CODE"`` covers one resource.
Codes may be prefixes (``VO1``). The reason is optional.

A suppression that hides nothing, cannot be parsed or names a code no check
has is reported as VO005 (info), so stale suppressions do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal

from vocheck.engine.core_checks import PROTECTED_CODES, unused_suppression
from vocheck.model import Diagnostic, Edit, Fix, Resource, Span
from vocheck.checks import Check
from vocheck.kuma.fieldpaths import kuma_path
from vocheck.engine.filters import DiagnosticFilter, RunData
from vocheck._perf.records import record


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled when first used: most files hold no suppression comment, and every run loads this module."""
    compiled: list[re.Pattern[str]] = []

    def get() -> re.Pattern[str]:
        if not compiled:
            compiled.append(re.compile(pattern))
        return compiled[0]

    return get

ANNOTATION = "vocheck.io/ignore"
UNUSED = unused_suppression

# YAML's line breaks (PyYAML counts lines by these), so line numbers agree with the loader's.
_LINE_BREAK = _lazy("\r\n|[\n\r\x85\u2028\u2029]")
# A YAML comment starts at a "#" at the start of a line or after white space.
_DIRECTIVE = _lazy(r"(?:^|(?<=\s))#\s*vocheck\s*:(?P<body>.*)$")
_FORM = _lazy(r"\s*(?P<scope>ignore-file|ignore)\[(?P<codes>[^\]]*)\](?P<reason>.*)$")
_CODE = _lazy(r"[A-Z]{1,4}[0-9]{0,4}")
_ANNOTATION_VALUE = _lazy(r"\s*(?P<codes>[^\s,]+(?:\s*,\s*[^\s,]+)*)(?P<reason>.*)$")
_EXPECTED = 'expected "# vocheck: ignore[CODE,...] reason" or "# vocheck: ignore-file[CODE,...] reason"'

Scope = Literal["line", "file", "resource"]
ResourceIdentity = tuple[Any, Any, Any, Any]
"""document index, kind, name, mesh: as a diagnostic's ``resource`` names them."""


@record
class Suppression:
    """One place that asks vocheck to leave findings out.

    ``target`` is the line a ``line`` suppression covers; ``resource`` the
    resource a ``resource`` suppression covers. ``span`` is where the
    suppression is written, for the report when it is unused.
    """

    file: str
    scope: Scope
    codes: tuple[str, ...]
    reason: str
    span: Span
    target: int = 0
    resource: ResourceIdentity | None = None
    resource_path: str | None = None

    def covers(self, diagnostic: Diagnostic) -> bool:
        """Whether ``diagnostic`` is at the place this suppression covers (whatever its code)."""
        if diagnostic.file != self.file:
            return False
        if self.scope == "line":
            return diagnostic.line == self.target
        if self.scope == "resource":
            return diagnostic.resource is not None and identity(diagnostic.resource) == self.resource
        return True


@record
class Problem:
    """A suppression that cannot work as written."""

    file: str
    span: Span
    message: str
    resource: Mapping[str, Any] | None = None
    path: str | None = None


def identity(resource: Mapping[str, Any]) -> ResourceIdentity:
    return (resource.get("document"), resource.get("kind"), resource.get("name"), resource.get("mesh"))


def comment_suppressions(file: str, text: str) -> tuple[list[Suppression], list[Problem]]:
    """The ``# vocheck:`` comments of a file."""
    if "vocheck" not in text:
        return [], []
    lines = _LINE_BREAK().split(text)
    directive = _DIRECTIVE()
    suppressions: list[Suppression] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        match = directive.search(line)
        if match is None:
            continue
        span = Span(number, match.start() + 1, number, len(line.rstrip()) + 1)
        form = _FORM().match(match.group("body"))
        codes = _codes(form.group("codes").split(",")) if form else None
        if form is None or codes is None:
            problems.append(Problem(file, span, f"suppression comment not understood: {_EXPECTED}"))
            continue
        reason = form.group("reason").strip()
        if form.group("scope") == "ignore-file":
            suppressions.append(Suppression(file, "file", codes, reason, span))
        elif line[: match.start()].strip():
            suppressions.append(Suppression(file, "line", codes, reason, span, target=number))
        else:
            suppressions.append(Suppression(file, "line", codes, reason, span, target=_next_code_line(lines, number)))
    return suppressions, problems


def _next_code_line(lines: Sequence[str], number: int) -> int:
    """The first line after ``number`` (1-based) that is not a comment alone."""
    following = number + 1
    while following <= len(lines) and lines[following - 1].lstrip().startswith("#"):
        following += 1
    return following


def _codes(items: Iterable[str]) -> tuple[str, ...] | None:
    codes = tuple(item.strip().upper() for item in items)
    if not codes or not all(_CODE().fullmatch(code) for code in codes):
        return None
    return codes


def resource_suppressions(resource: Resource) -> tuple[list[Suppression], list[Problem]]:
    """The ``vocheck.io/ignore`` annotation (Kubernetes) or label (Universal) of a resource."""
    holder = ("metadata", "annotations") if resource.form == "kubernetes" else ("labels",)
    value: Any = resource.data
    for key in holder:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, dict) or ANNOTATION not in value:
        return [], []
    path = resource.field(*holder, ANNOTATION)
    span = resource.document.span(path)
    file = resource.document.file
    described = {"kind": resource.kind, "name": resource.name, "mesh": resource.mesh, "document": resource.document.index}
    where = kuma_path(path[len(resource.root) :])
    text = value[ANNOTATION]
    match = _ANNOTATION_VALUE().match(text) if isinstance(text, str) else None
    codes = _codes(match.group("codes").split(",")) if match else None
    if match is None or codes is None:
        message = f'{ANNOTATION} not understood: expected codes separated by commas, such as "VO101,VO3"'
        return [], [Problem(file, span, message, described, where)]
    suppression = Suppression(
        file, "resource", codes, match.group("reason").strip(), span, resource=identity(described), resource_path=where
    )
    return [suppression], []


def apply(
    diagnostics: Sequence[Diagnostic],
    suppressions: Sequence[Suppression],
    active: Callable[[str, str], bool],
    protected: frozenset[str] = frozenset(),
) -> tuple[list[Diagnostic], list[tuple[Suppression, tuple[str, ...]]]]:
    """The diagnostics no suppression covers, and each suppression's codes that matched nothing.

    ``active(code_or_prefix, file)`` says whether any selected check could
    report under that code in that file; a suppression of a deselected code
    is not reported as unused, since it may matter again once selected.
    Codes in ``protected`` (what Kuma or the parser refuses outright) are
    never hidden, and a file with such a finding reports no unused
    suppression: its checks did not all run, so "unused" would be a guess.
    """
    used: set[tuple[int, str]] = set()
    kept: list[Diagnostic] = []
    incomplete = {diagnostic.file for diagnostic in diagnostics if diagnostic.code in protected}
    for diagnostic in diagnostics:
        hidden = False
        if diagnostic.code != UNUSED.code and diagnostic.code not in protected:
            for number, suppression in enumerate(suppressions):
                if not suppression.covers(diagnostic):
                    continue
                for code in suppression.codes:
                    if diagnostic.code.startswith(code):
                        used.add((number, code))
                        hidden = True
        if not hidden:
            kept.append(diagnostic)
    unused: list[tuple[Suppression, tuple[str, ...]]] = []
    for number, suppression in enumerate(suppressions):
        if suppression.file in incomplete:
            continue
        idle = tuple(
            code
            for code in suppression.codes
            if (number, code) not in used and active(code, suppression.file)
        )
        if idle:
            unused.append((suppression, idle))
    return kept, unused


def unused_diagnostic(
    suppression: Suppression, codes: Sequence[str], known: Sequence[str], text: str | None = None
) -> Diagnostic:
    """The VO005 report of a suppression's codes that hid nothing (or match no check); ``text`` is the file's, for the fix."""
    unknown = [code for code in codes if not any(name.startswith(code) for name in known)]
    idle = [code for code in codes if code not in unknown]
    where = {
        "line": f"on line {suppression.target}",
        "file": "in this file",
        "resource": "in this resource",
    }[suppression.scope]
    if unknown:
        message = f"suppression names {', '.join(unknown)}, which matches no check"
        if idle:  # both said at once: fixing the name alone would only bring the second report
            message += f"; and no {', '.join(idle)} finding {where}"
    else:
        message = f"unused suppression: no {', '.join(codes)} finding {where}"
    resource = None
    if suppression.resource is not None:
        document, kind, name, mesh = suppression.resource
        resource = {"kind": kind, "name": name, "mesh": mesh, "document": document}
    found = _report(suppression.file, suppression.span, message, resource, suppression.resource_path)
    fix = _removal(suppression, codes, text) if text is not None and suppression.scope != "resource" else None
    return replace(found, fix=fix) if fix is not None else found


def _removal(suppression: Suppression, idle: Sequence[str], text: str) -> Fix | None:
    """Delete a suppression comment that hides nothing, or only the codes of it that hide nothing."""
    starts = [0] + [match.end() for match in _LINE_BREAK().finditer(text)]
    number = suppression.span.line
    if number > len(starts):
        return None
    begin = starts[number - 1]
    end = starts[number] if number < len(starts) else len(text)
    line = _LINE_BREAK().sub("", text[begin:end])
    match = _DIRECTIVE().search(line)
    form = _FORM().match(match.group("body")) if match else None
    if match is None or form is None:
        return None
    kept = [code for code in suppression.codes if code not in idle]
    if kept:
        # Only the idle codes go: the brackets keep the rest, as written.
        at = begin + match.start("body") + form.start("codes")
        return Fix((Edit(at, at + len(form.group("codes")), ",".join(kept)),), "safe", "delete the unused codes")
    if not line[: match.start()].strip():
        return Fix((Edit(begin, end),), "safe", "delete the unused suppression")
    before = len(line[: match.start()].rstrip())
    return Fix((Edit(begin + before, begin + len(line)),), "safe", "delete the unused suppression")


def problem_diagnostic(problem: Problem) -> Diagnostic:
    return _report(problem.file, problem.span, problem.message, problem.resource, problem.path)


def _report(
    file: str, span: Span, message: str, resource: Mapping[str, Any] | None, path: str | None
) -> Diagnostic:
    return Diagnostic(
        file=file,
        line=span.line,
        column=span.column,
        code=UNUSED.code,
        message=message,
        severity=UNUSED.severity,
        end_line=span.end_line,
        end_column=span.end_column,
        name=UNUSED.name,
        path=path,
        resource=resource,
    )


def suppression_filter(checks: Sequence[Check], selects: Callable[[str, str], bool]) -> DiagnosticFilter:
    """A runner filter applying every suppression of the run and reporting the unused ones.

    ``selects(code, file)`` is the config's answer to "is this code reported
    in this file" (select, ignore, per-file-ignores); it also decides whether
    VO005 itself is reported.
    """
    known = [check.code for check in checks]
    core = {check.code for check in checks if check.scope == "core"}
    # VO001-VO004 (broken YAML, what Kuma cannot decode, crashes, unreadable input) always show.
    protected = PROTECTED_CODES

    def active(prefix: str, file: str) -> bool:
        matching = [code for code in known if code.startswith(prefix)]
        if not matching:
            return True  # an unknown code is always worth reporting
        return any(code in core or selects(code, file) for code in matching)

    def apply_suppressions(diagnostics: list[Diagnostic], data: RunData) -> list[Diagnostic]:
        suppressions: list[Suppression] = []
        problems: list[Problem] = []
        for file, text in data.texts.items():
            found, bad = comment_suppressions(file, text)
            suppressions.extend(found)
            problems.extend(bad)
        for resources in data.resources.values():
            for resource in resources:
                found, bad = resource_suppressions(resource)
                suppressions.extend(found)
                problems.extend(bad)
        kept, unused = apply(diagnostics, suppressions, active, protected)
        # VO005 is selected and ignored like a check's code, unlike VO001-VO004.
        for suppression, codes in unused:
            if selects(UNUSED.code, suppression.file):
                kept.append(unused_diagnostic(suppression, codes, known, data.texts.get(suppression.file)))
        kept.extend(problem_diagnostic(problem) for problem in problems if selects(UNUSED.code, problem.file))
        return kept

    return apply_suppressions


__all__ = [
    "ANNOTATION",
    "Problem",
    "Suppression",
    "apply",
    "comment_suppressions",
    "resource_suppressions",
    "suppression_filter",
]
