"""The parsed, immutable template object and the cached ``parse`` entry point."""

from __future__ import annotations

import _thread
import functools
import re
import sys
from types import MappingProxyType
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from vocheck._perf.records import record
from vocheck.golang.gobytes import normalize, to_bytes

from .failures import TemplateError
from .limits import MAX_STEPS
from .nodes import ActionNode, CommandNode, FieldNode, ListNode, PipeNode, TextNode

if TYPE_CHECKING:
    from .funcs import Builtin
    from .funcs import CallError as FunctionError
    from .values import GoStruct

    Data = Mapping[str, str] | GoStruct

# The executor (exec, evaluate, funcs, printf, fmt, values) is imported by the first
# execution: a run that only parses templates, such as checking a lone policy, never loads it.
# The parser (parser, pipelines, lexer, tokens, numbers) is imported by the first template
# that is more than text and keys: most hosts and ports are read without it (``_flat_tree``).

# Nested constructs recurse in the parser and the executor; Python's default
# limit (1000 frames) would reject templates that Go handles.
_RECURSION_LIMIT = 60_000

# A flat template is text and ``{{.key}}`` actions only: a str is text, a
# 1-tuple holds a key. Such templates cannot fail, loop or amplify output.
_Piece = str | tuple[str]


# threading.Lock itself, without importing threading (the interpreter has already loaded _thread).
_stack_lock = _thread.allocate_lock()
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


# What follows each ``{{`` of a flat template: ``.key}}``, a key Go lexes as one field.
_FLAT_ACTION = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)\}\}", re.ASCII)


def _flat_tree(text: str) -> ListNode | None:
    """The tree the parser builds for an ASCII text of ``{{.key}}`` actions, or None for any other text.

    Most templates are this simple; building their tree directly skips the
    lexer and parser. Positions and lines are the parser's own.
    """
    if not text.isascii():
        return None
    chunks = text.split("{{")
    nodes: list[TextNode | ActionNode] = []
    if chunks[0]:
        nodes.append(TextNode(0, chunks[0]))
    offset = len(chunks[0])
    line = 1 + chunks[0].count("\n")
    for chunk in chunks[1:]:
        action = _FLAT_ACTION.match(chunk)
        if action is None:
            return None
        position = offset + 2
        field = FieldNode(position, (action.group(1),))
        pipe = PipeNode(position, line, False, (), (CommandNode(position, (field,)),))
        nodes.append(ActionNode(position, line, pipe))
        offset += 2 + action.end()
        rest = chunk[action.end() :]
        if rest:
            nodes.append(TextNode(offset, rest))
            offset += len(rest)
            line += rest.count("\n")
    return ListNode(0, tuple(nodes))


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


StringFunction = Callable[[str], str]
"""A function a program adds with ``Funcs``, of Go type ``func(string) (string, error)``.

It returns the string, or raises :class:`FunctionError` with the error's text.
"""


def __getattr__(name: str) -> object:
    """``FunctionError`` and ``Data``, which name the executor's types, from the executor."""
    if name == "FunctionError":
        from .funcs import CallError

        return CallError
    if name == "Data":
        from .values import GoStruct

        return Mapping[str, str] | GoStruct
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _function_table(functions: Mapping[str, StringFunction] | None) -> Mapping[str, Builtin]:
    from .funcs import BUILTINS, STRING, Builtin

    if not functions:
        return BUILTINS
    table = dict(BUILTINS)
    for name, function in functions.items():
        table[name] = Builtin((STRING,), False, function)
    return table


