"""Find data-key lookups in a parsed template without executing it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from vocheck._perf.records import record

from .nodes import (
    ActionNode, ChainNode, CommandNode, FieldNode, IfNode, ListNode, Node, PipeNode, RangeNode,
    TemplateNode, VariableNode, WithNode,
)

if TYPE_CHECKING:
    from .template import Template

Context = Literal["action", "if", "with", "range", "template"]


@record
class FieldAccess:
    """One ``.key`` (or ``$.key``) lookup on the template data.

    ``key`` is the first name looked up, ``chain`` the whole chain (``.a.b``
    gives ``("a", "b")``), ``pos`` the node's byte offset as Go records it
    (for ``.a.b`` or ``$.a`` that is where the second element starts),
    ``start``/``end`` the byte span of ``source``, the node's text, ``context``
    the kind of pipeline holding it, ``printed`` whether that pipeline's value
    is written to the output (an action without a variable declaration), and
    ``definition`` the name of the template (``""`` for the text itself).
    """

    key: str
    chain: tuple[str, ...]
    pos: int
    start: int
    end: int
    source: str
    context: Context
    printed: bool
    definition: str


def _pipe_fields(pipe: PipeNode) -> list[FieldNode | VariableNode]:
    """Field lookups in a pipeline, parenthesised ones included, in source order."""
    found: list[FieldNode | VariableNode] = []
    pending: list[Node] = [pipe]
    while pending:
        node = pending.pop()
        if isinstance(node, PipeNode):
            pending.extend(reversed(node.cmds))
        elif isinstance(node, CommandNode):
            pending.extend(reversed(node.args))
        elif isinstance(node, ChainNode):
            pending.append(node.node)
        elif isinstance(node, FieldNode):
            found.append(node)
        elif isinstance(node, VariableNode) and node.ident[0] == "$" and len(node.ident) > 1:
            found.append(node)
    return found


def _access(field: FieldNode | VariableNode, context: Context, printed: bool, definition: str) -> FieldAccess:
    if isinstance(field, FieldNode):
        chain, head = field.ident, "." + field.ident[0]
    else:
        chain, head = field.ident[1:], field.ident[0]
    source = str(field)
    start = field.pos - len(head.encode()) if len(field.ident) > 1 else field.pos
    end = start + len(source.encode())
    return FieldAccess(chain[0], chain, field.pos, start, end, source, context, printed, definition)


def _accesses(root: ListNode, definition: str) -> list[FieldAccess]:
    found: list[FieldAccess] = []
    pending: list[Node] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, ListNode):
            pending.extend(reversed(node.nodes))
        elif isinstance(node, ActionNode):
            printed = not node.pipe.decl
            found.extend(_access(field, "action", printed, definition) for field in _pipe_fields(node.pipe))
        elif isinstance(node, (IfNode, WithNode, RangeNode)):
            context: Context = "if" if isinstance(node, IfNode) else "with" if isinstance(node, WithNode) else "range"
            found.extend(_access(field, context, False, definition) for field in _pipe_fields(node.pipe))
            if node.else_list is not None:
                pending.append(node.else_list)
            pending.append(node.list)
        elif isinstance(node, TemplateNode) and node.pipe is not None:
            found.extend(_access(field, "template", False, definition) for field in _pipe_fields(node.pipe))
    return found


# Parsed templates are immutable and shared (parse caches them), and several checks
# inspect the same one: each is walked once. Keyed by identity, holding the template.
_KNOWN: dict[int, tuple[Template, tuple[FieldAccess, ...]]] = {}
_KNOWN_MAX = 1 << 14


def field_accesses(template: Template | Mapping[str, ListNode]) -> list[FieldAccess]:
    """Every data-key lookup in every definition of a parsed template, in source order."""
    if isinstance(template, Mapping):
        return _sorted_accesses(template)
    known = _KNOWN.get(id(template))
    if known is not None and known[0] is template:
        return list(known[1])
    found = _sorted_accesses(template.definitions)
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[id(template)] = (template, tuple(found))
    return found


def _sorted_accesses(definitions: Mapping[str, ListNode]) -> list[FieldAccess]:
    found: list[FieldAccess] = []
    for name, root in definitions.items():
        found.extend(_accesses(root, name))
    return sorted(found, key=lambda access: access.pos)
