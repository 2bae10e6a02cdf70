"""Read YAML and JSON text into documents whose every value keeps its position.

Each file is composed once with libyaml (PyYAML's C parser where present).
Values are built from the node tree with go-yaml v2's scalar rules while
the positions of keys and values are recorded, so no Python object is ever
constructed from a tag.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import yaml
import yaml.reader
from yaml.events import AliasEvent, CollectionEndEvent, DocumentStartEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from vocheck.model import Document, Span
from vocheck.golang.shown import shown

from vocheck.load.limits import LimitExceeded, Limits, Parser, SyntaxProblem, too_many_in_file, too_many_values
from vocheck.load.values import PLAIN_TAG, STR_TAG, Builder, expanded_size




_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


# Both compiled on first use: most files hold no "&" and are not cut at their markers.
@functools.cache
def _anchor() -> re.Pattern[str]:
    """An anchor (``&name``) is what any alias needs; files without one cannot expand."""
    return re.compile(r"(?:^|[\s\[\]{},:?-])&[^\s\[\]{},]")


@functools.cache
def _document_marker() -> re.Pattern[str]:
    return re.compile(r"^(---|\.\.\.)(?=\s|$)", re.MULTILINE)


class _Composer(Parser, BaseResolver):
    """libyaml's composer with tags left for vocheck to resolve."""

    def __init__(self, text: str) -> None:
        Parser.__init__(self, text)
        BaseResolver.__init__(self)

    # libyaml calls these for every collection; vocheck registers no path resolvers, so
    # C builtins that ignore their arguments stand in for PyYAML's Python methods.
    descend_resolver = staticmethod(slice)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return PLAIN_TAG if implicit[0] else STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG


def read_documents(
    file: str, text: str, limits: Limits = Limits()
) -> tuple[list[Document], list[SyntaxProblem]]:
    """Every document of ``text``; a broken part is a problem, the rest still counts."""
    problems: list[SyntaxProblem] = []
    # One document more than allowed is enough to report the limit; never compose the rest.
    wanted = limits.max_documents + 1
    # What composing may still build: the node tree of a whole file costs more than its values.
    budget = _TextBudget(limits.max_file_values, len(text))
    try:
        located: list[tuple[Node | None, int]] = [(node, 0) for node in _compose(text, wanted, budget)]
    except (yaml.YAMLError, RecursionError):
        # libyaml cannot go on after an error: read each document on its own,
        # so that one broken document does not hide the others.
        located = []
        budget = _TextBudget(limits.max_file_values, len(text))
        for offset, chunk in _split_documents(text):
            if len(located) >= wanted or budget.crossed is not None:
                break
            try:
                located.extend((node, offset) for node in _compose(chunk, wanted, budget, offset))
            except RecursionError:
                # Only PyYAML's pure-Python composer recurses; libyaml stops at 1,000 levels itself.
                message = "exceeded maximum nesting depth: the document nests too deeply to be read; not checked"
                problems.append(SyntaxProblem(message, Span(offset + 1, 1, offset + 1, 1), "VO004"))
                located.append((None, offset))
            except yaml.reader.ReaderError as error:
                problems.append(_reader_problem(error, chunk, offset))
                located.append((None, offset))
            except yaml.MarkedYAMLError as error:
                problems.append(_syntax_problem(error, offset, chunk))
                located.append((None, offset))  # keeps the numbering of the documents after it
    if len(located) > limits.max_documents:
        message = f"more than {limits.max_documents} documents in one file; the rest is not checked"
        node, offset = located[limits.max_documents]
        line = (node.start_mark.line if node else 0) + offset + 1
        problems.append(SyntaxProblem(message, Span(line, 1, line, 1), "VO004"))
        del located[limits.max_documents :]
    documents: list[Document] = []
    aliased = "&" in text and _anchor().search(text) is not None
    left = limits.max_file_values
    for index, (node, offset) in enumerate(located):
        if node is None:
            continue
        cap = min(limits.max_nodes, left)
        builder = Builder(offset, limits, cap)
        try:
            if aliased and expanded_size(node, cap, limits.max_depth) > cap:
                # Decided on the alias graph, before a single value is built: a "billion
                # laughs" file is refused in milliseconds and without the memory it asks for.
                raise LimitExceeded(too_many_values(limits, cap), node, cap < limits.max_nodes)
            data = builder.build(node, (), 0)
        except LimitExceeded as error:
            problems.append(SyntaxProblem(str(error), _span(error.node, offset), "VO004"))
            if error.file_wide:
                break  # the file's values are spent: the documents after this one are not built
            continue
        except RecursionError:  # only with a max_depth far above the default
            message = "exceeded maximum nesting depth: the document nests too deeply to be read; not checked"
            problems.append(SyntaxProblem(message, _span(node, offset), "VO004"))
            continue
        left -= builder.nodes
        lines = (node.start_mark.line + 1 + offset, node.end_mark.line + 1 + offset)
        documents.append(
            Document(file, index, data, builder.positions, tuple(builder.duplicates), lines, text)
        )
    if budget.crossed is not None:
        line, column = budget.crossed
        problems.append(SyntaxProblem(too_many_in_file(limits), Span(line, column, line, column + 1), "VO004"))
    return documents, problems