@record
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

    def execute(self, data: Data, functions: Mapping[str, StringFunction] | None = None) -> str:
        """Go's ``Execute`` over ``map[string]string`` or a struct; raises TemplateError (phase "exec").

        ``functions`` are the ones the template was parsed with, by name.
        """
        from .exec import execute
        from .values import GoStruct

        if self.flat is not None and not isinstance(data, GoStruct):
            return self._execute_flat(data)
        table = _function_table(functions)
        if not self.deep:
            return execute(self.definitions, self.text, data, table)
        with _deep_recursion():
            return execute(self.definitions, self.text, data, table)

    def execute_counted(self, data: Mapping[str, str], max_steps: int = MAX_STEPS) -> tuple[str, int]:
        """``execute``, and what it cost in steps; stops after ``max_steps`` (at most MAX_STEPS).

        A step is an executed action, an ``if``/``with``/``range`` evaluation or
        a ``range`` iteration, and every 256 bytes a function returns. Stopped
        by ``max_steps`` below MAX_STEPS, the TemplateError's ``limit`` is
        ``"budget"``; its ``steps`` is what was spent until then.
        """
        if self.flat is not None:
            # Text and keys only: one step per action, and the text cannot loop or grow.
            actions = sum(1 for piece in self.flat if piece.__class__ is not str)
            if actions > max_steps:
                message = f"template: : vocheck limit: the template budget ran out after {max_steps} steps"
                raise TemplateError(message, "exec", "budget", max_steps)
            return self._execute_flat(data), actions
        from .exec import execute_counted

        if not self.deep:
            return execute_counted(self.definitions, self.text, data, max_steps)
        with _deep_recursion():
            return execute_counted(self.definitions, self.text, data, max_steps)

    def _execute_flat(self, data: Mapping[str, str]) -> str:
        parts: list[str] = []
        append = parts.append
        for piece in self.flat or ():
            if piece.__class__ is str:
                append(piece)
                continue
            value = data.get(piece[0])
            if value is None or isinstance(value, str):
                append("<no value>" if value is None else value)
            else:
                from .printf import sprint

                append(sprint([value]))
        return normalize("".join(parts))

    def execute_bytes(self, data: Mapping[str, str]) -> bytes:
        """Like :meth:`execute`, as the exact bytes Go writes."""
        return to_bytes(self.execute(data))


def parse(text: str, functions: Iterable[str] = ()) -> Template:
    """Go's ``template.New("").Funcs(...).Parse(text)``; raises TemplateError (phase "parse").

    ``functions`` names the functions the program adds to Go's builtins (a
    call of any other name is a parse error). Results are cached by text,
    failures included, so a linter may call this for every resource that
    shares a template.
    """
    parsed = _parse_cached(text, frozenset(functions))
    if isinstance(parsed, TemplateError):
        # A fresh exception each time, so tracebacks do not pile up on a cached one.
        raise TemplateError(parsed.message, parsed.phase, parsed.limit)
    return parsed


def _parses_shallow(text: str) -> bool:
    """Whether parsing ``text`` certainly fits in Python's default stack.

    The parser recurses a few frames per action or parenthesis, never more,
    so a text with few of them needs no raised limit (and no lock to raise it).
    """
    return text.count("{{") + text.count("(") < 40


# Large enough for every distinct template of a big repository: a miss costs a parse.
@functools.lru_cache(maxsize=16384)
def _parse_cached(text: str, functions: frozenset[str] = frozenset()) -> Template | TemplateError:
    flat_root = _flat_tree(text)
    if flat_root is not None:
        return Template(text, MappingProxyType({"": flat_root}), _flat_pieces(flat_root), _needs_deep_stack(text))
    from .parser import parse_definitions

    try:
        if _parses_shallow(text):
            definitions = parse_definitions(text, functions)
        else:
            with _deep_recursion():
                definitions = parse_definitions(text, functions)
    except TemplateError as error:
        # The cached error must keep no traceback, its own or its context's: their frames
        # hold every caller's locals (a whole run's documents) alive until the interpreter exits.
        return TemplateError(error.message, error.phase, error.limit)
    root = definitions[""]
    flat = _flat_pieces(root) if len(definitions) == 1 else None
    return Template(text, MappingProxyType(definitions), flat, _needs_deep_stack(text))
