"""Parse pipelines, commands and operands, with Go's token lookahead and error texts."""

from __future__ import annotations

from dataclasses import field

from vocheck._perf.records import record
from vocheck.golang.quote import SyntaxErrorInQuote, quote, unquote

from .nodes import (
    BoolNode, ChainNode, CommandNode, DotNode, FieldNode, IdentifierNode, ListNode, NilNode, Node, NumberNode,
    PipeNode, StringNode, VariableNode,
)
from .numbers import NumberError, char_constant, number_node
from .lexer import tokenize
from .tokens import Kind, Token

BUILTINS = frozenset(
    "and call html index slice js len not or print printf println urlquery eq ge gt le lt ne".split()
)
MAX_PAREN_DEPTH = 10000  # Go's maxStackDepth

_OPERAND_START = frozenset({
    Kind.BOOL, Kind.CHAR_CONSTANT, Kind.COMPLEX, Kind.DOT, Kind.FIELD, Kind.IDENTIFIER,
    Kind.NUMBER, Kind.NIL, Kind.RAW_STRING, Kind.STRING, Kind.VARIABLE, Kind.LEFT_PAREN,
})
_CONSTANTS = (BoolNode, DotNode, NilNode, NumberNode, StringNode)


class ParseFailure(Exception):
    pass


@record(frozen=False)
class TreeState:
    """Per-definition state: Go keeps one lookahead buffer and variable scope per tree."""

    name: str
    variables: list[str] = field(default_factory=lambda: ["$"])
    range_depth: int = 0
    paren_depth: int = 0
    action_line: int = 0
    last_line: int = 1


