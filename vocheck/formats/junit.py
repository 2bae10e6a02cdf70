"""The ``junit`` format: JUnit XML, a testsuite per file and a testcase per resource."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from typing import Any

from vocheck.formats.contract import FormatOptions, visible
from vocheck.model import Diagnostic, Report

# XML 1.0 cannot carry most control characters, even escaped; a message
# quoting one from a YAML file would make the whole report unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ResourceKey = tuple[Any, ...]


def to_junit(report: Report, options: FormatOptions) -> str:
    by_file: dict[str, dict[ResourceKey, list[Diagnostic]]] = {}
    # Every checked resource is a test case, a clean one a passing case: CI counts stay
    # the same as problems are fixed.
    lines: dict[tuple[str, ResourceKey], int] = {}
    for resource in report.resources:
        key = (resource.document, resource.kind, resource.name, resource.mesh)
        by_file.setdefault(resource.file, {}).setdefault(key, [])
        lines[resource.file, key] = resource.line
    for diagnostic in report.diagnostics:
        cases = by_file.setdefault(diagnostic.file, {})
        cases.setdefault(_resource_key(diagnostic.resource), []).append(diagnostic)
    root = ElementTree.Element("testsuites", name="vocheck")
    if not by_file:
        # CI tools read a report without a single testcase as "no tests ran".
        suite = _suite(root, "vocheck", 1, 0)
        resources = report.summary.resources
        name = f"{resources} resource{'' if resources == 1 else 's'} checked"
        ElementTree.SubElement(suite, "testcase", name=name, classname="vocheck")
    for file in sorted(by_file):
        cases = by_file[file]
        failing = sum(1 for diagnostics in cases.values() if _fails(diagnostics, options))
        suite = _suite(root, file, len(cases), failing)
        for key in sorted(cases, key=lambda key: (_first_line(cases[key], lines.get((file, key), 0)), _order(key))):
            _case(suite, file, key, cases[key], _fails(cases[key], options), lines.get((file, key), 1))
    total = sum(int(suite.get("tests", "0")) for suite in root)
    failures = sum(int(suite.get("failures", "0")) for suite in root)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("time", "0")
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode")


def _first_line(diagnostics: Sequence[Diagnostic], line: int) -> int:
    return line if line else min((item.line for item in diagnostics), default=0)


def _order(key: ResourceKey) -> tuple[str, ...]:
    return tuple("" if part is None else str(part) for part in key)


def _resource_key(resource: Mapping[str, Any] | None) -> ResourceKey:
    if resource is None:
        return ()
    return (resource.get("document"), resource.get("kind"), resource.get("name"), resource.get("mesh"))


def _suite(root: ElementTree.Element, name: str, tests: int, failures: int) -> ElementTree.Element:
    attributes = {
        "name": _clean(name),
        "tests": str(tests),
        "failures": str(failures),
        "errors": "0",
        "skipped": "0",
        "time": "0",
    }
    return ElementTree.SubElement(root, "testsuite", attributes)


def _fails(diagnostics: Sequence[Diagnostic], options: FormatOptions) -> bool:
    """A resource fails when one of its findings would make the run fail (``fail-on``)."""
    threshold = options.fail_on
    return threshold is not None and any(item.severity >= threshold for item in diagnostics)


def _case(
    suite: ElementTree.Element, file: str, key: ResourceKey, diagnostics: Sequence[Diagnostic], fails: bool, line: int
) -> None:
    if not diagnostics:
        attributes = {"name": _clean(_case_name(key)), "classname": _clean(file), "file": _clean(file), "line": str(line)}
        ElementTree.SubElement(suite, "testcase", attributes)
        return
    first = min(diagnostics, key=lambda item: -item.severity)  # the most severe, then the first
    case = ElementTree.SubElement(
        suite, "testcase", name=_clean(_case_name(key)), classname=_clean(file), file=_clean(file), line=str(first.line)
    )
    lines = "\n".join(
        f"{visible(item.file)}:{item.line}:{item.column}: {item.severity} {item.code} {visible(item.message)}"
        for item in diagnostics
    )
    if not fails:
        # Findings below fail-on do not fail the resource; CI tools still show them.
        ElementTree.SubElement(case, "system-out").text = _clean(lines)
        return
    count = len(diagnostics)
    summary = f"{first.code} {first.message}" if count == 1 else f"{count} problems, worst: {first.code} {first.message}"
    failure = ElementTree.SubElement(
        case, "failure", message=_clean(summary), type=",".join(dict.fromkeys(item.code for item in diagnostics))
    )
    failure.text = _clean(lines)


def _case_name(key: ResourceKey) -> str:
    if not key:
        return "file"
    document, kind, name, mesh = key
    where = f" in mesh {mesh}" if mesh else ""
    return f"{kind} {name if name is not None else '(unnamed)'}{where} (document {document})"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
