"""Walk a parsed template over ``map[string]string`` (or struct) data, within vocheck's resource limits."""

from __future__ import annotations

from collections.abc import Mapping

from vocheck.golang.gobytes import normalize, to_bytes
from vocheck.golang.quote import quote

from .failures import TemplateError
from .evaluate import Evaluator, Failure
from .funcs import BUILTINS, Builtin
from .printf import sprint
from .nodes import (
    ActionNode, BreakNode, ContinueNode, IfNode, ListNode, Node, RangeNode, TemplateNode, TextNode, WithNode,
)
from .values import Uint8, Value, is_true, sorted_items, type_name
from .limits import MAX_NESTED_TEMPLATES, MAX_OUTPUT_BYTES, MAX_STEPS

GO_MAX_EXEC_DEPTH = 100_000  # Go's own maxExecDepth

_CallKey = tuple[str, tuple[str, object]]


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _dot_key(value: Value) -> tuple[str, object]:
    if isinstance(value, Mapping):
        return ("map", id(value))
    return (type_name(value), value)


class State(Evaluator):
    """One execution: output so far, budgets, and the stack of template calls."""

    def __init__(
        self,
        definitions: Mapping[str, ListNode],
        text: str,
        max_steps: int = MAX_STEPS,
        functions: Mapping[str, Builtin] = BUILTINS,
    ) -> None:
        super().__init__(definitions, text, functions)
        self.parts: list[str] = []
        self.size = 0
        self.steps = 0
        self.max_steps = max_steps
        self.calls: list[tuple[TemplateNode, _CallKey]] = []

    def step(self, node: Node) -> None:
        self.steps += 1
        if self.steps > self.max_steps:
            raise self._over(node)

    def charge(self, steps: int) -> None:
        self.steps += steps
        if self.steps > self.max_steps:
            raise self._over(self.node)

    def _over(self, node: Node | None) -> Failure:
        if self.max_steps < MAX_STEPS:
            # The caller's budget, shared with other executions, ran out before this one's own limit.
            return self.fail(f"vocheck limit: the template budget ran out after {self.max_steps} steps", node, limit="budget")
        return self.fail(f"vocheck limit: more than {MAX_STEPS} execution steps", node, limit="steps")

    def write(self, text: str) -> None:
        self.size += len(text) if text.isascii() else len(to_bytes(text))
        if self.size > MAX_OUTPUT_BYTES:
            raise self.fail(f"vocheck limit: output larger than {MAX_OUTPUT_BYTES} bytes", limit="output")
        self.parts.append(text)

    def walk(self, dot: Value, node: Node) -> None:
        self.node = node
        if isinstance(node, TextNode):
            self.write(node.text)
        elif isinstance(node, ActionNode):
            self.step(node)
            value = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.node = node
                self.write("<no value>" if value is None else value if isinstance(value, str) else sprint([value]))
        elif isinstance(node, ListNode):
            for child in node.nodes:
                self.walk(dot, child)
        elif isinstance(node, (IfNode, WithNode)):
            self.walk_if_or_with(dot, node)
        elif isinstance(node, RangeNode):
            self.walk_range(dot, node)
        elif isinstance(node, TemplateNode):
            self.walk_template(dot, node)
        elif isinstance(node, BreakNode):
            raise _Break()
        elif isinstance(node, ContinueNode):
            raise _Continue()

    def walk_if_or_with(self, dot: Value, node: IfNode | WithNode) -> None:
        mark = len(self.variables)
        self.step(node)
        value = self.eval_pipeline(dot, node.pipe)
        if is_true(value):
            self.walk(value if isinstance(node, WithNode) else dot, node.list)
        elif node.else_list is not None:
            self.walk(dot, node.else_list)
        del self.variables[mark:]

    def walk_range(self, dot: Value, node: RangeNode) -> None:
        self.node = node
        mark = len(self.variables)
        self.step(node)
        value = self.eval_pipeline(dot, node.pipe)
        try:
            if not self._iterate(node, value) and node.else_list is not None:
                self.walk(dot, node.else_list)
        except _Break:
            pass
        del self.variables[mark:]

    def _iterate(self, node: RangeNode, value: Value) -> bool:
        """Run the body for each element; False when there was none."""
        if isinstance(value, int) and not isinstance(value, bool):
            if len(node.pipe.decl) > 1:
                raise self.fail(f"can't use {sprint([value])} to iterate over more than one variable")
            make = Uint8 if isinstance(value, Uint8) else int
            for number in range(value):
                self._one_iteration(node, None, make(number))
            return value > 0
        if isinstance(value, Mapping):
            for key, item in sorted_items(value):
                self._one_iteration(node, key, item)
            return len(value) > 0
        if value is None:
            return False
        raise self.fail(f"range can't iterate over {sprint([value])}")

    def _one_iteration(self, node: RangeNode, index: Value, element: Value) -> None:
        self.step(node)
        pipe = node.pipe
        if pipe.decl:
            if pipe.is_assign:
                self.set_variable(pipe.decl[0].ident[0], index if len(pipe.decl) > 1 else element)
                if len(pipe.decl) > 1:
                    self.set_variable(pipe.decl[1].ident[0], element)
            else:
                self.variables[-1][1] = element
                if len(pipe.decl) > 1:
                    self.variables[-2][1] = index
        mark = len(self.variables)
        try:
            self.walk(element, node.list)
        except _Continue:
            pass
        del self.variables[mark:]

    def walk_template(self, dot: Value, node: TemplateNode) -> None:
        self.node = node
        body = self.definitions.get(node.name)
        if body is None:
            raise self.fail(f"template {quote(node.name)} not defined")
        dot = self.eval_pipeline(dot, node.pipe)
        key = (node.name, _dot_key(dot))
        self._check_depth(node, key)
        saved = (self.name, self.variables)
        self.calls.append((node, key))
        self.name, self.variables = node.name, [["$", dot]]
        self.walk(dot, body)
        self.calls.pop()
        self.name, self.variables = saved
        self.node = node

    def _check_depth(self, node: TemplateNode, key: _CallKey) -> None:
        """Give Go's depth error for endless recursion without recursing 100000 deep.

        A template entered again with the same dot repeats the same calls for
        ever, so the call Go makes at its depth limit is known in advance.
        """
        depth = len(self.calls)
        for start, (_, earlier) in enumerate(self.calls):
            if earlier != key:
                continue
            failing = start + 1 + (GO_MAX_EXEC_DEPTH - start - 1) % (depth - start)
            message = f"exceeded maximum template depth ({GO_MAX_EXEC_DEPTH})"
            if failing < depth:
                self.name = self.calls[failing - 1][1][0]
                raise self.fail(message, self.calls[failing][0])
            raise self.fail(message, node)
        if depth >= MAX_NESTED_TEMPLATES:
            message = f"vocheck limit: more than {MAX_NESTED_TEMPLATES} nested template calls"
            raise self.fail(message, node, limit="depth")


def execute(
    definitions: Mapping[str, ListNode], text: str, data: Value, functions: Mapping[str, Builtin] = BUILTINS
) -> str:
    """Run the template named ``""``; raises TemplateError with phase "exec"."""
    return execute_counted(definitions, text, data, functions=functions)[0]


def execute_counted(
    definitions: Mapping[str, ListNode],
    text: str,
    data: Value,
    max_steps: int = MAX_STEPS,
    functions: Mapping[str, Builtin] = BUILTINS,
) -> tuple[str, int]:
    """``execute``, and the steps it took; stops after ``max_steps`` (``limit`` "budget" below MAX_STEPS).

    ``functions`` are Go's builtins and any the program adds (``Funcs``).
    """
    state = State(definitions, text, min(max_steps, MAX_STEPS), functions)
    state.variables.append(["$", data])
    try:
        state.walk(data, definitions[""])
    except Failure as failure:
        raise TemplateError(failure.message, "exec", failure.limit, state.steps) from None
    except RecursionError:
        message = "template: : vocheck limit: template nesting too deep to execute"
        raise TemplateError(message, "exec", "depth", state.steps) from None
    return normalize("".join(state.parts)), state.steps
