"""The parse tree: Go's ``text/template/parse`` node types, immutable, with byte offsets.

Every node has ``pos``, the byte offset in the source text where Go's parser
puts it, and ``str(node)`` is Go's ``node.String()``.
"""

from __future__ import annotations

from typing import Union

from vocheck.golang.quote import quote

from vocheck._perf.records import record as node


@node
class TextNode:
    pos: int
    text: str

    def __str__(self) -> str:
        return self.text


@node
class CommentNode:
    pos: int
    text: str

    def __str__(self) -> str:
        return "{{" + self.text + "}}"


@node
class IdentifierNode:
    """A function name."""

    pos: int
    ident: str

    def __str__(self) -> str:
        return self.ident


@node
class VariableNode:
    """``$x`` or ``$x.a.b``: ``ident[0]`` is the variable, the rest a field chain."""

    pos: int
    ident: tuple[str, ...]

    def __str__(self) -> str:
        return ".".join(self.ident)


@node
class DotNode:
    pos: int

    def __str__(self) -> str:
        return "."


@node
class NilNode:
    pos: int

    def __str__(self) -> str:
        return "nil"


@node
class FieldNode:
    """``.a.b``: a chain of keys looked up from dot; ``ident == ("a", "b")``."""

    pos: int
    ident: tuple[str, ...]

    def __str__(self) -> str:
        return "".join("." + name for name in self.ident)


@node
class ChainNode:
    """``(pipeline).a.b``: fields looked up on the value of another term."""

    pos: int
    node: Node
    field: tuple[str, ...]

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        head: tuple[str | Node, ...] = ("(", self.node, ")") if isinstance(self.node, PipeNode) else (self.node,)
        return head + ("".join("." + name for name in self.field),)


@node
class BoolNode:
    pos: int
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@node
class NumberNode:
    """A numeric constant with every Go reading of it that is exact."""

    pos: int
    text: str
    is_int: bool = False
    is_uint: bool = False
    is_float: bool = False
    is_complex: bool = False
    int64: int = 0
    uint64: int = 0
    float64: float = 0.0
    complex128: complex = 0j

    def __str__(self) -> str:
        return self.text


@node
class StringNode:
    pos: int
    quoted: str
    text: str

    def __str__(self) -> str:
        return self.quoted


@node
class CommandNode:
    pos: int
    args: tuple[Node, ...]

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        out: list[str | Node] = []
        for index, arg in enumerate(self.args):
            if index:
                out.append(" ")
            out.extend(("(", arg, ")") if isinstance(arg, PipeNode) else (arg,))
        return tuple(out)


@node
class PipeNode:
    pos: int
    line: int
    is_assign: bool
    decl: tuple[VariableNode, ...]
    cmds: tuple[CommandNode, ...]

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        out: list[str | Node] = []
        if self.decl:
            out.append(", ".join(str(variable) for variable in self.decl))
            out.append(" = " if self.is_assign else " := ")
        for index, command in enumerate(self.cmds):
            if index:
                out.append(" | ")
            out.append(command)
        return tuple(out)


@node
class ActionNode:
    pos: int
    line: int
    pipe: PipeNode

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        return ("{{", self.pipe, "}}")


@node
class ListNode:
    pos: int
    nodes: tuple[Node, ...]

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        return self.nodes


@node
class IfNode:
    pos: int
    line: int
    pipe: PipeNode
    list: ListNode
    else_list: ListNode | None

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        return _branch("if", self.pipe, self.list, self.else_list)


@node
class WithNode:
    pos: int
    line: int
    pipe: PipeNode
    list: ListNode
    else_list: ListNode | None

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        return _branch("with", self.pipe, self.list, self.else_list)


@node
class RangeNode:
    pos: int
    line: int
    pipe: PipeNode
    list: ListNode
    else_list: ListNode | None

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        return _branch("range", self.pipe, self.list, self.else_list)


def _branch(name: str, pipe: PipeNode, body: ListNode, else_list: ListNode | None) -> tuple[str | Node, ...]:
    head: tuple[str | Node, ...] = ("{{" + name + " ", pipe, "}}", body)
    tail: tuple[str | Node, ...] = ("{{else}}", else_list) if else_list is not None else ()
    return head + tail + ("{{end}}",)


@node
class BreakNode:
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{break}}"


@node
class ContinueNode:
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{continue}}"


@node
class TemplateNode:
    """``{{template "name" pipeline}}`` (also what ``{{block}}`` leaves in place)."""

    pos: int
    line: int
    name: str
    pipe: PipeNode | None

    def __str__(self) -> str:
        return render(self)

    def pieces(self) -> tuple[str | Node, ...]:
        if self.pipe is None:
            return ("{{template " + quote(self.name) + "}}",)
        return ("{{template " + quote(self.name) + " ", self.pipe, "}}")


Node = Union[
    TextNode,
    CommentNode,
    IdentifierNode,
    VariableNode,
    DotNode,
    NilNode,
    FieldNode,
    ChainNode,
    BoolNode,
    NumberNode,
    StringNode,
    CommandNode,
    PipeNode,
    ActionNode,
    ListNode,
    IfNode,
    WithNode,
    RangeNode,
    BreakNode,
    ContinueNode,
    TemplateNode,
]


_COMPOSITE = (ChainNode, CommandNode, PipeNode, ActionNode, ListNode, IfNode, WithNode, RangeNode, TemplateNode)


def render(node: Node) -> str:
    """Go's ``node.String()``, built without recursion so deep trees cannot exhaust the stack."""
    out: list[str] = []
    pending: list[str | Node] = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, _COMPOSITE):
            pending.extend(reversed(item.pieces()))
        else:
            out.append(str(item))
    return "".join(out)
