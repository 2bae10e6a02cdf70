"""Evaluate pipelines, commands, fields and builtin calls, as Go's executor does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from vocheck.golang.quote import quote

from .funcs import BUILTINS, REFLECT, STRING, Builtin, CallError
from .positions import line_column
from .nodes import (
    BoolNode, ChainNode, CommandNode, DotNode, FieldNode, IdentifierNode, ListNode, NilNode, Node,
    NumberNode, PipeNode, StringNode, VariableNode,
)
from .values import GoStruct, Value, is_true, type_name


class Missing:
    """Go's ``missingVal``: no value was piped into the command."""


MISSING = Missing()
Final = Value | Missing


class Failure(Exception):
    """An execution error, already formatted as Go formats it."""

    def __init__(self, message: str, limit: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.limit = limit


def _reflect_string(value: Value) -> str:
    """Go's ``reflect.Value.String``, which ``call`` uses to name its callee."""
    if value is None:
        return "<invalid Value>"
    if isinstance(value, str):
        return value
    return f"<{type_name(value)} Value>"


# A function's result costs a step per this many bytes: ``{{len (printf "%1000000d" 1)}}``
# takes as long to run as some 5,000 range iterations.
STEP_BYTES = 256


class Evaluator:
    """Expression evaluation; ``node`` tracks what Go's ``state.at`` last pointed to."""

    def __init__(
        self, definitions: Mapping[str, ListNode], text: str, functions: Mapping[str, Builtin] = BUILTINS
    ) -> None:
        self.definitions = definitions
        self.functions = functions
        self.text = text
        self.name = ""
        self.node: Node | None = None
        self.variables: list[list[Value]] = []

    # -- errors and variables ---------------------------------------------------

    def fail(self, message: str, node: Node | None = None, limit: str | None = None) -> Failure:
        node = node if node is not None else self.node
        if node is None:
            return Failure(f"template: {self.name}: {message}", limit)
        line, column = line_column(self.text, node.pos)
        context = f":{line}:{column}: executing {quote(self.name)} at <{node}>"
        return Failure(f"template: {context}: {message}", limit)

    def set_variable(self, name: str, value: Value) -> None:
        for entry in reversed(self.variables):
            if entry[0] == name:
                entry[1] = value
                return
        raise self.fail(f"undefined variable: {name}")

    def variable(self, name: str) -> Value:
        for entry in reversed(self.variables):
            if entry[0] == name:
                return entry[1]
        raise self.fail(f"undefined variable: {name}")

    # -- pipelines and commands ---------------------------------------------------

    def eval_pipeline(self, dot: Value, pipe: PipeNode | None) -> Value:
        if pipe is None:
            return None
        self.node = pipe
        value: Final = MISSING
        for command in pipe.cmds:
            value = self.eval_command(dot, command, value)
        assert not isinstance(value, Missing)
        for variable in pipe.decl:
            if pipe.is_assign:
                self.set_variable(variable.ident[0], value)
            else:
                self.variables.append([variable.ident[0], value])
        return value

    def not_a_function(self, args: Sequence[Node], final: Final) -> None:
        if len(args) > 1 or final is not MISSING:
            raise self.fail(f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot: Value, command: CommandNode, final: Final) -> Value:
        first = command.args[0]
        if isinstance(first, FieldNode):
            self.node = first
            return self.eval_field_chain(dot, first.ident, command.args, final)
        if isinstance(first, IdentifierNode):
            self.node = first
            return self.eval_call(dot, self.functions[first.ident], command, first.ident, command.args, final)
        if isinstance(first, VariableNode):
            return self.eval_variable(first, command.args, final)
        if isinstance(first, ChainNode):
            return self.eval_chain(dot, first, command.args, final)
        if isinstance(first, PipeNode):
            self.not_a_function(command.args, final)
            return self.eval_pipeline(dot, first)
        self.node = first
        self.not_a_function(command.args, final)
        if isinstance(first, NilNode):
            raise self.fail("nil is not a command")
        return self.eval_literal(dot, first)

    def eval_literal(self, dot: Value, node: Node) -> Value:
        if isinstance(node, BoolNode):
            return node.value
        if isinstance(node, StringNode):
            return node.text
        if isinstance(node, NumberNode):
            return self.ideal_constant(node)
        if isinstance(node, DotNode):
            return dot
        raise self.fail(f"can't handle assignment of {node} to empty interface argument")

    def ideal_constant(self, constant: NumberNode) -> Value:
        self.node = constant
        text = constant.text
        if constant.is_complex:
            return constant.complex128
        hex_int = text[:2] in ("0x", "0X") and len(text) > 2 and "p" not in text and "P" not in text
        if constant.is_float and not hex_int and text[0] != "'" and any(c in text for c in ".eEpP"):
            return constant.float64
        if constant.is_int:
            return constant.int64
        if constant.is_uint:
            raise self.fail(f"{text} overflows int")
        return None

    # -- fields ---------------------------------------------------------------------

    def eval_chain(self, dot: Value, chain: ChainNode, args: Sequence[Node] | None, final: Final) -> Value:
        self.node = chain
        if isinstance(chain.node, NilNode):
            raise self.fail(f"indirection through explicit nil in {chain}")
        receiver = self.eval_arg(dot, None, chain.node)
        return self.eval_field_chain(receiver, chain.field, args, final)

    def eval_variable(self, node: VariableNode, args: Sequence[Node] | None, final: Final) -> Value:
        self.node = node
        value = self.variable(node.ident[0])
        if len(node.ident) == 1:
            self.not_a_function(args or (node,), final)
            return value
        return self.eval_field_chain(value, node.ident[1:], args, final)

    def eval_field_chain(
        self, receiver: Value, names: Sequence[str], args: Sequence[Node] | None, final: Final
    ) -> Value:
        for name in names[:-1]:
            receiver = self.eval_field(name, None, MISSING, receiver)
        return self.eval_field(names[-1], args, final, receiver)

    def eval_field(self, name: str, args: Sequence[Node] | None, final: Final, receiver: Value) -> Value:
        if receiver is None:
            return None
        if isinstance(receiver, Mapping):
            if (args is not None and len(args) > 1) or final is not MISSING:
                raise self.fail(f"{name} is not a method but has arguments")
            return receiver.get(name)
        if isinstance(receiver, GoStruct):
            value = receiver.field(name)
            if value is not None:
                if (args is not None and len(args) > 1) or final is not MISSING:
                    raise self.fail(f"{name} has arguments but cannot be invoked as function")
                return value
        raise self.fail(f"can't evaluate field {name} in type {type_name(receiver)}")

    # -- builtin calls ----------------------------------------------------------------

    def _fixed_count(self, builtin: Builtin, name: str, given: int, total: int) -> int:
        declared = len(builtin.params)
        if builtin.variadic:
            if total < declared - 1:
                raise self.fail(f"wrong number of args for {name}: want at least {declared - 1} got {given}")
            return declared - 1
        if total != declared:
            raise self.fail(f"wrong number of args for {name}: want {declared} got {total}")
        return given

    def eval_call(
        self, dot: Value, builtin: Builtin, node: Node, name: str, args: Sequence[Node] | None, final: Final
    ) -> Value:
        operands = args[1:] if args is not None else ()
        total = len(operands) + (final is not MISSING)
        fixed = self._fixed_count(builtin, name, len(operands), total)
        if name in ("and", "or"):
            return self._and_or(dot, name == "or", operands, final)
        values = [
            self.eval_arg(dot, builtin.params[position if position < fixed else -1], operand)
            for position, operand in enumerate(operands)
        ]
        if not isinstance(final, Missing):
            param = builtin.params[total - 1] if builtin.variadic and total - 1 < fixed else builtin.params[-1]
            values.append(self.validate_type(final, param))
        if name == "call":
            callee = str(operands[0]) if operands else _reflect_string(None if isinstance(final, Missing) else final)
            message = "call of nil" if values[0] is None else f"non-function {callee} of type {type_name(values[0])}"
            self.node = node
            raise self.fail(f"error calling call: {message}")
        try:
            result = builtin.function(*values)
        except CallError as error:
            self.node = node
            raise self.fail(f"error calling {name}: {error}") from None
        if isinstance(result, str) and len(result) >= STEP_BYTES:
            self.node = node
            self.charge(len(result) // STEP_BYTES)
        return result

    def charge(self, steps: int) -> None:
        """Count ``steps`` of work against the execution's limit (the executor keeps the count)."""

    def _and_or(self, dot: Value, is_or: bool, operands: Sequence[Node], final: Final) -> Value:
        value: Value = None
        for operand in operands:
            value = self.eval_arg(dot, REFLECT, operand)
            if is_true(value) == is_or:
                return value
        return value if isinstance(final, Missing) else final

    def validate_type(self, value: Value, param: str | None) -> Value:
        if param == STRING:
            if value is None:
                raise self.fail("invalid value; expected string")
            if not isinstance(value, str):
                raise self.fail(f"wrong type for value; expected string; got {type_name(value)}")
        return value

    def eval_arg(self, dot: Value, param: str | None, node: Node) -> Value:
        self.node = node
        if isinstance(node, FieldNode):
            return self.validate_type(self.eval_field_chain(dot, node.ident, (node,), MISSING), param)
        if isinstance(node, DotNode):
            return self.validate_type(dot, param)
        if isinstance(node, VariableNode):
            return self.validate_type(self.eval_variable(node, None, MISSING), param)
        if isinstance(node, PipeNode):
            return self.validate_type(self.eval_pipeline(dot, node), param)
        if isinstance(node, IdentifierNode):
            value = self.eval_call(dot, self.functions[node.ident], node, node.ident, None, MISSING)
            return self.validate_type(value, param)
        if isinstance(node, ChainNode):
            return self.validate_type(self.eval_chain(dot, node, None, MISSING), param)
        if isinstance(node, NilNode):
            if param == STRING:
                raise self.fail("cannot assign nil to string")
            return None
        if param == STRING:
            if isinstance(node, StringNode):
                return node.text
            raise self.fail(f"expected string; found {node}")
        return self.eval_literal(dot, node)