class PipelineParser:
    """Token access, errors, and everything inside one action's pipeline."""

    def __init__(self, text: str, functions: frozenset[str] = frozenset()) -> None:
        self.tokens = tokenize(text)
        # Go's builtins and the names the program adds with ``Funcs``.
        self.functions = BUILTINS | functions if functions else BUILTINS
        self.index = 0
        self.pulled = 0
        self.definitions: dict[str, ListNode] = {}
        self.tree = TreeState("")

    # -- token access ---------------------------------------------------------

    def _at(self, index: int) -> Token:
        if index >= len(self.tokens):
            last = self.tokens[-1]
            return Token(Kind.EOF if last.kind == Kind.EOF else Kind.ERROR, last.pos, last.value, last.line)
        if index >= self.pulled:
            self.pulled = index + 1
            self.tree.last_line = self.tokens[index].line
        return self.tokens[index]

    def next(self) -> Token:
        token = self._at(self.index)
        self.index += 1
        return token

    def peek(self) -> Token:
        return self._at(self.index)

    def next_non_space(self) -> Token:
        token = self.next()
        while token.kind == Kind.SPACE:
            token = self.next()
        return token

    def peek_non_space(self) -> Token:
        token = self.next_non_space()
        self.index -= 1
        return token

    # -- errors ---------------------------------------------------------------

    def fail(self, message: str) -> ParseFailure:
        line = self.tree.last_line
        return ParseFailure(f"template: :{line}: {message}")

    def unexpected(self, token: Token, context: str) -> ParseFailure:
        if token.kind == Kind.ERROR:
            extra = ""
            if self.tree.action_line not in (0, token.line):
                extra = f" in action started at :{self.tree.action_line}"
                if token.value.endswith(" action"):
                    extra = extra[len(" in action") :]
            return self.fail(token.value + extra)
        return self.fail(f"unexpected {token.describe()} in {context}")

    def expect(self, kind: Kind, context: str) -> Token:
        token = self.next_non_space()
        if token.kind != kind:
            raise self.unexpected(token, context)
        return token

    # -- pipelines ------------------------------------------------------------

    def _declarations(self, context: str) -> tuple[list[VariableNode], bool]:
        declared: list[VariableNode] = []
        is_assign = False
        while True:
            variable = self.peek_non_space()
            if variable.kind != Kind.VARIABLE:
                return declared, is_assign
            start = self.index
            self.next_non_space()
            following = self.peek_non_space()
            if following.kind in (Kind.ASSIGN, Kind.DECLARE):
                is_assign = following.kind == Kind.ASSIGN
                self.next_non_space()
                declared.append(VariableNode(variable.pos, tuple(variable.value.split("."))))
                self.tree.variables.append(variable.value)
                return declared, is_assign
            if following.kind == Kind.CHAR and following.value == ",":
                self.next_non_space()
                declared.append(VariableNode(variable.pos, tuple(variable.value.split("."))))
                self.tree.variables.append(variable.value)
                if context == "range" and len(declared) < 2:
                    if self.peek_non_space().kind in (Kind.VARIABLE, Kind.RIGHT_DELIM, Kind.RIGHT_PAREN):
                        continue
                    raise self.fail("range can only initialize variables")
                raise self.fail(f"too many declarations in {context}")
            self.index = start
            return declared, is_assign

    def _pipeline(self, context: str, end: Kind) -> PipeNode:
        first = self.peek_non_space()
        declared, is_assign = self._declarations(context)
        commands: list[CommandNode] = []
        while True:
            token = self.next_non_space()
            if token.kind == end:
                self._check_pipeline(commands, context)
                return PipeNode(first.pos, first.line, is_assign, tuple(declared), tuple(commands))
            if token.kind not in _OPERAND_START:
                raise self.unexpected(token, context)
            self.index -= 1
            commands.append(self._command())

    def _check_pipeline(self, commands: list[CommandNode], context: str) -> None:
        if not commands:
            raise self.fail(f"missing value for {context}")
        for stage, command in enumerate(commands[1:], start=2):
            if isinstance(command.args[0], _CONSTANTS):
                raise self.fail(f"non executable command in pipeline stage {stage}")

    def _command(self) -> CommandNode:
        pos = self.peek_non_space().pos
        args: list[Node] = []
        while True:
            self.peek_non_space()
            operand = self._operand()
            if operand is not None:
                args.append(operand)
            token = self.next()
            if token.kind == Kind.SPACE:
                continue
            if token.kind in (Kind.RIGHT_DELIM, Kind.RIGHT_PAREN):
                self.index -= 1
            elif token.kind != Kind.PIPE:
                raise self.unexpected(token, "operand")
            break
        if not args:
            raise self.fail("empty command")
        return CommandNode(pos, tuple(args))

    def _operand(self) -> Node | None:
        node = self._term()
        if node is None or self.peek().kind != Kind.FIELD:
            return node
        chain_pos = self.peek().pos
        fields: list[str] = []
        while self.peek().kind == Kind.FIELD:
            fields.append(self.next().value[1:])
        if isinstance(node, FieldNode):
            return FieldNode(chain_pos, node.ident + tuple(fields))
        if isinstance(node, VariableNode):
            return VariableNode(chain_pos, node.ident + tuple(fields))
        if isinstance(node, _CONSTANTS):
            raise self.fail(f"unexpected . after term {quote(str(node))}")
        return ChainNode(chain_pos, node, tuple(fields))

    def _term(self) -> Node | None:
        token = self.next_non_space()
        kind = token.kind
        if kind == Kind.IDENTIFIER:
            if token.value not in self.functions:
                raise self.fail(f"function {quote(token.value)} not defined")
            return IdentifierNode(token.pos, token.value)
        if kind == Kind.DOT:
            return DotNode(token.pos)
        if kind == Kind.NIL:
            return NilNode(token.pos)
        if kind == Kind.VARIABLE:
            return self._use_variable(token)
        if kind == Kind.FIELD:
            return FieldNode(token.pos, tuple(token.value[1:].split(".")))
        if kind == Kind.BOOL:
            return BoolNode(token.pos, token.value == "true")
        if kind in (Kind.CHAR_CONSTANT, Kind.COMPLEX, Kind.NUMBER):
            return self._number(token)
        if kind == Kind.LEFT_PAREN:
            return self._parenthesized()
        if kind in (Kind.STRING, Kind.RAW_STRING):
            return StringNode(token.pos, token.value, self._unquote(token.value))
        self.index -= 1
        return None

    def _number(self, token: Token) -> Node:
        try:
            if token.kind == Kind.CHAR_CONSTANT:
                return char_constant(token.pos, token.value)
            return number_node(token.pos, token.value, token.kind == Kind.COMPLEX)
        except NumberError as error:
            raise self.fail(str(error)) from None

    def _parenthesized(self) -> Node:
        if self.tree.paren_depth >= MAX_PAREN_DEPTH:
            raise self.fail("max expression depth exceeded")
        self.tree.paren_depth += 1
        try:
            return self._pipeline("parenthesized pipeline", Kind.RIGHT_PAREN)
        finally:
            self.tree.paren_depth -= 1

    def _use_variable(self, token: Token) -> VariableNode:
        name = token.value.split(".")[0]
        if name not in self.tree.variables:
            raise self.fail(f"undefined variable {quote(name)}")
        return VariableNode(token.pos, tuple(token.value.split(".")))

    def _unquote(self, literal: str) -> str:
        try:
            return unquote(literal)
        except SyntaxErrorInQuote as error:
            raise self.fail(str(error)) from None
