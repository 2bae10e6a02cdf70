"""Read YAML and JSON text into documents whose every value keeps its position.

Each file is composed once with libyaml (PyYAML's C parser where present).
Values are built from the node tree with go-yaml v2's scalar rules while
the positions of keys and values are recorded, so no Python object is ever
constructed from a tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml
import yaml.reader
from yaml.events import AliasEvent, CollectionEndEvent, DocumentStartEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from vocheck.load.goyaml import key_string, resolve_plain
from vocheck.kuma.specs import JsonPath
from vocheck.model import Document, DuplicateKey, Span
from vocheck.golang.shown import shown

from yaml.composer import Composer as _PyComposer
from yaml.parser import Parser as _PyParser
from yaml.reader import Reader as _PyReader
from yaml.scanner import Scanner as _PyScanner


class _PurePythonParser(_PyReader, _PyScanner, _PyParser, _PyComposer):
    """PyYAML's own parser: slower, but deep nesting ends in a RecursionError, not a crash."""

    def __init__(self, stream: str) -> None:
        _PyReader.__init__(self, stream)
        _PyScanner.__init__(self)
        _PyParser.__init__(self)
        _PyComposer.__init__(self)


def _safe_libyaml() -> type | None:
    """libyaml's parser, if it bounds nesting (0.2.6 and later); older ones crash on deep input."""
    try:
        from yaml import _yaml
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        return None
    version = tuple(int(part) for part in str(_yaml.get_version_string()).split(".")[:3] if part.isdigit())
    parser: type = CParser
    return parser if version >= (0, 2, 6) else None


if TYPE_CHECKING:
    _Parser = _PurePythonParser
else:
    _Parser = _safe_libyaml() or _PurePythonParser


