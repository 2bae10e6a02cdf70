"""The parsed, immutable template object and the cached ``parse`` entry point."""

from __future__ import annotations

import functools
import sys
import threading
from types import MappingProxyType
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import TemplateError
from .exec import execute
from .printf import sprint
from .gostrings import normalize, to_bytes
from .nodes import ActionNode, FieldNode, ListNode, TextNode
from .parser import parse_definitions

# Nested constructs recurse in the parser and the executor; Python's default
# limit (1000 frames) would reject templates that Go handles.
_RECURSION_LIMIT = 60_000

# A flat template is text and ``{{.key}}`` actions only: a str is text, a
# 1-tuple holds a key. Such templates cannot fail, loop or amplify output.
_Piece = str | tuple[str]


_stack_lock = threading.Lock()
_deep_users = 0
_saved_limit = 0


@contextmanager
def _deep_recursion() -> Iterator[None]:
    """Raise Python's recursion limit while any thread needs it, then restore it once."""
    global _deep_users, _saved_limit
    with _stack_lock:
        if _deep_users == 0:
            _saved_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_limit, _RECURSION_LIMIT))
        _deep_users += 1
    try:
        yield
    finally:
        with _stack_lock:
            _deep_users -= 1
            if _deep_users == 0:
                sys.setrecursionlimit(_saved_limit)


def _flat_pieces(root: ListNode) -> tuple[_Piece, ...] | None:
    pieces: list[_Piece] = []
    for node in root.nodes:
        if isinstance(node, TextNode):
            pieces.append(node.text)
            continue
        if not isinstance(node, ActionNode) or node.pipe.decl or len(node.pipe.cmds) != 1:
            return None
        args = node.pipe.cmds[0].args
        if len(args) != 1 or not isinstance(args[0], FieldNode) or len(args[0].ident) != 1:
            return None
        pieces.append((args[0].ident[0],))
    return tuple(pieces)


def _needs_deep_stack(text: str) -> bool:
    """Whether execution may nest deeper than Python's default stack allows.

    Every nesting level (control structure, parenthesis) costs at least one
    action delimiter or parenthesis in the source, so a short text is shallow.
    """
    if "template" in text or "block" in text:
        return True  # recursion through definitions is not visible in the text's length
    return text.count("{{") + text.count("(") >= 100


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: immutable, so ``execute`` may run from many threads at once."""

    text: str
    definitions: Mapping[str, ListNode]
    flat: tuple[_Piece, ...] | None
    deep: bool

    @property
    def root(self) -> ListNode:
        """The tree of the text itself (Go's template named ``""``)."""
        return self.definitions[""]

    def execute(self, data: Mapping[str, str]) -> str:
        """Go's ``Execute`` over ``map[string]string``; raises TemplateError (phase "exec")."""
        if self.flat is not None:
            return self._execute_flat(data)
        if not self.deep:
            return execute(self.definitions, self.text, data)
        with _deep_recursion():
            return execute(self.definitions, self.text, data)

    def _execute_flat(self, data: Mapping[str, str]) -> str:
        parts = []
        for piece in self.flat or ():
            if isinstance(piece, str):
                parts.append(piece)
                continue
            value = data.get(piece[0])
            parts.append("<no value>" if value is None else value if isinstance(value, str) else sprint([value]))
        return normalize("".join(parts))

    def execute_bytes(self, data: Mapping[str, str]) -> bytes:
        """Like :meth:`execute`, as the exact bytes Go writes."""
        return to_bytes(self.execute(data))


def parse(text: str) -> Template:
    """Go's ``template.New("").Parse(text)``; raises TemplateError (phase "parse").

    Results are cached by text, failures included, so a linter may call this
    for every resource that shares a template.
    """
    parsed = _parse_cached(text)
    if isinstance(parsed, TemplateError):
        # A fresh exception each time, so tracebacks do not pile up on a cached one.
        raise TemplateError(parsed.message, parsed.phase, parsed.limit)
    return parsed


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Template | TemplateError:
    try:
        with _deep_recursion():
            definitions = parse_definitions(text)
    except TemplateError as error:
        return error
    root = definitions[""]
    flat = _flat_pieces(root) if len(definitions) == 1 else None
    return Template(text, MappingProxyType(definitions), flat, _needs_deep_stack(text))
