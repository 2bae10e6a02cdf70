"""Files with mustache placeholders: rendered before they are read, their findings placed in the original."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from vocheck.model import Diagnostic, Document, Resource, Severity, Span
from vocheck.placeholders import Rendering, Substitution, find, render

# The parts of a VirtualOutbound that are Go templates of their own: never rendered as placeholders.
_GO_TEMPLATE_FIELDS = (("conf", "host"), ("conf", "port"))


@dataclass(frozen=True, slots=True)
class Templated:
    """A rendered file: the rendering, and the VO007 notes for its placeholders without a value."""

    rendering: Rendering
    notes: tuple[Diagnostic, ...] = ()


def rendering_of(text: str, values: Mapping[str, str]) -> Rendering | None:
    """The file rendered with ``values``; None when it has no placeholder (it is read as it is)."""
    if "{{" not in text:
        return None
    placeholders = find(text)
    return render(text, placeholders, values) if placeholders else None


def protected(rendering: Rendering, resources: Iterable[Resource]) -> frozenset[int]:
    """Placeholders inside a VirtualOutbound's host or port template, which must stay as they are."""
    spans = []
    for resource in resources:
        if resource.kind == "VirtualOutbound":
            for field in _GO_TEMPLATE_FIELDS:
                entry = resource.document.positions.get(resource.at(*field))
                if entry is not None:
                    spans.append(rendering.original_span(entry[1]))
    kept = set()
    for item in rendering.substitutions:
        start = _position(rendering.original, item.start)
        if any((span.line, span.column) <= start < (span.end_line, span.end_column) for span in spans):
            kept.add(item.start)
    return frozenset(kept)


def rerendered(rendering: Rendering, values: Mapping[str, str], keep: frozenset[int]) -> Rendering:
    return render(rendering.original, [item.placeholder for item in rendering.substitutions], values, keep)


def notes(
    file: str, rendering: Rendering, documents: Sequence[Document], kuma_looking: set[int], values: Mapping[str, str]
) -> tuple[Diagnostic, ...]:
    """One VO007 per placeholder without a value, in the documents that are (or look like) Kuma resources."""
    found = []
    for item in rendering.unvalued:
        line = _position(rendering.text, item.rendered_start)[0]
        document = next((document for document in documents if document.lines[0] <= line <= document.lines[1]), None)
        if document is None or document.index not in kuma_looking:
            continue
        found.append(_note(file, rendering, item, values))
    return tuple(found)


def _note(file: str, rendering: Rendering, item: Substitution, values: Mapping[str, str]) -> Diagnostic:
    name = item.placeholder.name.strip()
    written = rendering.original[item.start : item.end]
    message = (
        f'placeholder "{written}" has no value: Kuma fills it in when it renders the file '
        f"(kumactl apply -v {name}=VALUE, kuma-dp run --dataplane-var {name}=VALUE); "
        f"vocheck checks the rest, and --var {name}=VALUE checks this value too"
    )
    if values:
        message += "; with other variables set but not this one, Kuma renders it as an empty string"
    line, column = _position(rendering.original, item.start)
    end_line, end_column = _position(rendering.original, item.end)
    return Diagnostic(file, line, column, "VO007", message, Severity.INFO, end_line, end_column)


def placed(diagnostics: Iterable[Diagnostic], renderings: Mapping[str, Templated]) -> list[Diagnostic]:
    """Diagnostics moved from rendered files to their original text; those a placeholder caused, dropped."""
    result = []
    for diagnostic in diagnostics:
        templated = renderings.get(diagnostic.file)
        if templated is None or diagnostic.code == "VO007":
            result.append(diagnostic)
            continue
        span = Span(diagnostic.line, diagnostic.column, diagnostic.end_line or diagnostic.line, diagnostic.end_column or diagnostic.column)
        if templated.rendering.touches_unvalued(span):
            continue  # about the neutral value that stands in for a placeholder, not about the file
        moved = templated.rendering.original_span(span)
        result.append(
            replace(
                diagnostic,
                line=moved.line,
                column=moved.column,
                end_line=moved.end_line if diagnostic.end_line else 0,
                end_column=moved.end_column if diagnostic.end_column else 0,
            )
        )
    return result


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
