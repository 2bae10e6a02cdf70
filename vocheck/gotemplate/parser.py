"""Build parse trees the way Go's ``text/template/parse`` does: lists, control actions, definitions."""

from __future__ import annotations


from vocheck._perf.records import record
from vocheck.golang.quote import quote

from .failures import TemplateError
from .nodes import (
    ActionNode, BreakNode, CommentNode, ContinueNode, IfNode, ListNode, Node, RangeNode, TemplateNode, TextNode,
    WithNode,
)
from .pipelines import ParseFailure, PipelineParser, TreeState
from .tokens import Kind, Token

# Go's unicode.IsSpace, used to decide whether a definition is empty.
_GO_SPACE = (
    " \t\n\v\f\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@record
class _End:
    pos: int

    def __str__(self) -> str:
        return "{{end}}"


@record
class _Else:
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{else}}"


_Item = Node | _End | _Else


class Parser(PipelineParser):
    """Go's ``Tree.parse`` and its control structures, over one source text."""

    # -- top level ------------------------------------------------------------

    def parse(self) -> dict[str, ListNode]:
        root_pos = self.peek().pos
        nodes: list[Node] = []
        while self.peek().kind != Kind.EOF:
            if self.peek().kind == Kind.LEFT_DELIM:
                start = self.index
                self.next()
                if self.next_non_space().kind == Kind.DEFINE:
                    self._definition()
                    continue
                self.index = start
            item = self._text_or_action()
            if isinstance(item, (_End, _Else)):
                raise self.fail(f"unexpected {item}")
            nodes.append(item)
        self._add("", ListNode(root_pos, tuple(nodes)))
        return self.definitions

    def _add(self, name: str, root: ListNode) -> None:
        existing = self.definitions.get(name)
        if existing is None or is_empty_tree(existing):
            self.definitions[name] = root
        elif not is_empty_tree(root):
            raise self.fail(f"template: multiple definition of template {quote(name)}")

    def _in_new_tree(self, name: str) -> TreeState:
        outer = self.tree
        self.tree = TreeState(name)
        return outer

    def _definition(self) -> None:
        outer = self._in_new_tree("definition")
        token = self.next_non_space()
        if token.kind not in (Kind.STRING, Kind.RAW_STRING):
            raise self.unexpected(token, "define clause")
        name = self._unquote(token.value)
        self.expect(Kind.RIGHT_DELIM, "define clause")
        root, end = self._item_list()
        if not isinstance(end, _End):
            raise self.fail(f"unexpected {end} in define clause")
        self._add(name, root)
        self.tree = outer

    def _item_list(self) -> tuple[ListNode, _End | _Else]:
        pos = self.peek_non_space().pos
        nodes: list[Node] = []
        while self.peek_non_space().kind != Kind.EOF:
            item = self._text_or_action()
            if isinstance(item, (_End, _Else)):
                return ListNode(pos, tuple(nodes)), item
            nodes.append(item)
        raise self.fail("unexpected EOF")

    def _text_or_action(self) -> _Item:
        token = self.next_non_space()
        if token.kind == Kind.TEXT:
            return TextNode(token.pos, token.value)
        if token.kind == Kind.LEFT_DELIM:
            self.tree.action_line = token.line
            try:
                return self._action()
            finally:
                self.tree.action_line = 0
        raise self.unexpected(token, "input")

    # -- actions --------------------------------------------------------------

    def _action(self) -> _Item:
        token = self.next_non_space()
        kind = token.kind
        if kind == Kind.BLOCK:
            return self._block()
        if kind in (Kind.BREAK, Kind.CONTINUE):
            return self._loop_control(token)
        if kind == Kind.ELSE:
            return self._else()
        if kind == Kind.END:
            return _End(self.expect(Kind.RIGHT_DELIM, "end").pos)
        if kind in (Kind.IF, Kind.RANGE, Kind.WITH):
            return self._control(token.value)
        if kind == Kind.TEMPLATE:
            return self._template()
        self.index -= 1
        start = self.peek()
        return ActionNode(start.pos, start.line, self._pipeline("command", Kind.RIGHT_DELIM))

    def _loop_control(self, keyword: Token) -> Node:
        name = "{{" + keyword.value + "}}"
        token = self.next_non_space()
        if token.kind != Kind.RIGHT_DELIM:
            raise self.unexpected(token, name)
        if self.tree.range_depth == 0:
            raise self.fail(f"{name} outside {{{{range}}}}")
        if keyword.kind == Kind.BREAK:
            return BreakNode(keyword.pos, keyword.line)
        return ContinueNode(keyword.pos, keyword.line)

    def _else(self) -> _Else:
        peeked = self.peek_non_space()
        if peeked.kind in (Kind.IF, Kind.WITH):
            return _Else(peeked.pos, peeked.line)
        token = self.expect(Kind.RIGHT_DELIM, "else")
        return _Else(token.pos, token.line)

    def _control(self, context: str) -> Node:
        mark = len(self.tree.variables)
        try:
            pipe = self._pipeline(context, Kind.RIGHT_DELIM)
            if context == "range":
                self.tree.range_depth += 1
            body, end = self._item_list()
            if context == "range":
                self.tree.range_depth -= 1
            else_list = self._else_list(context, end)
        finally:
            del self.tree.variables[mark:]
        if context == "if":
            return IfNode(pipe.pos, pipe.line, pipe, body, else_list)
        if context == "range":
            return RangeNode(pipe.pos, pipe.line, pipe, body, else_list)
        return WithNode(pipe.pos, pipe.line, pipe, body, else_list)

    def _else_list(self, context: str, end: _End | _Else) -> ListNode | None:
        if isinstance(end, _End):
            return None
        chained = {"if": Kind.IF, "with": Kind.WITH}.get(context)
        if chained is not None and self.peek().kind == chained:
            self.next()
            return ListNode(end.pos, (self._control(context),))
        else_list, final = self._item_list()
        if not isinstance(final, _End):
            raise self.fail(f"expected end; found {final}")
        return else_list

    def _template_name(self, token: Token, context: str) -> str:
        if token.kind not in (Kind.STRING, Kind.RAW_STRING):
            raise self.unexpected(token, context)
        return self._unquote(token.value)

    def _block(self) -> Node:
        context = "block clause"
        token = self.next_non_space()
        name = self._template_name(token, context)
        pipe = self._pipeline(context, Kind.RIGHT_DELIM)
        outer = self._in_new_tree(name)
        body, end = self._item_list()
        inner = self.tree
        self.tree = outer
        if not isinstance(end, _End):
            raise self.fail(f"unexpected {end} in {context}")
        self.tree = inner
        self._add(name, body)
        self.tree = outer
        return TemplateNode(token.pos, token.line, name, pipe)

    def _template(self) -> Node:
        context = "template clause"
        token = self.next_non_space()
        name = self._template_name(token, context)
        pipe = None
        if self.next_non_space().kind != Kind.RIGHT_DELIM:
            self.index -= 1
            pipe = self._pipeline(context, Kind.RIGHT_DELIM)
        return TemplateNode(token.pos, token.line, name, pipe)

def is_empty_tree(node: Node) -> bool:
    """Go's ``parse.IsEmptyTree``: only whitespace text and comments."""
    if isinstance(node, ListNode):
        for child in node.nodes:
            if not is_empty_tree(child):
                return False
        return True
    if isinstance(node, TextNode):
        return not node.text.strip(_GO_SPACE)
    return isinstance(node, CommentNode)


def parse_definitions(text: str, functions: frozenset[str] = frozenset()) -> dict[str, ListNode]:
    """Every template the text defines, by name; the text itself is named ``""``.

    ``functions`` names the functions the program adds to Go's builtins.
    """
    try:
        return Parser(text, functions).parse()
    except ParseFailure as failure:
        raise TemplateError(str(failure), "parse") from None
    except RecursionError:
        # Go has no nesting limit for control structures; Python's stack does.
        message = "template: : vocheck limit: control structures nested too deeply to parse"
        raise TemplateError(message, "parse", "depth") from None
