"""Text edits on a document as written: what a check's fix changes, located by the positions vocheck recorded.

Every helper works on the file's original characters and returns None when
the edit cannot be made without doubt (a flow mapping where a block one is
needed, a line break YAML counts that Python's lines do not): a fix that is
not offered is better than one that breaks the file.
"""

from __future__ import annotations

import functools
import re

from vocheck.kuma.specs import JsonPath
from vocheck.model import Document, Edit, Span

# The patterns are compiled when a fix is first worked out: a plain check run makes none.


@functools.cache
def _other_breaks() -> re.Pattern[str]:
    """Breaks YAML counts as a new line that splitting on "\n" would not: positions could not be trusted."""
    return re.compile("\r(?!\n)|[\x85\u2028\u2029]")


@functools.cache
def _plain_key() -> re.Pattern[str]:
    return re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*\Z")


@functools.cache
def _template() -> re.Pattern[str]:
    """A template written without quotes: YAML reads ``{{.service}}`` as a mapping in a mapping."""
    return re.compile(r"\{\{[^{}\n]*\}\}")


class TextEdits:
    """Edits for one document's file, by the paths and spans vocheck recorded for it."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.usable = bool(self.text) and _other_breaks().search(self.text) is None
        self._starts: list[int] | None = None

    # -- places -------------------------------------------------------------------------------

    def line_start(self, line: int) -> int | None:
        """The offset of the first character of 1-based ``line``."""
        if not self.usable:
            return None
        if self._starts is None:
            self._starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        if not 1 <= line <= len(self._starts):
            return None
        return self._starts[line - 1]

    def offset(self, line: int, column: int) -> int | None:
        """The offset of 1-based ``line`` and ``column``."""
        start = self.line_start(line)
        if start is None:
            return None
        offset = start + column - 1
        return offset if offset <= len(self.text) else None

    def line_text(self, line: int) -> str:
        """Line ``line`` without its line break."""
        start = self.line_start(line)
        if start is None:
            return ""
        end = self.text.find("\n", start)
        return self.text[start : len(self.text) if end < 0 else end].removesuffix("\r")

    def newline(self) -> str:
        """The line break the file uses."""
        return "\r\n" if "\r\n" in self.text else "\n"

    def key_span(self, path: JsonPath) -> Span | None:
        entry = self.document.positions.get(path)
        return entry[0] if entry is not None else None

    def value_span(self, path: JsonPath) -> Span | None:
        entry = self.document.positions.get(path)
        return entry[1] if entry is not None else None

    def written(self, span: Span) -> str | None:
        """The characters of ``span`` as the file holds them."""
        start, end = self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)
        if start is None or end is None or end < start:
            return None
        return self.text[start:end]

    def is_flow(self, path: JsonPath) -> bool:
        """Whether the collection at ``path`` is written in flow style (``{...}`` or ``[...]``)."""
        span = self.value_span(path)
        written = self.written(Span(span.line, span.column, span.line, span.column + 1)) if span else None
        return written in ("{", "[")

    # -- edits --------------------------------------------------------------------------------

    def replace(self, span: Span, content: str) -> Edit | None:
        start, end = self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)
        if start is None or end is None or end < start:
            return None
        return Edit(start, end, content)

    def rename_key(self, path: JsonPath, new: str) -> Edit | None:
        """Rename the key of ``path``, keeping its quotes."""
        span = self.key_span(path)
        written = self.written(span) if span else None
        if span is None or not written or span.line != span.end_line:
            return None
        if written[0] in "'\"" and written[-1] == written[0] and len(written) >= 2:
            if written[0] in new or "\\" in new:
                return None
            return self.replace(span, written[0] + new + written[0])
        if not _plain_key().match(new):
            return None
        return self.replace(span, new)

    def quote_value(self, path: JsonPath) -> Edit | None:
        """Quote a plain scalar exactly as written: ``1800`` becomes ``"1800"``."""
        span = self.value_span(path)
        written = self.written(span) if span else None
        if span is None or not written or span.line != span.end_line or written[0] in "'\"&*!|>[{":
            return None
        if '"' not in written and "\\" not in written:
            return self.replace(span, f'"{written}"')
        return self.replace(span, "'" + written.replace("'", "''") + "'")

    def quote_template(self, path: JsonPath) -> Edit | None:
        """Quote an unquoted ``{{...}}`` template that YAML read as a flow mapping, exactly as written."""
        span = self.value_span(path)
        written = self.written(span) if span else None
        if span is None or not written or span.line != span.end_line or not _template().fullmatch(written):
            return None
        if '"' not in written and "\\" not in written:
            return self.replace(span, f'"{written}"')
        return None

    def replace_scalar(self, path: JsonPath, new: str) -> Edit | None:
        """Give the scalar at ``path`` the text ``new``, in the quotes it was written with."""
        span = self.value_span(path)
        written = self.written(span) if span else None
        if span is None or not written or span.line != span.end_line:
            return None
        quote = written[0]
        if quote in "'\"" and len(written) >= 2 and written[-1] == quote:
            if quote in new or "\\" in new:
                return None
            return self.replace(span, quote + new + quote)
        if quote in "&*!|>[{" or not _plain_key().match(new):
            return None
        return self.replace(span, new)

    def indentation(self, line: int) -> int:
        text = self.line_text(line)
        return len(text) - len(text.lstrip(" "))

    def entry_last_line(self, key: Span) -> int:
        """The last line holding the block-mapping entry whose key is at ``key``.

        The entry runs while lines are blank, comments, indented deeper than
        the key, or a sequence's ``-`` at the key's own indentation; trailing
        blank and comment lines belong to what follows.
        """
        indent = key.column - 1
        last = key.line
        line = key.line + 1
        while self.line_start(line) is not None:
            text = self.line_text(line)
            stripped = text.lstrip(" ")
            if not stripped or stripped.startswith("#"):
                line += 1
                continue
            if text.startswith(("---", "...")) and text[3:4] in ("", " ", "\t"):
                break
            own = len(text) - len(stripped)
            if own > indent or (own == indent and (stripped == "-" or stripped.startswith(("- ", "-\t")))):
                last = line
                line += 1
                continue
            break
        return last

    def next_content_line(self, after: int) -> int | None:
        """The first line after ``after`` that holds more than blanks and a comment."""
        line = after + 1
        while self.line_start(line) is not None:
            stripped = self.line_text(line).strip()
            if stripped and not stripped.startswith("#"):
                return line
            line += 1
        return None

    def after_line(self, line: int) -> int | None:
        """The offset just after ``line`` and its line break (the end of the text for the last line)."""
        start = self.line_start(line + 1)
        return start if start is not None else (len(self.text) if self.usable else None)

    def delete_entry(self, key: Span, value: Span | None = None, *, flow: bool = False) -> Edit | None:
        """Delete a mapping entry: its key, its value and what separates it from the next one."""
        key_start = self.offset(key.line, key.column)
        if key_start is None:
            return None
        if flow:
            end = self.offset(value.end_line, value.end_column) if value is not None else None
            if end is None:
                return None
            match = re.compile(r"[ \t]*,\s*").match(self.text, end)
            if match is None:
                return None
            return Edit(key_start, match.end())
        last = self.entry_last_line(key)
        before = self.line_text(key.line)[: key.column - 1]
        if not before.strip():
            start, stop = self.line_start(key.line), self.after_line(last)
            return Edit(start, stop) if start is not None and stop is not None else None
        # The key shares its line with what opens it (``- name: a``): keep that, and pull the next entry up.
        following = self.next_content_line(last)
        if following is None or self.indentation(following) != key.column - 1:
            return None
        stop = self.offset(following, key.column)
        return Edit(key_start, stop) if stop is not None else None

    def insert_after_entry(self, path: JsonPath, key: str, value: str) -> Edit | None:
        """Add ``key: value`` as the sibling just after the entry at ``path``."""
        key_span, value_span = self.key_span(path), self.value_span(path)
        if key_span is None or value_span is None:
            return None
        if self.is_flow(path[:-1]):
            end = self.offset(value_span.end_line, value_span.end_column)
            if (self.written(key_span) or "").startswith('"'):
                # Written as JSON (a .json file, most likely): stay JSON.
                key, value = f'"{key}"', f'"{value}"'
            return Edit(end, end, f", {key}: {value}") if end is not None else None
        last = self.entry_last_line(key_span)
        at = self.after_line(last)
        if at is None:
            return None
        line = " " * (key_span.column - 1) + f"{key}: {value}"
        if at == len(self.text) and not self.text.endswith("\n"):
            return Edit(at, at, self.newline() + line)
        return Edit(at, at, line + self.newline())
