"""Mustache placeholders (``name: {{ name }}``) that Kuma fills in before it reads a file.

``kumactl apply -f F -v NAME=VALUE`` and ``kuma-dp run --dataplane-file F
--dataplane-var NAME=VALUE`` render the file with a mustache renderer
first. Its rules, which vocheck follows:

- a tag is ``{{ name }}`` (spaces inside are trimmed) or ``{{{name}}}``;
- ``{{ name }}`` writes the value HTML-escaped (``&`` becomes ``&amp;``,
  ``"`` ``&#34;``, ``'`` ``&#39;``, ``<`` ``&lt;``, ``>`` ``&gt;``);
  ``{{{name}}}`` writes it as it is;
- ``-v a.b=x`` makes ``a`` a map holding ``b``, and ``{{ a.b }}`` looks it up;
- a name without a value renders as an empty string, without an error.

vocheck renders only placeholders: a tag whose name is a plain dotted word
such as ``address`` or ``var.with.dots``. A Go template action of a
VirtualOutbound (``{{.service}}``, ``{{ if .x }}``) starts with a dot or
holds spaces, so it is never taken for one, and nothing inside a
VirtualOutbound's ``conf.host`` or ``conf.port`` is ever rendered. A part of
a file with mustache sections, partials or changed delimiters is left as it
is: vocheck does not guess what they produce.

Without a value, a placeholder is replaced by a neutral value (a quoted
number where it stands for a whole value, so that both string and number
fields accept it) and every finding that touches it is dropped: the
placeholder is reported once, as VO007, and the rest is checked.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence

from vocheck.model import Span
from vocheck.load.mustache import context_of, html_escape, lookup, tags
from vocheck._perf.records import record

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
# Words that stand alone in Go template actions; never placeholders.
_GO_WORDS = frozenset({"else", "end", "break", "continue", "nil", "true", "false"})
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=\s|$)", re.MULTILINE)
# Where a placeholder stands for a whole YAML value: after "key:", "-", "[", "{" or ",", with nothing but
# a comment or the end of a flow collection after it.
_VALUE_BEFORE = (":", "-", "[", "{", ",")
_FIRST_NEUTRAL = 40001


@record
class Placeholder:
    """One ``{{ name }}`` tag of a file: where it is (offsets into the text) and what it names."""

    start: int
    end: int
    name: str
    raw: bool = False  # {{{name}}}: the value is written without HTML escaping


@record
class Substitution:
    """A part of the original text and what stands for it in the rendered text."""

    start: int
    end: int
    rendered_start: int
    rendered_end: int
    placeholder: Placeholder
    value: str | None  # None: the placeholder has no value and a neutral one stands in


@record
class Rendering:
    """A file with its placeholders filled in, and the way back to the original positions."""

    original: str
    text: str
    substitutions: tuple[Substitution, ...]
    # Where each line starts, in both texts, and where each substitution starts in the rendered one.
    original_lines: tuple[int, ...] = ()
    rendered_lines: tuple[int, ...] = ()
    rendered_starts: tuple[int, ...] = ()

    def original_position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset into the original text."""
        return _position(self.original_lines, offset)

    def rendered_position(self, offset: int) -> tuple[int, int]:
        return _position(self.rendered_lines, offset)

    @property
    def unvalued(self) -> tuple[Substitution, ...]:
        return tuple(item for item in self.substitutions if item.value is None)

    def original_span(self, span: Span) -> Span:
        """The span in the original file of a span of the rendered text."""
        start = self._original_offset(_offset(self.rendered_lines, self.text, span.line, span.column), at_end=False)
        end = self._original_offset(_offset(self.rendered_lines, self.text, span.end_line, span.end_column), at_end=True)
        end = max(end, start)
        line, column = self.original_position(start)
        end_line, end_column = self.original_position(end)
        return Span(line, column, end_line, end_column)

    def touches_unvalued(self, span: Span) -> bool:
        """Whether a span of the rendered text overlaps a neutral value standing for a placeholder."""
        start = _offset(self.rendered_lines, self.text, span.line, span.column)
        end = max(_offset(self.rendered_lines, self.text, span.end_line, span.end_column), start + 1)
        # Substitutions are in order and never overlap: only those starting before the end can touch.
        for index in range(bisect.bisect_left(self.rendered_starts, end) - 1, -1, -1):
            item = self.substitutions[index]
            if item.rendered_end <= start:
                return False
            if item.value is None:
                return True
        return False

    def _original_offset(self, offset: int, at_end: bool) -> int:
        index = bisect.bisect_right(self.rendered_starts, offset) - 1
        if index < 0:
            return offset
        item = self.substitutions[index]
        if offset < item.rendered_end or (at_end and offset == item.rendered_end):
            # Inside a substituted value: the finding is about the placeholder.
            return item.end if at_end and offset > item.rendered_start else item.start
        return offset - item.rendered_end + item.end