class _TextBudget:
    """The values the composer may still meet in a file's text, and where the text went beyond them."""

    __slots__ = ("left", "counted", "crossed")

    def __init__(self, values: int, length: int) -> None:
        self.left = values
        # Every value needs two characters of text at least (``1,``), so a short file
        # cannot go beyond the budget: only a longer one is counted.
        self.counted = length > 2 * values
        self.crossed: tuple[int, int] | None = None  # line and column, from 1


def _compose(
    text: str, limit: int | None = None, budget: _TextBudget | None = None, line_offset: int = 0
) -> list[Node]:
    """The documents of ``text`` as node trees, at most ``limit`` of them.

    With a ``budget``, only the documents whose values fit in it are composed:
    a node costs several times its value, so a text that could hold more
    values than the budget is counted first, on the parser's events.
    """
    if budget is not None:
        fitting = _documents_within(text, budget, line_offset)
        if fitting is not None:
            limit = fitting if limit is None else min(limit, fitting)
    composer = _Composer(text)
    nodes: list[Node] = []
    try:
        while (limit is None or len(nodes) < limit) and composer.check_node():
            node = composer.get_node()
            if node is not None:
                nodes.append(node)
    finally:
        composer.dispose()
    return nodes


_NODE_EVENTS = (ScalarEvent, AliasEvent, SequenceStartEvent, MappingStartEvent)


def _documents_within(text: str, budget: _TextBudget, line_offset: int) -> int | None:
    """How many documents of ``text`` fit in ``budget`` (None: all), taking what they use from it.

    A value is a node that is not a mapping key; an alias counts once, as its text does.
    """
    if not budget.counted:
        return None
    parser = _Composer(text)
    # Per open collection: None for a sequence, else whether a mapping's next node is a key.
    expecting: list[bool | None] = []
    left = budget.left
    documents = -1
    try:
        while parser.check_event():
            event = parser.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, _NODE_EVENTS):
                key = bool(expecting) and expecting[-1] is True
                if expecting and expecting[-1] is not None:
                    expecting[-1] = not expecting[-1]
                if not key:
                    left -= 1
                    if left < 0:
                        mark = event.start_mark
                        line, column = (mark.line, mark.column) if mark is not None else (0, 0)
                        budget.left, budget.crossed = 0, (line + 1 + line_offset, column + 1)
                        return max(documents, 0)
                if isinstance(event, SequenceStartEvent):
                    expecting.append(None)
                elif isinstance(event, MappingStartEvent):
                    expecting.append(True)
            elif isinstance(event, CollectionEndEvent):
                expecting.pop()
            elif isinstance(event, DocumentStartEvent):
                documents += 1
    except (yaml.YAMLError, RecursionError):
        pass  # composing finds the same error and says where; what came before it was counted
    finally:
        parser.dispose()
    budget.left = left
    return None


def _split_documents(text: str) -> Iterator[tuple[int, str]]:
    """Cut at document markers; each chunk keeps its line offset in the file."""
    starts = [0] + [match.start() for match in _document_marker().finditer(text) if match.start()]
    for begin, end in zip(starts, starts[1:] + [len(text)]):
        chunk = text[begin:end]
        if chunk.strip():
            yield text.count("\n", 0, begin), chunk


def _reader_problem(error: yaml.reader.ReaderError, text: str, line_offset: int) -> SyntaxProblem:
    """A character YAML forbids anywhere, such as a control character."""
    position = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, position) + 1 + line_offset
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = f"U+{error.character:04X}" if isinstance(error.character, int) else shown(error.character)
    return SyntaxProblem(
        f"YAML syntax error: the character {character} is not allowed in YAML; escape it in a double-quoted string",
        Span(line, column, line, column + 1),
    )


def _syntax_problem(error: yaml.MarkedYAMLError, line_offset: int, text: str = "") -> SyntaxProblem:
    mark = error.problem_mark or error.context_mark
    line = (mark.line if mark else 0) + 1 + line_offset
    column = (mark.column if mark else 0) + 1
    if mark is not None and _indented_with_tab(text, mark.line, mark.column):
        # libyaml's words ("cannot start any token") do not say that the tab is the problem.
        message = "YAML syntax error: a tab indents this line, and YAML forbids tabs in indentation; indent with spaces"
        return SyntaxProblem(message, Span(line, column, line, column + 1))
    message = f"YAML syntax error: {error.problem or 'invalid YAML'}"
    if error.context:
        message += f" {error.context}"
        start = error.context_mark
        if start is not None and mark is not None and (start.line, start.column) != (mark.line, mark.column):
            thing = re.sub(r"^while \w+ (an? |the )?", "", error.context)
            message += f" (the {thing} starts at line {start.line + 1 + line_offset}, column {start.column + 1})"
    return SyntaxProblem(message, Span(line, column, line, column + 1))


def _indented_with_tab(text: str, line: int, column: int) -> bool:
    """Whether the 0-based ``line`` of ``text`` has a tab in its indentation, up to ``column``."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    end = text.find("\n", start)
    content = text[start : end if end >= 0 else len(text)]
    indentation = content[: len(content) - len(content.lstrip(" \t"))]
    return "\t" in indentation[: column + 1]


def _span(node: Node, line_offset: int) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1 + line_offset, start.column + 1, end.line + 1 + line_offset, end.column + 1)
