"""Positions inside a scalar: where the Nth character of a value sits in the file.

A template action such as ``{{.version}}`` is a part of a YAML string. To
point at it, vocheck walks the scalar's raw text, undoing quoting, escapes
and line folding, until it reaches the wanted character of the value.
"""

from __future__ import annotations

from collections.abc import Iterator

from vocheck.kuma.specs import JsonPath
from vocheck.model import Document, Span

_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


def span_inside(document: Document, path: JsonPath, offset: int, length: int) -> Span | None:
    """The span of ``length`` value characters from ``offset``; None if it cannot be told."""
    entry = document.positions.get(path)
    if entry is None or not document.text:
        return None
    value_span = entry[1]
    lines = document.text.split("\n")[value_span.line - 1 : value_span.end_line]
    places = list(_value_places(lines, value_span))
    if offset >= len(places):
        return None
    line, column = places[offset]
    last = min(offset + max(length, 1) - 1, len(places) - 1)
    end_line, end_column = places[last]
    if end_line != line:
        end_line, end_column = line, column
    return Span(line, column, end_line, end_column + 1)


def _value_places(lines: list[str], span: Span) -> Iterator[tuple[int, int]]:
    """(line, column) of each character of the scalar's value, in order."""
    first = lines[0][span.column - 1 :]
    style = first[:1]
    if style in ('"', "'"):
        yield from _quoted(lines, span, style)
    elif style in ("|", ">"):
        yield from _block(lines, span)
    else:
        yield from _plain(lines, span)


def _raw_chars(lines: list[str], span: Span) -> Iterator[tuple[int, int, str]]:
    for index, text in enumerate(lines):
        line = span.line + index
        start = span.column - 1 if index == 0 else 0
        stop = span.end_column - 1 if line == span.end_line else len(text)
        for column in range(start, min(stop, len(text))):
            yield line, column + 1, text[column]
        if line != span.end_line:
            yield line, len(text) + 1, "\n"


def _plain(lines: list[str], span: Span) -> Iterator[tuple[int, int]]:
    at_line_start = False
    for line, column, char in _raw_chars(lines, span):
        if char == "\n":
            at_line_start = True
            yield line, column  # folded into one space
            continue
        if at_line_start and char in " \t":
            continue
        at_line_start = False
        yield line, column


def _quoted(lines: list[str], span: Span, quote: str) -> Iterator[tuple[int, int]]:
    chars = list(_raw_chars(lines, span))[1:-1]  # drop the quotes
    index = 0
    at_line_start = False
    while index < len(chars):
        line, column, char = chars[index]
        if char == "\n":
            at_line_start = True
            yield line, column
            index += 1
            continue
        if at_line_start and char in " \t":
            index += 1
            continue
        at_line_start = False
        yield line, column
        if quote == '"' and char == "\\" and index + 1 < len(chars):
            index += _ESCAPE_LENGTH.get(chars[index + 1][2], 2)
        elif quote == "'" and char == "'":
            index += 2
        else:
            index += 1


def _block(lines: list[str], span: Span) -> Iterator[tuple[int, int]]:
    # The scalar ends at the start of the line after its content: that line is not part of it.
    body = lines[1:-1] if span.end_column == 1 else lines[1:]
    # YAML takes the indentation of a block scalar from its first non-empty line.
    indent = next((len(text) - len(text.lstrip(" ")) for text in body if text.strip()), 0)
    for index, text in enumerate(body):
        line = span.line + 1 + index
        for column in range(indent, len(text)):
            yield line, column + 1
        yield line, len(text) + 1