PLAIN_TAG = "vocheck:plain"
STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_EXPLICIT_SCALARS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: resolve_plain(text),
    "tag:yaml.org,2002:int": lambda text: resolve_plain(text),
    "tag:yaml.org,2002:float": lambda text: resolve_plain(text),
}
# An anchor (``&name``) is what any alias needs; files without one cannot expand.
_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:?-])&[^\s\[\]{},]")
_DOCUMENT_MARKER = re.compile(r"^(---|\.\.\.)(?=\s|$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input from exhausting memory or time."""

    max_nodes: int = 1_000_000
    max_depth: int = 200
    max_documents: int = 10_000
    # All documents of a file together, aliases expanded: what bounds a file's memory.
    max_file_values: int = 200_000
    # All files of a run together: what bounds a run's memory (a few hundred bytes per value).
    max_run_values: int = 2_000_000
    max_run_documents: int = 100_000
    max_run_inbounds: int = 100_000
    # Template steps the per-resource checks may take (Template.execute_counted), per file and per run.
    max_file_template_steps: int = 1_000_000
    max_run_template_steps: int = 5_000_000


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A part of a file that is not YAML, or that breaks a limit."""

    message: str
    span: Span
    code: str = "VO001"


class LimitExceeded(Exception):
    """A document is larger or deeper than vocheck's limits allow."""

    def __init__(self, message: str, node: Node, file_wide: bool = False) -> None:
        super().__init__(message)
        self.node = node
        self.file_wide = file_wide  # the file's values are spent, not only this document's


class _Composer(_Parser, BaseResolver):
    """libyaml's composer with tags left for vocheck to resolve."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
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
    aliased = "&" in text and _ANCHOR.search(text) is not None
    left = limits.max_file_values
    for index, (node, offset) in enumerate(located):
        if node is None:
            continue
        cap = min(limits.max_nodes, left)
        builder = _Builder(offset, limits, cap)
        try:
            if aliased and _expanded_size(node, cap, limits.max_depth) > cap:
                # Decided on the alias graph, before a single value is built: a "billion
                # laughs" file is refused in milliseconds and without the memory it asks for.
                raise LimitExceeded(_too_many_values(limits, cap), node, cap < limits.max_nodes)
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
        problems.append(SyntaxProblem(_too_many_in_file(limits), Span(line, column, line, column + 1), "VO004"))
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
    starts = [0] + [match.start() for match in _DOCUMENT_MARKER.finditer(text) if match.start()]
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


# A span as four plain ints (line, column, end line, end column): a tuple costs a
# fraction of a Span, and most positions are never asked for. An entry of the
# index is the value's span, or the key's span and the value's in one flat tuple
# of eight: one allocation per value, not three.
_RawSpan = tuple[int, int, int, int]
_RawEntry = tuple[int, ...]


class Positions(Mapping[JsonPath, tuple[Span | None, Span]]):
    """The key and value spans of every path of a document, turned into Spans on demand."""

    __slots__ = ("_raw",)

    def __init__(self, raw: dict[JsonPath, _RawEntry]) -> None:
        self._raw = raw

    def __getitem__(self, path: JsonPath) -> tuple[Span | None, Span]:
        entry = self._raw[path]
        if len(entry) == 8:
            return Span(*entry[:4]), Span(*entry[4:])
        return None, Span(*entry)

    def __contains__(self, path: object) -> bool:
        return path in self._raw

    def __iter__(self) -> Iterator[JsonPath]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


_MISSING = object()


class _Builder:
    """Turns one document's node tree into values and a position index."""

    def __init__(self, line_offset: int, limits: Limits, max_nodes: int | None = None) -> None:
        self.line_offset = line_offset
        self.offset = line_offset + 1
        self.limits = limits
        self.max_nodes = limits.max_nodes if max_nodes is None else max_nodes
        self.max_depth = limits.max_depth
        self.nodes = 0
        self.raw: dict[JsonPath, _RawEntry] = {}
        self.positions = Positions(self.raw)
        self.duplicates: list[DuplicateKey] = []

    def build(self, node: Node, path: JsonPath, depth: int, key_span: _RawSpan | None = None) -> Any:
        self._count(node, depth)
        start, end = node.start_mark, node.end_mark
        offset = self.offset
        value_span = (start.line + offset, start.column + 1, end.line + offset, end.column + 1)
        self.raw[path] = value_span if key_span is None else key_span + value_span
        kind = node.__class__
        if kind is ScalarNode:
            return _scalar(node)  # type: ignore[arg-type]
        if kind is SequenceNode:
            return self._sequence(node.value, path, depth + 1)
        assert isinstance(node, MappingNode)
        return self._mapping(node, path, depth)

    def _count(self, node: Node, depth: int) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            # Aliases make a small file expand without bound ("billion laughs").
            raise LimitExceeded(_too_many_values(self.limits, self.max_nodes), node, self.max_nodes < self.limits.max_nodes)
        if depth > self.max_depth:
            raise LimitExceeded(f"document nests deeper than {self.max_depth} levels; not checked", node)

    def _sequence(self, items: list[Node], path: JsonPath, depth: int) -> list[Any]:
        if depth > self.max_depth:
            return [self.build(item, path + (index,), depth) for index, item in enumerate(items)]
        # A scalar that cannot reach a limit is built inline, as build() would build it.
        result: list[Any] = []
        raw = self.raw
        offset = self.offset
        resolved = _RESOLVED
        max_nodes = self.max_nodes
        for index, item in enumerate(items):
            if item.__class__ is ScalarNode and self.nodes < max_nodes:
                self.nodes += 1
                start, end = item.start_mark, item.end_mark
                raw[path + (index,)] = (start.line + offset, start.column + 1, end.line + offset, end.column + 1)
                if item.tag == PLAIN_TAG:
                    value = resolved.get(item.value, _MISSING)
                    result.append(_resolve_new(item.value) if value is _MISSING else value)
                else:
                    result.append(_scalar(item))
            else:
                result.append(self.build(item, path + (index,), depth))
        return result

    def _mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        pairs: list[tuple[Node, Node]] = node.value
        plain_keys = _PLAIN_KEYS
        keys: list[str] = []
        for key_node, _ in pairs:
            if key_node.__class__ is ScalarNode and key_node.tag == PLAIN_TAG:
                key = plain_keys.get(key_node.value)
                keys.append(_key(key_node) if key is None else key)
            else:
                keys.append(_key(key_node))
        if "<<" in keys:
            merged = self._merged_pairs(node, depth)
            if merged is not pairs:
                pairs = merged
                keys = [_key(key_node) for key_node, _ in pairs]
        if len(set(keys)) != len(keys):
            return self._mapping_with_duplicates(pairs, keys, path, depth)
        result: dict[str, Any] = {}
        depth += 1
        raw = self.raw
        offset = self.offset
        resolved = _RESOLVED
        small = self.nodes + len(keys) <= self.max_nodes and depth <= self.max_depth
        for key, (key_node, value_node) in zip(keys, pairs):
            start, end = key_node.start_mark, key_node.end_mark
            if small and value_node.__class__ is ScalarNode:
                # Most values are scalars: build them here, without a call per value (same as build()).
                self.nodes += 1
                value_start, value_end = value_node.start_mark, value_node.end_mark
                raw[path + (key,)] = (
                    start.line + offset,
                    start.column + 1,
                    end.line + offset,
                    end.column + 1,
                    value_start.line + offset,
                    value_start.column + 1,
                    value_end.line + offset,
                    value_end.column + 1,
                )
                if value_node.tag == PLAIN_TAG:
                    value = resolved.get(value_node.value, _MISSING)
                    result[key] = _resolve_new(value_node.value) if value is _MISSING else value
                else:
                    result[key] = _scalar(value_node)
            else:
                key_span = (start.line + offset, start.column + 1, end.line + offset, end.column + 1)
                result[key] = self.build(value_node, path + (key,), depth, key_span)
        return result

    def _mapping_with_duplicates(
        self, pairs: list[tuple[Node, Node]], keys: list[str], path: JsonPath, depth: int
    ) -> dict[str, Any]:
        offset = self.offset
        keyed: list[tuple[str, Node, _RawSpan]] = []
        for key, (key_node, value_node) in zip(keys, pairs):
            start, end = key_node.start_mark, key_node.end_mark
            keyed.append((key, value_node, (start.line + offset, start.column + 1, end.line + offset, end.column + 1)))
        result: dict[str, Any] = {}
        keyed = self._last_of_each(keyed, path)
        depth += 1
        raw = self.raw
        small = self.nodes + len(keyed) <= self.max_nodes and depth <= self.max_depth
        for key, value_node, key_span in keyed:
            if small and isinstance(value_node, ScalarNode):
                self.nodes += 1
                start, end = value_node.start_mark, value_node.end_mark
                value_span = (start.line + offset, start.column + 1, end.line + offset, end.column + 1)
                raw[path + (key,)] = key_span + value_span
                result[key] = _scalar(value_node)
            else:
                result[key] = self.build(value_node, path + (key,), depth, key_span)
        return result

    def _last_of_each(
        self, keyed: list[tuple[str, Node, _RawSpan]], path: JsonPath
    ) -> list[tuple[str, Node, _RawSpan]]:
        """Keep the last of equal keys, as Kuma does, and note each duplicate."""
        last = {key: index for index, (key, _, _) in enumerate(keyed)}
        first_span: dict[str, tuple[_RawSpan, Node]] = {}
        kept: list[tuple[str, Node, _RawSpan]] = []
        for index, (key, value_node, key_span) in enumerate(keyed):
            if last[key] != index:
                first_span.setdefault(key, (key_span, value_node))
                continue
            if key in first_span:
                first, first_value = first_span[key]
                value = _span(first_value, self.line_offset)
                self.duplicates.append(DuplicateKey(path + (key,), Span(*first), Span(*key_span), value))
            kept.append((key, value_node, key_span))
        return kept

    def _merged_pairs(self, node: MappingNode, depth: int) -> list[tuple[Node, Node]]:
        """Apply ``<<`` merge keys: merged pairs first, so explicit keys win."""
        pairs: list[tuple[Node, Node]] = node.value
        if not any(key.value == "<<" for key, _ in pairs):
            return pairs
        own: list[tuple[Node, Node]] = []
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in pairs:
            if isinstance(key_node, ScalarNode) and key_node.tag == PLAIN_TAG and key_node.value == "<<":
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if isinstance(source, MappingNode):
                        self.nodes += len(source.value)
                        if self.nodes > self.max_nodes:
                            raise LimitExceeded(
                                _too_many_values(self.limits, self.max_nodes), source, self.max_nodes < self.limits.max_nodes
                            )
                        merged.extend(self._merged_pairs(source, depth + 1))
            else:
                own.append((key_node, value_node))
        if not merged:
            return own
        own_keys = {key.value for key, _ in own if isinstance(key, ScalarNode)}
        return [pair for pair in merged if pair[0].value not in own_keys] + own


# Plain scalars repeat a lot (tag names, ports, versions); resolving each text once
# saves a third of the building. Values are immutable, so sharing them is safe.
_RESOLVED: dict[str, Any] = {}
_RESOLVED_MAX = 1 << 16


def _too_many_values(limits: Limits, cap: int) -> str:
    if cap >= limits.max_nodes:
        return f"document expands to more than {limits.max_nodes} values (YAML aliases?); not checked"
    return (
        f"file expands to more than {limits.max_file_values} values in all (YAML aliases?); "
        "this document and the rest of the file are not checked"
    )


def _too_many_in_file(limits: Limits) -> str:
    return (
        f"file holds more than {limits.max_file_values} values; the rest of the file, from here, "
        "is not checked: split it into smaller files"
    )


def _expanded_size(root: Node, limit: int, max_depth: int) -> int:
    """How many values ``root`` has with every alias expanded, counted up to ``limit`` + 1.

    Each distinct node is visited once (aliases share nodes), so this costs
    what the file's text costs, however far the aliases would expand.
    """
    cap = limit + 1
    sizes: dict[int, int] = {}

    def size(node: Node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if depth <= max_depth:  # deeper than that is the builder's own diagnostic
            if isinstance(node, SequenceNode):
                for child in node.value:
                    total = min(cap, total + size(child, depth + 1))
            elif isinstance(node, MappingNode):
                for _, child in node.value:
                    total = min(cap, total + size(child, depth + 1))
        sizes[id(node)] = total
        return total

    return size(root, 0)


# Plain keys repeat even more than values; their string form is a function of their text.
_PLAIN_KEYS: dict[str, str] = {}


def _key(node: Node) -> str:
    """A mapping key as the string Kuma sees (a non-scalar key is the empty string)."""
    if node.__class__ is ScalarNode and node.tag == PLAIN_TAG:
        text: str = node.value
        key = _PLAIN_KEYS.get(text)
        if key is None:
            key = key_string(_scalar(node))
            if len(_PLAIN_KEYS) < _RESOLVED_MAX:
                _PLAIN_KEYS[text] = key
        return key
    return key_string(_scalar(node)) if isinstance(node, ScalarNode) else ""


def _resolve_new(text: str) -> Any:
    """A plain scalar not seen before: resolved, and remembered while there is room."""
    value = resolve_plain(text)
    if len(_RESOLVED) < _RESOLVED_MAX:
        _RESOLVED[text] = value
    return value


def _scalar(node: ScalarNode) -> Any:
    if node.tag == PLAIN_TAG:
        text: str = node.value
        if text in _RESOLVED:
            return _RESOLVED[text]
        return _resolve_new(text)
    convert = _EXPLICIT_SCALARS.get(node.tag)
    return convert(node.value) if convert else node.value
