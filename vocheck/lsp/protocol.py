"""vocheck's values as LSP's: positions in the negotiated encoding, diagnostics, text edits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.uris import from_fs_path

from vocheck.model import Diagnostic, Edit, Severity

Units = Callable[[str], int]
"""How many code units of the negotiated encoding a string takes (UTF-16 unless the client chose another)."""

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def path_of(uri: str) -> str:
    """The file name the workspace keeps a document under: its path, or the URI itself when it has none."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return uri
    return unquote(parsed.path)


def uri_of(name: str) -> str:
    if "://" in name or name.startswith("untitled:"):
        return name
    return from_fs_path(name) or name


class Lines:
    """A text's lines, to turn vocheck's 1-based code-point positions into LSP positions and back."""

    def __init__(self, text: str, units: Units) -> None:
        self.text = text
        self.starts = [0]
        found = text.find("\n")
        while found != -1:
            self.starts.append(found + 1)
            found = text.find("\n", found + 1)
        self.units = units

    def line_text(self, line: int) -> str:
        """The text of 0-based ``line``, without its line break."""
        if not 0 <= line < len(self.starts):
            return ""
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].removesuffix("\r")

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of 1-based ``line`` and code-point ``column``, clamped into the text."""
        line = min(max(line - 1, 0), len(self.starts) - 1)
        text = self.line_text(line)
        column = min(max(column - 1, 0), len(text))
        return types.Position(line, self.units(text[:column]))

    def at_offset(self, offset: int) -> types.Position:
        """The LSP position of a character offset (a fix's edit)."""
        offset = min(max(offset, 0), len(self.text))
        line = _line_of(self.starts, offset)
        start = self.starts[line]
        return types.Position(line, self.units(self.text[start:offset]))

    def code_points(self, position: types.Position) -> tuple[int, int]:
        """1-based line and code-point column of an LSP position."""
        text = self.line_text(position.line)
        column = 0
        spent = 0
        while column < len(text) and spent < position.character:
            spent += self.units(text[column])
            column += 1
        return position.line + 1, column + 1

    def range_of(self, item: Diagnostic) -> types.Range:
        start = self.position(item.line, item.column)
        if item.end_line <= 0:
            # No end given: to the end of the line, so the mark is visible.
            return types.Range(start, types.Position(start.line, self.units(self.line_text(start.line))))
        end = self.position(item.end_line, item.end_column)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return types.Range(start, end)


def _line_of(starts: Sequence[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def to_diagnostic(item: Diagnostic, lines: Lines, docs_link: Callable[[str], str], related_lines: Callable[[str], Lines | None]) -> types.Diagnostic:
    """One vocheck diagnostic as the client shows it, with the other places it concerns."""
    related = []
    for place in item.related:
        other = related_lines(place.file)
        if other is None:
            continue
        end = place.end_line if place.end_line > 0 else place.line
        location = types.Location(
            uri_of(place.file),
            types.Range(other.position(place.line, place.column), other.position(end, place.end_column or place.column)),
        )
        related.append(types.DiagnosticRelatedInformation(location, place.message))
    message = item.message
    if item.kuma is not None and item.kuma.message not in message:
        message = f"{message}\nKuma: {item.kuma.field}: {item.kuma.message}"
    return types.Diagnostic(
        range=lines.range_of(item),
        message=message,
        severity=_SEVERITIES.get(item.severity, types.DiagnosticSeverity.Error),
        code=item.code,
        code_description=types.CodeDescription(href=docs_link(item.code)),
        source="vocheck",
        related_information=related or None,
        data={"name": item.name, "fix": item.fix.applicability if item.fix is not None else None},
    )


def text_edits(edits: Sequence[Edit], lines: Lines) -> list[types.TextEdit]:
    return [types.TextEdit(types.Range(lines.at_offset(edit.start), lines.at_offset(edit.end)), edit.content) for edit in edits]