def find(text: str) -> list[Placeholder]:
    """The placeholders of a text, in order; parts the renderer would refuse are left out."""
    found: list[Placeholder] = []
    for begin, chunk in _chunks(text):
        chunk_tags = tags(chunk)
        if chunk_tags is not None:
            found.extend(
                Placeholder(begin + start, begin + end, name, raw)
                for start, end, name, raw in chunk_tags
                if _is_placeholder(name, raw)
            )
    return found


def render(
    text: str,
    placeholders: Sequence[Placeholder],
    values: Mapping[str, str],
    protected: frozenset[int] = frozenset(),
    first_neutral: int = _FIRST_NEUTRAL,
) -> Rendering:
    """The text with each placeholder (not starting at an offset in ``protected``) filled in.

    Neutral values count up from ``first_neutral``: files that start from
    different numbers do not make two templated Dataplanes one.
    """
    context = context_of(values)
    parts: list[str] = []
    substitutions: list[Substitution] = []
    position = rendered = 0
    neutral = first_neutral
    for placeholder in placeholders:
        if placeholder.start in protected:
            continue
        parts.append(text[position : placeholder.start])
        rendered += placeholder.start - position
        value = lookup(context, placeholder.name)
        if value is None:
            written = f'"{neutral}"' if _stands_for_value(text, placeholder) else str(neutral)
            neutral += 1
        else:
            written = value if placeholder.raw else html_escape(value)
        parts.append(written)
        substitutions.append(
            Substitution(placeholder.start, placeholder.end, rendered, rendered + len(written), placeholder, value)
        )
        rendered += len(written)
        position = placeholder.end
    parts.append(text[position:])
    rendered_text = "".join(parts)
    return Rendering(
        text,
        rendered_text,
        tuple(substitutions),
        _line_starts(text),
        _line_starts(rendered_text),
        tuple(item.rendered_start for item in substitutions),
    )


def _is_placeholder(name: str, raw: bool) -> bool:
    word = name.strip() if raw else name
    return _NAME.fullmatch(word) is not None and word not in _GO_WORDS


def _stands_for_value(text: str, placeholder: Placeholder) -> bool:
    line_start = text.rfind("\n", 0, placeholder.start) + 1
    line_end = text.find("\n", placeholder.end)
    before = text[line_start : placeholder.start].rstrip()
    after = text[placeholder.end : len(text) if line_end < 0 else line_end].strip()
    if not before.endswith(_VALUE_BEFORE) or before.endswith(("::", "--")):
        return False
    return not after or after.startswith("#") or after[0] in ",]}"


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """The documents of a file, each rendered on its own as ``kumactl apply`` does."""
    starts = [0] + [match.start() for match in _DOCUMENT_MARKER.finditer(text) if match.start()]
    for begin, end in zip(starts, starts[1:] + [len(text)]):
        yield begin, text[begin:end]


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(match.end() for match in re.finditer("\n", text)))


def _offset(lines: Sequence[int], text: str, line: int, column: int) -> int:
    if line > len(lines):
        return len(text)
    return min(lines[max(line, 1) - 1] + column - 1, len(text))


def _position(lines: Sequence[int], offset: int) -> tuple[int, int]:
    index = bisect.bisect_right(lines, offset) - 1
    return index + 1, offset - lines[index] + 1
