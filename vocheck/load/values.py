"""Composed YAML nodes turned into plain values, with the position of every key and value."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vocheck.load.goyaml import key_string, resolve_plain
from vocheck.kuma.specs import JsonPath
from vocheck.model import DuplicateKey, Span

from vocheck.load.limits import LimitExceeded, Limits, too_many_values

PLAIN_TAG = "vocheck:plain"
STR_TAG = "tag:yaml.org,2002:str"
_EXPLICIT_SCALARS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: resolve_plain(text),
    "tag:yaml.org,2002:int": lambda text: resolve_plain(text),
    "tag:yaml.org,2002:float": lambda text: resolve_plain(text),
}

# Plain scalars repeat a lot (tag names, ports, versions); resolving each text once
# saves a third of the building. Values are immutable, so sharing them is safe.
_RESOLVED: dict[str, Any] = {}


# Plain keys repeat even more than values; their string form is a function of their text.
_PLAIN_KEYS: dict[str, str] = {}


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


class Builder:
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
            raise LimitExceeded(too_many_values(self.limits, self.max_nodes), node, self.max_nodes < self.limits.max_nodes)
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
        offset = self.offset
        for index, (key, value_node, key_span) in enumerate(keyed):
            if last[key] != index:
                first_span.setdefault(key, (key_span, value_node))
                continue
            if key in first_span:
                first, first_value = first_span[key]
                start, end = first_value.start_mark, first_value.end_mark
                value = Span(start.line + offset, start.column + 1, end.line + offset, end.column + 1)
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
                                too_many_values(self.limits, self.max_nodes), source, self.max_nodes < self.limits.max_nodes
                            )
                        merged.extend(self._merged_pairs(source, depth + 1))
            else:
                own.append((key_node, value_node))
        if not merged:
            return own
        own_keys = {key.value for key, _ in own if isinstance(key, ScalarNode)}
        return [pair for pair in merged if pair[0].value not in own_keys] + own


_RESOLVED_MAX = 1 << 16


def expanded_size(root: Node, limit: int, max_depth: int) -> int:
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
